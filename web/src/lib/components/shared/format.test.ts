import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatDuration } from './format.ts';

describe('formatDuration', () => {
	it.each([
		[0, '1 second'],
		[1, '1 second'],
		[1.2, '2 seconds'],
		[45, '45 seconds'],
		[60, '1 minute'],
		[61, '2 minutes'],
		[840, '14 minutes'],
		[3600, '1 hour'],
		[3601, '2 hours']
	])('%d seconds read as %s', (seconds, expected) => {
		expect(formatDuration(seconds)).toBe(expected);
	});
});

describe('formatDateTime', () => {
	it('formats in the given locale and time zone', () => {
		expect(formatDateTime('2026-11-21T10:31:00.000Z', { locale: 'en-GB', timeZone: 'UTC' })).toBe('21 Nov 2026, 10:31');
		expect(formatDateTime('2026-11-21T10:31:00.000Z', { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe('21 Nov 2026, 19:31');
	});

	it('returns what it cannot parse unchanged', () => {
		expect(formatDateTime('not a date')).toBe('not a date');
	});
});

describe('formatBytes', () => {
	it.each([
		[0, '0 B'],
		[512, '512 B'],
		[1536, '1.5 KB'],
		[4.4 * 1024 * 1024, '4.4 MB'],
		[25 * 1024 ** 3, '25 GB']
	])('%d bytes read as %s', (bytes, expected) => {
		expect(formatBytes(bytes)).toBe(expected);
	});
});
