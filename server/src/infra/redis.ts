import { Redis } from 'ioredis';
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
   * Messages of a channel as an async iterable; `until` ends it after yielding the message that
   * satisfies it. Messages arriving before the consumer pulls are queued, never dropped.
   */
  async iterate<T>(channel: string, parse: (raw: string) => T, until: (value: T) => boolean = () => false): Promise<{ iterator: AsyncGenerator<T>; push: (v: T) => void }> {
    const queue: T[] = [];
    let notify: (() => void) | null = null;
    let done = false;
    const push = (value: T) => {
      queue.push(value);
      notify?.();
    };
    const unsubscribe = await this.subscribe(channel, (raw) => {
      try {
        push(parse(raw));
      } catch {
        // A malformed message on a shared channel is ignored rather than ending the stream.
      }
    });
    async function* iterator(): AsyncGenerator<T> {
      try {
        while (!done) {
          while (queue.length) {
            const value = queue.shift()!;
            yield value;
            if (until(value)) {
              done = true;
              return;
            }
          }
          await new Promise<void>((resolve) => (notify = resolve));
          notify = null;
        }
      } finally {
        done = true;
        await unsubscribe();
      }
    }
    return { iterator: iterator(), push };
  }
}
