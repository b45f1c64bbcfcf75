import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, DelegateBackoff, circuitBreaker, handleWhen, retry, wrap, type IPolicy } from 'cockatiel';
import type { Redis } from 'ioredis';
import { RateLimiterQueue, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Logger } from '../../infra/logger.js';
import type { ProvidersConfig } from './provider-config.js';
import type { BreakerState, ProviderStats } from './provider-stats.js';
import type { ProviderName } from './provider.types.js';
import { retryAfterMs } from './retry-after.js';

export type ProviderErrorKind = 'HTTP' | 'AUTH' | 'TIMEOUT' | 'NETWORK' | 'RATE_LIMITED' | 'BREAKER_OPEN' | 'OFFLINE' | 'NOT_CONFIGURED' | 'BAD_RESPONSE';

/** A provider call that did not produce an answer; messages never contain keys or tokens. */
export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status: number | null = null,
    /** What the provider's Retry-After asked for. */
    readonly retryAfterMs: number | null = null,
    readonly transient = false,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderError';
  }
}

const isTransient = (err: unknown) => err instanceof ProviderError && err.transient;

export interface ProviderRequest {
  /** Path below the provider's base URL, starting with '/'. */
  path: string;
  query?: Record<string, string | number | null | undefined>;
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Credentials: sent, but never part of the cache key, logs or errors. */
  headers?: Record<string, string>;
  /** false: never cached (logins). */
  cache?: boolean;
  /** Ignore a fresh cache entry (a user asked for a refresh). */
  refresh?: boolean;
}

export interface ProviderResponse<T> {
  status: number;
  /** null for 404. */
  body: T | null;
  /** Where the answer came from. */
  source: 'network' | 'cache' | 'stale';
}

interface CacheEntry {
  s: number;
  b: unknown;
  /** Fetched at (ms). */
  t: number;
}

const BREAKER_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'CLOSED',
  [CircuitState.Open]: 'OPEN',
  [CircuitState.HalfOpen]: 'HALF_OPEN',
  [CircuitState.Isolated]: 'ISOLATED',
};

/**
 * The one way out to a metadata provider. In order: the Redis response cache (fresh entries
 * answer at once; stale ones within the stale window answer at once and are refreshed in the
 * background, once across all workers); offline mode (cache only); the provider's pause after a
 * 429 (a Retry-After seen by any worker holds every worker); the provider's rate limit, shared by
 * every worker through Redis; the circuit breaker; the request with its timeout. Timeouts, network
 * errors, 5xx and 429 are retried with exponential backoff, or after exactly what Retry-After asks.
 */
export class ProviderProxy {
  private readonly policy: IPolicy;
  private readonly breakerPolicy;
  private readonly queue: RateLimiterQueue | null;
  private readonly limiter: RateLimiterRedis | null;
  readonly baseUrl: string;

