import type { Redis } from 'ioredis';
import type { RedisPubSub } from '../infra/redis.js';
import { ACCESS_TOKEN_SECONDS } from './access-tokens.js';

const revokedKey = (prefix: string, sessionId: string) => `${prefix}auth:revoked:${sessionId}`;
const revocationChannel = (prefix: string) => `${prefix}auth:revocations`;

/** Records and announces revoked sessions (also used by the CLI, which runs no API). */
export async function announceRevocations(redis: Redis, prefix: string, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  const batch = redis.pipeline();
  for (const id of sessionIds) batch.set(revokedKey(prefix, id), '1', 'EX', ACCESS_TOKEN_SECONDS).publish(revocationChannel(prefix), id);
  await batch.exec();
}

/**
 * Sessions revoked while their access tokens may still be valid. Access tokens are checked without
 * a database, so every API process keeps this list in memory: a revocation is written to Redis
 * (expiring when the last access token of the session would) and announced; processes started
 * later load what is there.
 */
export class Revocations {
  private readonly revoked = new Map<string, number>();
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly pubsub: RedisPubSub,
    private readonly prefix: string,
  ) {}

  private get channel() {
    return revocationChannel(this.prefix);
  }

  private key(sessionId: string) {
    return revokedKey(this.prefix, sessionId);
  }

  async start(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe(this.channel, (sessionId) => this.remember(sessionId));
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', this.key('*'), 'COUNT', 1000);
      cursor = next;
      for (const k of found) this.remember(k.slice(this.key('').length));
    } while (cursor !== '0');
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
  }

  private remember(sessionId: string): void {
    this.revoked.set(sessionId, Date.now() + ACCESS_TOKEN_SECONDS * 1000);
  }

  async revoke(sessionIds: readonly string[]): Promise<void> {
    for (const id of sessionIds) this.remember(id);
    await announceRevocations(this.redis, this.prefix, sessionIds);
  }

  isRevoked(sessionId: string): boolean {
    const until = this.revoked.get(sessionId);
    if (until === undefined) return false;
    if (until < Date.now()) {
      this.revoked.delete(sessionId);
      return false;
    }
    return true;
  }
}
