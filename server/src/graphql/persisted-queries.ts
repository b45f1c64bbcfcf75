import type { Redis } from 'ioredis';

/** Documents longer than this are answered but not stored (no one can fill Redis with them). */
const MAX_STORED_QUERY = 16 * 1024;

/**
 * Apollo's automatic persisted queries, stored in Redis so every API process knows a hash one of
 * them learnt (the KeyValueCache shape Apollo expects).
 */
export class RedisPersistedQueries {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(hash: string): string {
    return `${this.prefix}apq:${hash}`;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.key(key))) ?? undefined;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    if (value.length > MAX_STORED_QUERY) return;
    const ttl = options?.ttl ?? 24 * 3600;
    await this.redis.set(this.key(key), value, 'EX', Math.max(1, Math.round(ttl)));
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.key(key))) > 0;
  }
}
