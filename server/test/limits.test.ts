import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { afterAll, describe, expect, it } from 'vitest';
import { LeasedLimiter } from '../src/auth/limits.js';
import { TEST_REDIS_URL } from './harness/constants.js';
import { deleteKeys } from './harness/services.js';

const redis = new Redis(TEST_REDIS_URL);
const prefix = `mqtest-limits:${randomBytes(4).toString('hex')}:`;
afterAll(async () => {
  redis.disconnect();
  await deleteKeys(TEST_REDIS_URL, prefix);
});

const limiter = (points: number) => new RateLimiterRedis({ storeClient: redis, useRedisPackage: false, keyPrefix: `${prefix}${points}`, points, duration: 60 });

describe('LeasedLimiter', () => {
  it('takes points from Redis in leases and hands them out locally', async () => {
    const shared = limiter(500);
    const leased = new LeasedLimiter(shared);
    for (let i = 0; i < 15; i++) await leased.consume('client');
    // Two leases of 10 (500 / 50) were taken for 15 requests.
    expect((await shared.get('client'))!.consumedPoints).toBe(20);
  });

  it('refills once for requests arriving together', async () => {
    const shared = limiter(501);
    const leased = new LeasedLimiter(shared);
    await Promise.all(Array.from({ length: 50 }, () => leased.consume('burst')));
    // Five leases of 10, not one per waiting request.
    expect((await shared.get('burst'))!.consumedPoints).toBe(50);
  });

  it('holds the limit across processes: what several lessees grant never exceeds it', async () => {
    const shared = limiter(100);
    const processes = [new LeasedLimiter(shared), new LeasedLimiter(limiter(100)), new LeasedLimiter(limiter(100))];
    let granted = 0;
    let refused: unknown;
    for (let i = 0; i < 150 && !refused; i++) {
      try {
        await processes[i % processes.length]!.consume('busy');
        granted += 1;
      } catch (err) {
        refused = err;
      }
    }
    expect(refused).toBeInstanceOf(RateLimiterRes);
    expect(granted).toBeLessThanOrEqual(100);
    expect(granted).toBeGreaterThan(90);
  });
});
