import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fieldProblem, isUnauthenticated, toProblems } from './problems.ts';

describe('toProblems', () => {
	it('is empty without an error', () => {
		expect(toProblems(undefined)).toEqual([]);
	});

	it('keeps each GraphQL error with its extensions.code', () => {
		const error = new CombinedError({
			graphQLErrors: [
				new GraphQLError('path must be absolute', { extensions: { code: 'BAD_USER_INPUT' } }),
				new GraphQLError('no code here')
			]
		});
		expect(toProblems(error)).toEqual([
			{ message: 'path must be absolute', code: 'BAD_USER_INPUT' },
			{ message: 'no code here' }
		]);
	});

	it('reports a network failure as NETWORK_ERROR', () => {
		const error = new CombinedError({ networkError: new TypeError('fetch failed') });
		expect(toProblems(error)).toEqual([{ message: 'fetch failed', code: 'NETWORK_ERROR' }]);
	});

	it('keeps the blamed field and the retry delay', () => {
		const error = new CombinedError({
			graphQLErrors: [
				new GraphQLError('password must be at least 8 characters', {
					extensions: { code: 'BAD_USER_INPUT', field: 'password' }
				}),
				new GraphQLError('Too many failed logins for this account; try again in 840 s', {
					extensions: { code: 'RATE_LIMITED', retryAfter: 840 }
				})
			]
		});
		expect(toProblems(error)).toEqual([
			{ message: 'password must be at least 8 characters', code: 'BAD_USER_INPUT', field: 'password' },
			{ message: 'Too many failed logins for this account; try again in 840 s', code: 'RATE_LIMITED', retryAfter: 840 }
		]);
	});

	it('ignores extensions of the wrong type', () => {
		const error = new CombinedError({
			graphQLErrors: [new GraphQLError('odd', { extensions: { code: 1, field: ['x'], retryAfter: '5' } })]
		});
		expect(toProblems(error)).toEqual([{ message: 'odd' }]);
	});
});

describe('fieldProblem', () => {
	it('finds the message about a field', () => {
		const problems = [{ message: 'general' }, { message: 'name must not be empty', field: 'name' }];
		expect(fieldProblem(problems, 'name')).toBe('name must not be empty');
		expect(fieldProblem(problems, 'scopes')).toBeNull();
	});
});

describe('isUnauthenticated', () => {
	it('is true when any error has extensions.code UNAUTHENTICATED', () => {
		const error = new CombinedError({
			graphQLErrors: [new GraphQLError('Sign in', { extensions: { code: 'UNAUTHENTICATED' } })]
		});
		expect(isUnauthenticated(error)).toBe(true);
		expect(isUnauthenticated(new CombinedError({ networkError: new Error('down') }))).toBe(false);
		expect(isUnauthenticated(undefined)).toBe(false);
	});
});
