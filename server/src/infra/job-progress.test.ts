import { describe, expect, it } from 'vitest';
import { throttle } from './job-progress.js';

describe('throttle', () => {
  it('lets one update through per interval and forced ones always', () => {
    let now = 0;
    const gate = throttle(100, () => now);
    expect(gate()).toBe(true);
    now = 50;
    expect(gate()).toBe(false);
    expect(gate(true)).toBe(true);
    now = 120;
    expect(gate()).toBe(false);
    now = 151;
    expect(gate()).toBe(true);
  });
});
