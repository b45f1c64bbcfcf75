import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AuthError } from './auth.errors.js';

export interface RateLimitConfig {
  /** Requests per minute for one principal (user, key, service), and for one address. */
  requestsPerMinute: number;
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

export function rateLimited(res: RateLimiterRes, what: string): AuthError {
  const seconds = retryAfter(res);
  return new AuthError('RATE_LIMITED', `${what}; try again in ${seconds} s`, { retryAfter: seconds });
}

/**
 * Counters kept in Redis (rate-limiter-flexible), so every API process shares them.
 * - Login failures: after 10 for one account within 15 minutes, or 30 from one address within an
 *   hour, logins are refused until that window ends. A success clears the account's count.
 * - Requests, per minute: per principal (user, API key, service) and per address. Counted in
 *   Redis in small leases (see LeasedLimiter), so a busy client costs a Redis round trip per
 *   lease, not per request.
 */
export class Limits {
  private readonly loginAccount: RateLimiterRedis;
  private readonly loginAddress: RateLimiterRedis;
  private readonly requestsByPrincipal: LeasedLimiter;
  private readonly requestsByAddress: LeasedLimiter;

  constructor(redis: Redis, prefix: string, config: RateLimitConfig) {
    const base = { storeClient: redis, useRedisPackage: false };
    this.loginAccount = new RateLimiterRedis({ ...base, keyPrefix: `${prefix}rl:login-account`, points: 10, duration: 15 * 60 });
    this.loginAddress = new RateLimiterRedis({ ...base, keyPrefix: `${prefix}rl:login-address`, points: 30, duration: 60 * 60 });
    this.requestsByPrincipal = new LeasedLimiter(new RateLimiterRedis({ ...base, keyPrefix: `${prefix}rl:principal`, points: config.requestsPerMinute, duration: 60 }));
    this.requestsByAddress = new LeasedLimiter(new RateLimiterRedis({ ...base, keyPrefix: `${prefix}rl:address`, points: config.requestsPerMinute, duration: 60 }));
  }

  /** Refuses a login attempt while the account or the address is locked. */
  async checkLogin(account: string, address: string): Promise<void> {
    const [byAccount, byAddress] = await Promise.all([this.loginAccount.get(account), this.loginAddress.get(address)]);
    for (const [res, limit, what] of [
      [byAccount, 10, 'Too many failed logins for this account'],
      [byAddress, 30, 'Too many failed logins from this address'],
    ] as const) {
      if (res && res.consumedPoints >= limit) throw rateLimited(res, what);
    }
  }

  async loginFailed(account: string, address: string): Promise<void> {
    // Past the limit consume() rejects; the count (and so the lock) holds until its window ends.
    await Promise.all([this.loginAccount.consume(account).catch(() => undefined), this.loginAddress.consume(address).catch(() => undefined)]);
  }

  async loginSucceeded(account: string): Promise<void> {
    await this.loginAccount.delete(account);
  }

  /**
   * Counts one request for its principal (if any) and its address; RATE_LIMITED past either limit.
   * Synchronous while both have a lease in hand (the common case), a promise when one is refilled.
   */
  request(principalKey: string | null, address: string): void | Promise<void> {
    const byPrincipal = principalKey ? this.requestsByPrincipal.consume(principalKey) : undefined;
    const byAddress = this.requestsByAddress.consume(address);
    if (!byPrincipal && !byAddress) return;
    return Promise.all([byPrincipal, byAddress]).then(
      () => undefined,
      (err: unknown) => {
        throw err instanceof RateLimiterRes ? rateLimited(err, 'Too many requests') : err;
      },
    );
  }
}

/**
 * A Redis rate limiter taken in leases: a process takes up to 1/50 of the limit (at most 1,000
 * points) from Redis at once and hands it out locally until it is spent or the window ends. The
 * count stays shared by every process; a client can exceed the limit by at most the unspent leases
 * of the processes serving it. Near the limit a lease shrinks to what is left, down to one point.
 */
export class LeasedLimiter {
  private readonly leases = new Map<string, { left: number; until: number }>();
  /** One refill at a time per key: concurrent requests wait for it instead of each taking a lease. */
  private readonly refills = new Map<string, Promise<void>>();
  private readonly size: number;

  constructor(private readonly limiter: RateLimiterRedis) {
    this.size = Math.max(1, Math.min(1_000, Math.floor(limiter.points / 50)));
  }

  /**
   * Takes a point: at once (no promise) from a lease in hand, else after a refill; the promise
   * rejects with RateLimiterRes past the limit.
   */
  consume(key: string): void | Promise<void> {
    const lease = this.leases.get(key);
    if (lease && lease.left > 0 && lease.until > Date.now()) {
      lease.left -= 1;
      return;
    }
    return this.consumeAfterRefill(key);
  }

  private async consumeAfterRefill(key: string): Promise<void> {
    for (;;) {
      let refill = this.refills.get(key);
      if (!refill) {
        refill = this.refill(key).finally(() => this.refills.delete(key));
        this.refills.set(key, refill);
      }
      await refill;
      const lease = this.leases.get(key);
      if (lease && lease.left > 0 && lease.until > Date.now()) {
        lease.left -= 1;
        return;
      }
    }
  }

  /** Takes a lease from Redis (its first point is used by the request that waited for it). */
  private async refill(key: string): Promise<void> {
    let take = this.size;
    if (take > 1) {
      const current = await this.limiter.get(key);
      const remaining = current ? this.limiter.points - current.consumedPoints : this.limiter.points;
      take = Math.max(1, Math.min(take, remaining));
    }
    const res = await this.limiter.consume(key, take);
    if (this.leases.size > 10_000) this.leases.clear();
    this.leases.set(key, { left: take, until: Date.now() + res.msBeforeNext });
  }
}