  constructor(
    readonly name: ProviderName,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly config: ProvidersConfig,
    private readonly stats: ProviderStats,
    private readonly logger: Logger,
  ) {
    const settings = config.settings[name];
    this.baseUrl = settings.baseUrl;
    const rate = settings.ratePerSecond;
    if (rate) {
      const points = rate >= 1 ? Math.round(rate) : 1;
      const duration = rate >= 1 ? 1 : Math.ceil(1 / rate);
      this.limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}providers:rate`, points, duration });
      this.queue = new RateLimiterQueue(this.limiter, { maxQueueSize: 100_000 });
    } else {
      this.limiter = null;
      this.queue = null;
    }
    this.breakerPolicy = circuitBreaker(handleWhen(isTransient), { halfOpenAfter: config.breakerResetMs, breaker: new ConsecutiveBreaker(config.breakerThreshold) });
    this.breakerPolicy.onStateChange((state) => {
      this.stats.breaker(name, BREAKER_NAMES[state]);
      this.logger.warn({ provider: name, breaker: BREAKER_NAMES[state] }, 'provider circuit breaker changed state');
    });
    const retryPolicy = retry(handleWhen(isTransient), {
      maxAttempts: config.retries,
      backoff: new DelegateBackoff((ctx) => {
        const err = 'error' in ctx.result ? ctx.result.error : null;
        if (err instanceof ProviderError && err.retryAfterMs !== null) return err.retryAfterMs;
        return Math.min(30_000, 200 * 2 ** (ctx.attempt - 1)) * (0.75 + Math.random() * 0.5);
      }),
    });
    retryPolicy.onRetry(() => this.stats.count(name, 'retries'));
    this.policy = wrap(retryPolicy, this.breakerPolicy);
  }

  get breakerState(): BreakerState {
    return BREAKER_NAMES[this.breakerPolicy.state];
  }

  /** Requests left in the current rate-limit window (null: no limit). */
  async budget(): Promise<{ limitPerSecond: number | null; remaining: number | null }> {
    const limitPerSecond = this.config.settings[this.name].ratePerSecond;
    if (!this.limiter) return { limitPerSecond, remaining: null };
    const res = await this.limiter.get(this.name);
    return { limitPerSecond, remaining: res ? Math.max(0, res.remainingPoints) : this.limiter.points };
  }

  private cacheKey(req: ProviderRequest, url: string): string {
    const hash = createHash('sha1').update(`${req.method ?? 'GET'} ${url} ${req.body === undefined ? '' : JSON.stringify(req.body)}`).digest('hex');
    return `${this.prefix}providers:cache:${this.name}:${hash}`;
  }

  private url(req: ProviderRequest): string {
    const url = new URL(this.baseUrl + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== null && v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  async request<T>(req: ProviderRequest): Promise<ProviderResponse<T>> {
    const url = this.url(req);
    const cached = req.cache !== false;
    const key = this.cacheKey(req, url);
    const ttlMs = this.config.cacheTtlSeconds * 1000;
    const staleMs = this.config.cacheStaleSeconds * 1000;
    if (cached) {
      const raw = await this.redis.get(key);
      const entry = raw ? (JSON.parse(raw) as CacheEntry) : null;
      if (entry) {
        const age = Date.now() - entry.t;
        if (this.config.offline || (!req.refresh && age < ttlMs)) {
          this.stats.count(this.name, 'cacheHits');
          return { status: entry.s, body: entry.b as T | null, source: 'cache' };
        }
        if (!req.refresh && age < ttlMs + staleMs) {
          this.stats.count(this.name, 'staleHits');
          void this.revalidate(req, url, key);
          return { status: entry.s, body: entry.b as T | null, source: 'stale' };
        }
      }
      this.stats.count(this.name, 'cacheMisses');
    }
    if (this.config.offline) {
      this.stats.error(this.name, 'offline mode and nothing cached');
      throw new ProviderError(this.name, 'OFFLINE', 'offline mode and no cached answer');
    }
    const res = await this.fetchWithPolicies<T>(req, url);
    if (cached) await this.store(key, res);
    return res;
  }

  private async revalidate(req: ProviderRequest, url: string, key: string): Promise<void> {
    const lock = await this.redis.set(`${key}:refreshing`, '1', 'PX', Math.max(this.config.timeoutMs * (this.config.retries + 1), 5_000), 'NX');
    if (!lock) return;
    try {
      await this.store(key, await this.fetchWithPolicies(req, url));
    } catch (err) {
      this.logger.debug({ provider: this.name, err: { message: (err as Error).message } }, 'background refresh of a stale provider answer failed');
    } finally {
      await this.redis.del(`${key}:refreshing`).catch(() => undefined);
    }
  }

  private async store(key: string, res: ProviderResponse<unknown>): Promise<void> {
    const entry: CacheEntry = { s: res.status, b: res.body, t: Date.now() };
    const keepSeconds = this.config.cacheTtlSeconds + this.config.cacheStaleSeconds;
    if (keepSeconds > 0) await this.redis.set(key, JSON.stringify(entry), 'EX', keepSeconds);
  }

  private async fetchWithPolicies<T>(req: ProviderRequest, url: string): Promise<ProviderResponse<T>> {
    try {
      return await this.policy.execute(() => this.attempt<T>(req, url));
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        this.stats.count(this.name, 'rejected');
        this.stats.error(this.name, 'circuit breaker open');
        throw new ProviderError(this.name, 'BREAKER_OPEN', 'circuit breaker is open after repeated failures; calls resume after a pause');
      }
      if (err instanceof ProviderError) this.stats.error(this.name, err.message);
      throw err;
    }
  }

  private pauseKey(): string {
    return `${this.prefix}providers:pause:${this.name}`;
  }

  private async attempt<T>(req: ProviderRequest, url: string): Promise<ProviderResponse<T>> {
    const pause = await this.redis.pttl(this.pauseKey());
    if (pause > 0) await sleep(pause);
    if (this.queue) await this.queue.removeTokens(1, this.name);
    this.stats.count(this.name, 'requests');
    const path = new URL(url).pathname;
    let res: Response;
    try {
      res = await fetch(url, {
        method: req.method ?? 'GET',
        headers: { accept: 'application/json', 'user-agent': 'Marquee/0.1 (self-hosted media catalog)', ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}), ...req.headers },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      if (timedOut) this.stats.count(this.name, 'timeouts');
      throw new ProviderError(this.name, timedOut ? 'TIMEOUT' : 'NETWORK', timedOut ? `${path} timed out after ${this.config.timeoutMs} ms` : `${path} could not be reached`, null, null, true);
    }
    if (res.status === 429) {
      this.stats.count(this.name, 'throttled');
      const wait = retryAfterMs(res.headers.get('retry-after'));
      await res.body?.cancel();
      const honoured = wait !== null && wait <= this.config.maxRetryAfterSeconds * 1000;
      // Every worker holds off until the provider's own deadline.
      if (honoured && wait > 0) await this.redis.set(this.pauseKey(), '1', 'PX', wait);
      throw new ProviderError(this.name, 'RATE_LIMITED', `${path} answered 429${wait !== null ? ` (Retry-After ${Math.ceil(wait / 1000)} s)` : ''}`, 429, honoured ? wait : null, wait === null || honoured);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return { status: 404, body: null, source: 'network' };
    }
    if (res.status >= 500) {
      await res.body?.cancel();
      throw new ProviderError(this.name, 'HTTP', `${path} answered ${res.status}`, res.status, null, true);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new ProviderError(this.name, 'AUTH', `${path} refused the credentials (${res.status}); check the API key`, res.status);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ProviderError(this.name, 'HTTP', `${path} answered ${res.status}`, res.status);
    }
    try {
      return { status: res.status, body: (await res.json()) as T, source: 'network' };
    } catch {
      throw new ProviderError(this.name, 'BAD_RESPONSE', `${path} answered something that is not JSON`, res.status, null, true);
    }
  }
}
