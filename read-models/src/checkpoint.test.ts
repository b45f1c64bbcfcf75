import { describe, expect, it } from 'vitest';
import { compareCheckpoints, formatCheckpoint, parseCheckpoint, ZERO_CHECKPOINT } from './checkpoint.js';

describe('checkpoints', () => {
  it('round-trips', () => {
    expect(parseCheckpoint(formatCheckpoint({ txId: '900', id: '12' }))).toEqual({ txId: '900', id: '12' });
    expect(parseCheckpoint(null)).toEqual(ZERO_CHECKPOINT);
  });

  it('orders by transaction, then id, numerically', () => {
    expect(compareCheckpoints({ txId: '10', id: '1' }, { txId: '9', id: '50' })).toBe(1);
    expect(compareCheckpoints({ txId: '10', id: '2' }, { txId: '10', id: '10' })).toBe(-1);
    expect(compareCheckpoints({ txId: '10', id: '2' }, { txId: '10', id: '2' })).toBe(0);
  });

  it('rejects a malformed checkpoint', () => {
    expect(() => parseCheckpoint('abc')).toThrow(/Malformed/);
  });
});
