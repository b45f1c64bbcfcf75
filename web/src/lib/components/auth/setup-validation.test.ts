import { describe, expect, it } from 'vitest';
import { validateSetup } from './setup-validation.ts';

describe('validateSetup', () => {
	it('accepts a username and a long enough, confirmed password', () => {
		expect(validateSetup({ username: 'admin', password: '12345678', confirmation: '12345678' })).toEqual({});
	});

	it('asks for a username', () => {
		expect(validateSetup({ username: '  ', password: '12345678', confirmation: '12345678' })).toEqual({
			username: 'Enter a username.'
		});
	});

	it('asks for 8 characters before comparing the confirmation', () => {
		expect(validateSetup({ username: 'admin', password: 'short', confirmation: 'other' })).toEqual({
			password: 'Use at least 8 characters.'
		});
	});

	it('asks for a matching confirmation', () => {
		expect(validateSetup({ username: 'admin', password: '12345678', confirmation: '12345679' })).toEqual({
			confirmation: 'The passwords do not match.'
		});
	});
});
