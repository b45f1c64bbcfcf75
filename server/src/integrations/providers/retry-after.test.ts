import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './retry-after.js';

describe('Retry-After', () => {
  it.each([
    ['3', 3000],
    [' 0 ', 0],
    ['120', 120_000],
  ])('reads delta-seconds %j', (header, ms) => expect(retryAfterMs(header)).toBe(ms));

  it('reads an HTTP date relative to now, never negative', () => {
    const now = Date.parse('Sat, 21 Nov 2026 10:00:00 GMT');
    expect(retryAfterMs('Sat, 21 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Sat, 21 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });

  it.each([null, undefined, '', 'soon', '-1', '1.5'])('ignores %j', (header) => expect(retryAfterMs(header)).toBeNull());
});
