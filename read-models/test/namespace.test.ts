import { describe, expect, it } from 'vitest';
import { useRedisSpace } from './redis-space.js';
import { namespaceCheckpoints, namespacePartitions, PartitionCountError } from '../src/namespace.js';
import { keys } from '../src/keys.js';

const space = useRedisSpace('ns');
const { ks } = space;

describe('namespace partitions', () => {
  it('fixes the count when the namespace is first written and refuses another one', async () => {
    expect(await namespacePartitions(space.redis, ks, 'v1', 3)).toBe(3);
    expect(await namespacePartitions(space.redis, ks, 'v1')).toBe(3);
    await expect(namespacePartitions(space.redis, ks, 'v1', 4)).rejects.toThrow(PartitionCountError);
    await expect(namespacePartitions(space.redis, ks, 'v1', 4)).rejects.toThrow(/read-models rebuild/);
  });

  it('reads one checkpoint per partition, zero where none was written', async () => {
    await space.redis.set(keys.checkpoint(ks, 'v1', 1), '900:12');
    expect(await namespaceCheckpoints(space.redis, ks, 'v1')).toEqual([
      { txId: '0', id: '0' },
      { txId: '900', id: '12' },
      { txId: '0', id: '0' },
    ]);
  });
});
