import type { Redis } from 'ioredis';
import { DEFAULT_NAMESPACE, keys, type KeySpace } from './keys.js';

/** The namespace queries read from; created on first use. */
export async function activeNamespace(redis: Redis, ks: KeySpace): Promise<string> {
  const key = keys.activeNamespace(ks);
  const ns = await redis.get(key);
  if (ns) return ns;
  await redis.set(key, DEFAULT_NAMESPACE, 'NX');
  return (await redis.get(key)) ?? DEFAULT_NAMESPACE;
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
