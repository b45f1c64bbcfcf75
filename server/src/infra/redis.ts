import { Redis } from 'ioredis';
import { AsyncQueue } from './async-queue.js';
import type { Logger } from './logger.js';

export function createRedis(url: string, logger: Logger, name: string): Redis {
  const redis = new Redis(url, {
    connectionName: `marquee:${name}`,
    maxRetriesPerRequest: 3,
    enableAutoPipelining: true,
    lazyConnect: false,
  });
  redis.on('error', (err: Error) => logger.warn({ err: { message: err.message }, connection: name }, 'redis connection error'));
  return redis;
}

type Listener = (message: string) => void;

/**
 * One subscriber connection per process, multiplexed over any number of listeners. Used for job
 * progress, read-model change announcements and namespace switches, so several API processes all
 * see every message.
 */
export class RedisPubSub {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly subscriber: Redis,
    private readonly publisher: Redis,
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      for (const listener of this.listeners.get(channel) ?? []) listener(message);
    });
  }

  async subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.subscriber.subscribe(channel);
    }
    set.add(listener);
    return async () => {
      const current = this.listeners.get(channel);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(channel);
        await this.subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publisher.publish(channel, message);
  }

  /**
   * Messages of a channel as an async iterator, those `keep` accepts; `until` ends it after the
   * message that satisfies it. Messages arriving before the consumer pulls are queued, never
   * dropped; returning the iterator unsubscribes at once.
   */
  async iterate<T>(
    channel: string,
    parse: (raw: string) => T,
    until: (value: T) => boolean = () => false,
    keep: (value: T) => boolean = () => true,
  ): Promise<AsyncGenerator<T, void, void>> {
    const queue = new AsyncQueue<T>();
    const unsubscribe = await this.subscribe(channel, (raw) => {
      let value: T;
      try {
        value = parse(raw);
      } catch {
        // A malformed message on a shared channel is ignored rather than ending the stream.
        return;
      }
      if (!keep(value)) return;
      queue.push(value);
      if (until(value)) queue.end();
    });
    return queue.iterator(() => void unsubscribe());
  }
}
