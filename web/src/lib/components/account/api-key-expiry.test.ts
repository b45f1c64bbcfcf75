import { describe, expect, it } from 'vitest';
import { endOfDay } from './api-key-expiry.ts';

describe('endOfDay', () => {
	it('is the last millisecond of that day in local time', () => {
		expect(endOfDay('2026-12-31')).toBe(new Date(2026, 11, 31, 23, 59, 59, 999).toISOString());
	});

	it.each([[''], ['31/12/2026'], ['2026-02-31'], ['2026-13-01'], ['2026-12-31T10:00']])('is null for %j', (day) => {
		expect(endOfDay(day)).toBeNull();
	});
});
