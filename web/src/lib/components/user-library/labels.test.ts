import { describe, expect, it } from 'vitest';
import { episodeLabel, percent } from './labels.ts';

describe('labels', () => {
	it('names episodes and leaves movies blank', () => {
		expect(episodeLabel(1, 2)).toBe('S01E02');
		expect(episodeLabel(null, null)).toBe('');
	});
	it('rounds progress and caps it at 100', () => {
		expect(percent(450, 1800)).toBe(25);
		expect(percent(2000, 1800)).toBe(100);
	});
});
