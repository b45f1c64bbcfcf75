import type { Redis } from 'ioredis';
import { PROVIDER_NAMES, type ProviderName } from './provider.types.js';

export const BREAKER_STATES = ['CLOSED', 'OPEN', 'HALF_OPEN', 'ISOLATED'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/** Counters kept per provider; shared by every process through Redis. */
export const COUNTERS = ['requests', 'cacheHits', 'staleHits', 'cacheMisses', 'errors', 'throttled', 'timeouts', 'retries', 'rejected'] as const;
export type Counter = (typeof COUNTERS)[number];

export interface ProviderCounters extends Record<Counter, number> {
  breaker: BreakerState;
  breakerChangedAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

/**
 * Each provider's counters and breaker state in one Redis hash, so the API (GraphQL, /metrics)
 * sees what every worker did. Writes are fire-and-forget: statistics never fail a request.
 */
export class ProviderStats {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  key(name: ProviderName): string {
    return `${this.prefix}providers:stats:${name}`;
  }

  count(name: ProviderName, counter: Counter, by = 1): void {
    this.redis.hincrby(this.key(name), counter, by).catch(() => undefined);
  }

  error(name: ProviderName, message: string): void {
    this.redis
      .multi()
      .hincrby(this.key(name), 'errors', 1)
      .hset(this.key(name), 'lastError', message.slice(0, 500), 'lastErrorAt', new Date().toISOString())
      .exec()
      .catch(() => undefined);
  }

  breaker(name: ProviderName, state: BreakerState): void {
    this.redis.hset(this.key(name), 'breaker', state, 'breakerChangedAt', new Date().toISOString()).catch(() => undefined);
  }

  async read(name: ProviderName): Promise<ProviderCounters> {
    return parse(await this.redis.hgetall(this.key(name)));
  }

  async readAll(): Promise<Record<ProviderName, ProviderCounters>> {
    const pipe = this.redis.pipeline();
    for (const name of PROVIDER_NAMES) pipe.hgetall(this.key(name));
    const rows = (await pipe.exec()) ?? [];
    return Object.fromEntries(PROVIDER_NAMES.map((name, i) => [name, parse((rows[i]?.[1] as Record<string, string> | undefined) ?? {})])) as Record<ProviderName, ProviderCounters>;
  }

  /** Forgets the counters (tests and benchmarks start from zero). */
  async reset(): Promise<void> {
    await this.redis.del(...PROVIDER_NAMES.map((n) => this.key(n)));
  }
}

function parse(raw: Record<string, string>): ProviderCounters {
  const counters = Object.fromEntries(COUNTERS.map((c) => [c, Number(raw[c] ?? 0)])) as Record<Counter, number>;
  const breaker = (BREAKER_STATES as readonly string[]).includes(raw.breaker ?? '') ? (raw.breaker as BreakerState) : 'CLOSED';
  return { ...counters, breaker, breakerChangedAt: raw.breakerChangedAt ?? null, lastError: raw.lastError ?? null, lastErrorAt: raw.lastErrorAt ?? null };
}

/** Share of lookups answered from the cache (fresh or stale); null before the first lookup. */
export function cacheHitRate(c: Pick<ProviderCounters, 'cacheHits' | 'staleHits' | 'cacheMisses'>): number | null {
  const total = c.cacheHits + c.staleHits + c.cacheMisses;
  return total === 0 ? null : (c.cacheHits + c.staleHits) / total;
}
