import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namespaceCheckpoints, namespacePartitions, PartitionCountError } from '../src/namespace.js';
import { keys } from '../src/keys.js';

const ks = { prefix: `mqtest-ns:${process.pid}:${randomBytes(3).toString('hex')}:` };
let redis: Redis;
beforeAll(() => {
  redis = new Redis(process.env.MARQUEE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  const found = await redis.keys(`${ks.prefix}*`);
  if (found.length) await redis.del(...found);
  redis.disconnect();
});

describe('namespace partitions', () => {
  it('fixes the count when the namespace is first written and refuses another one', async () => {
    expect(await namespacePartitions(redis, ks, 'v1', 3)).toBe(3);
    expect(await namespacePartitions(redis, ks, 'v1')).toBe(3);
    await expect(namespacePartitions(redis, ks, 'v1', 4)).rejects.toThrow(PartitionCountError);
    await expect(namespacePartitions(redis, ks, 'v1', 4)).rejects.toThrow(/read-models rebuild/);
  });

  it('reads one checkpoint per partition, zero where none was written', async () => {
    await redis.set(keys.checkpoint(ks, 'v1', 1), '900:12');
    expect(await namespaceCheckpoints(redis, ks, 'v1')).toEqual([
      { txId: '0', id: '0' },
      { txId: '900', id: '12' },
      { txId: '0', id: '0' },
    ]);
  });
});
