import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { catchUp, type ProjectorOptions } from './projector.js';
import { keys, type KeySpace } from './keys.js';
import { activeNamespace, namespacePartitions } from './namespace.js';

export interface RebuildResult {
  previous: string;
  namespace: string;
  events: number;
}

/** How long the previous namespace stays readable after a switch, for requests still using it. */
const OLD_NAMESPACE_TTL_SECONDS = 120;

/**
 * Projects the whole outbox into a fresh namespace while queries keep reading the active one,
 * then switches atomically and lets the old namespace expire.
 */
export async function rebuild(
  opts: Pick<ProjectorOptions, 'pool' | 'redis' | 'keySpace' | 'projections' | 'batchSize' | 'partitions'>,
  onProgress?: (events: number) => void,
  /** Stops the rebuild before it switches namespaces; the half-built namespace expires. */
  signal?: AbortSignal,
): Promise<RebuildResult> {
  const { redis, keySpace } = opts;
  const previous = await activeNamespace(redis, keySpace);
  const namespace = `r${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const count = opts.partitions ?? 1;
  await namespacePartitions(redis, keySpace, namespace, count);
  let events = 0;
  const progress = {
    ...opts,
    onBatch: ({ applied }: { applied: number }) => {
      events += applied;
      onProgress?.(events);
    },
  };
  for (;;) {
    let n = 0;
    for (let index = 0; index < count; index++) n += await catchUp(progress, namespace, { index, count }, undefined, () => signal?.aborted ?? false);
    if (signal?.aborted) {
      await expireNamespace(redis, keySpace, namespace, OLD_NAMESPACE_TTL_SECONDS);
      throw signal.reason instanceof Error ? signal.reason : new Error('Rebuild stopped');
    }
    if (n === 0) break;
  }
  await redis.multi().set(keys.activeNamespace(keySpace), namespace).publish(keys.namespaceChannel(keySpace), namespace).exec();
  if (previous !== namespace) await expireNamespace(redis, keySpace, previous, OLD_NAMESPACE_TTL_SECONDS);
  return { previous, namespace, events };
}

export async function expireNamespace(redis: Redis, ks: KeySpace, ns: string, seconds: number): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', keys.namespacePattern(ks, ns), 'COUNT', 1000);
    cursor = next;
    if (batch.length) {
      const p = redis.pipeline();
      for (const key of batch) p.expire(key, seconds);
      await p.exec();
      count += batch.length;
    }
  } while (cursor !== '0');
  return count;
}

export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found;
}

