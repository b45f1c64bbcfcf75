import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { KeySpace } from '../src/keys.js';

/**
 * The real Redis with a key prefix of the calling test file's own; every key under it is removed
 * after the file's tests. `redis` is connected in beforeAll.
 */
export function useRedisSpace(name: string): { ks: KeySpace; redis: Redis } {
  const space = { ks: { prefix: `mqtest-${name}:${process.pid}:${randomBytes(3).toString('hex')}:` }, redis: undefined as unknown as Redis };
  beforeAll(() => {
    space.redis = new Redis(process.env.MARQUEE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    const found = await space.redis.keys(`${space.ks.prefix}*`);
    if (found.length) await space.redis.del(...found);
    space.redis.disconnect();
  });
  return space;
}
