import type { Redis } from 'ioredis';
import type { DeadLetter } from './apply-batch.js';
import { parseCheckpoint, type Checkpoint } from './checkpoint.js';
import { DEFAULT_NAMESPACE, keys, type KeySpace } from './keys.js';

/** The namespace queries read from; created on first use. */
export async function activeNamespace(redis: Redis, ks: KeySpace): Promise<string> {
  const key = keys.activeNamespace(ks);
  const ns = await redis.get(key);
  if (ns) return ns;
  await redis.set(key, DEFAULT_NAMESPACE, 'NX');
  return (await redis.get(key)) ?? DEFAULT_NAMESPACE;
}

export class PartitionCountError extends Error {}

/**
 * The partition count a namespace is projected with, fixed when the namespace is first written.
 * Changing it needs a rebuild: an aggregate moving to a partition whose checkpoint is further
 * ahead would have events skipped.
 */
export async function namespacePartitions(redis: Redis, ks: KeySpace, ns: string, wanted?: number): Promise<number> {
  const key = keys.partitions(ks, ns);
  if (wanted !== undefined) await redis.set(key, String(wanted), 'NX');
  const stored = Number((await redis.get(key)) ?? wanted ?? 1);
  if (wanted !== undefined && stored !== wanted) {
    throw new PartitionCountError(
      `read models in namespace ${ns} use ${stored} projector partition(s), not ${wanted}: run \`marquee read-models rebuild\` to change the count`,
    );
  }
  return stored;
}

/** Checkpoints of every partition of a namespace. */
export async function namespaceCheckpoints(redis: Redis, ks: KeySpace, ns: string): Promise<Checkpoint[]> {
  const count = await namespacePartitions(redis, ks, ns);
  const raw = await redis.mget(...Array.from({ length: count }, (_, p) => keys.checkpoint(ks, ns, p)));
  return raw.map((r) => parseCheckpoint(r));
}

/**
 * Keeps the active namespace in memory for readers: refreshed by the switch announcement and,
 * as a safety net for a missed message, on an interval.
 */
export class NamespaceTracker {
  private current: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: { subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> },
    private readonly ks: KeySpace,
    private readonly refreshMs = 5_000,
  ) {}

  private unsubscribe: (() => Promise<void>) | null = null;

  async start(): Promise<void> {
    this.unsubscribe = await this.subscriber.subscribe(keys.namespaceChannel(this.ks), (ns) => {
      this.current = ns;
    });
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.refreshMs);
    this.timer.unref();
  }

  async refresh(): Promise<string> {
    this.current = await activeNamespace(this.redis, this.ks);
    return this.current;
  }

  async get(): Promise<string> {
    return this.current ?? this.refresh();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.unsubscribe?.();
  }
}

/** Events set aside because no projection could apply them, oldest first. */
export async function deadLetters(redis: Redis, ks: KeySpace, ns: string): Promise<DeadLetter[]> {
  const all = await redis.hgetall(keys.deadLetters(ks, ns));
  return Object.values(all)
    .map((json) => JSON.parse(json) as DeadLetter)
    .sort((a, b) => Number(BigInt(a.outboxId) - BigInt(b.outboxId)));
}
