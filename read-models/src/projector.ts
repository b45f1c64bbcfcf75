import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import { applyBatch, type AppliedChange, type DeadLetter } from './apply-batch.js';
import { formatCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint.js';
import { OUTBOX_CHANNEL } from './events.js';
import { keys, type KeySpace } from './keys.js';
import { activeNamespace, namespacePartitions } from './namespace.js';
import { fetchOutbox, rowsAboveHorizon, type PartitionSpec } from './outbox-source.js';
import type { AnyProjection } from './projection.js';

export interface ProjectorOptions {
  pool: pg.Pool;
  redis: Redis;
  keySpace: KeySpace;
  projections: readonly AnyProjection[];
  logger: Logger;
  batchSize?: number;
  /** Safety-net poll interval; NOTIFY normally wakes the projector at once. */
  pollMs?: number;
  /** Outbox partitions (by aggregate); each is projected by one process at a time. */
  partitions?: number;
  /** Called after each applied batch (metrics). */
  onBatch?: (info: { applied: number; lastOccurredAt: string | null }) => void;
  /** Called for each event set aside because no projection could apply it. */
  onDeadLetter?: (letter: DeadLetter) => void;
}

/** Advisory lock keys (class, partition): one active projector per partition across all processes. */
const LOCK_CLASS = 0x6d71; // "mq"

/**
 * Catches up one namespace from its checkpoint. Used by the live projector and by rebuilds.
 * Returns how many outbox rows it consumed.
 */
export async function catchUp(
  opts: Pick<ProjectorOptions, 'pool' | 'redis' | 'keySpace' | 'projections' | 'batchSize' | 'onBatch' | 'onDeadLetter'>,
  ns: string,
  partition: PartitionSpec,
  onChanges?: (changes: AppliedChange[]) => void,
  shouldStop: () => boolean = () => false,
): Promise<number> {
  const { pool, redis, keySpace, projections } = opts;
  const batchSize = opts.batchSize ?? 1_000;
  const checkpointKey = keys.checkpoint(keySpace, ns, partition.index);
  let consumed = 0;
  let raw = (await redis.get(checkpointKey)) ?? '';
  // The next page is read from Postgres while Redis applies this one. It is only used when this
  // page's write succeeded (the checkpoint it starts from is then the one just written).
  let ahead: ReturnType<typeof fetchOutbox> | null = null;
  try {
    while (!shouldStop()) {
      const from: Checkpoint = parseCheckpoint(raw);
      const rows = await (ahead ?? fetchOutbox(pool, from, batchSize, partition));
      ahead = null;
      if (rows.length === 0) break;
      const last = rows[rows.length - 1]!;
      const to: Checkpoint = { txId: last.txId, id: last.id };
      const full = rows.length >= batchSize;
      if (full) ahead = fetchOutbox(pool, to, batchSize, partition);
      const result = await applyBatch(redis, keySpace, ns, partition.index, projections, rows, raw, to);
      if (result.applied < 0) {
        // The checkpoint or a version moved under us (another writer): re-read and start over.
        ahead?.catch(() => undefined);
        ahead = null;
        raw = (await redis.get(checkpointKey)) ?? '';
        continue;
      }
      raw = formatCheckpoint(to);
      for (const d of result.deadLetters) opts.onDeadLetter?.(d);
      consumed += rows.length;
      opts.onBatch?.({ applied: rows.length, lastOccurredAt: last.occurredAt });
      if (result.changes.length) onChanges?.(result.changes);
      if (!full) break;
    }
  } finally {
    ahead?.catch(() => undefined);
  }
  return consumed;
}

export class Projector {
  private listenClient: pg.PoolClient | null = null;
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  /** Partitions this process holds the advisory lock of. */
  private readonly held = new Set<number>();
  /** This process in the heartbeat set, and its last heartbeat. */
  private readonly id = randomUUID();
  private beat = { at: 0, share: 0 };

  constructor(private readonly opts: ProjectorOptions) {}

  get partitionsHeld(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }

  private get count(): number {
    return this.opts.partitions ?? 1;
  }

  async start(): Promise<void> {
    this.running = true;
    const client = await this.opts.pool.connect();
    this.listenClient = client;
    client.on('notification', () => this.wake?.());
    client.on('error', (err) => this.opts.logger.error({ err }, 'projector connection error'));
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.loop = this.run();
  }

  /**
   * How many partitions this process should hold: an even share among the live projector
   * processes. Each beats a heartbeat into Redis (at most every third of a poll interval, not on
   * every wake-up); three missed polls and it no longer counts.
   */
  private async fairShare(): Promise<number> {
    const pollMs = this.opts.pollMs ?? 1_000;
    const now = Date.now();
    if (now - this.beat.at < pollMs / 3) return this.beat.share;
    const key = keys.projectors(this.opts.keySpace);
    const [, , [, live]] = (await this.opts.redis
      .multi()
      .zadd(key, now, this.id)
      .zremrangebyscore(key, '-inf', now - 3 * pollMs - 1_000)
      .zcard(key)
      .exec()) as [unknown, unknown, [unknown, number]];
    this.beat = { at: now, share: Math.ceil(this.count / Math.max(1, live)) };
    return this.beat.share;
  }

  /**
   * Holds an even share of the partitions: takes free ones up to the share, and lets go of the
   * ones above it (between batches, so the next holder continues from their checkpoints). When a
   * process dies, its locks go with its session and the others take its partitions.
   */
  private async claimPartitions(): Promise<void> {
    const share = await this.fairShare();
    for (const p of this.partitionsHeld.slice(share).reverse()) {
      await this.listenClient!.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_CLASS, p]);
      this.held.delete(p);
      this.opts.logger.info({ partition: p, of: this.count }, 'projector hands partition over (balancing)');
    }
    for (let p = 0; p < this.count && this.held.size < share; p++) {
      if (this.held.has(p)) continue;
      const { rows } = await this.listenClient!.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_CLASS, p]);
      if (rows[0]?.ok === true) {
        this.held.add(p);
        this.opts.logger.info({ partition: p, of: this.count }, 'projector is active for partition');
      }
    }
  }

  private async run(): Promise<void> {
    const { redis, keySpace, logger, pool } = this.opts;
    const pollMs = this.opts.pollMs ?? 1_000;
    let retryMs = 0;
    while (this.running) {
      let wait = pollMs;
      try {
        await this.claimPartitions();
        if (this.held.size) {
          const ns = await activeNamespace(redis, keySpace);
          await namespacePartitions(redis, keySpace, ns, this.count);
          let consumed = 0;
          for (const index of this.partitionsHeld) {
            consumed += await catchUp(this.opts, ns, { index, count: this.count }, (changes) => this.announce(changes), () => !this.running);
          }
          // Rows committed above the horizon: look again shortly, backing off while an old
          // transaction keeps the horizon where it is.
          if (await rowsAboveHorizon(pool)) {
            retryMs = consumed > 0 || retryMs === 0 ? 5 : Math.min(pollMs, retryMs * 2);
            wait = retryMs;
          } else {
            retryMs = 0;
          }
        }
      } catch (err) {
        logger.error({ err }, 'projector batch failed; retrying');
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private announce(changes: AppliedChange[]): void {
    const channel = keys.changesChannel(this.opts.keySpace);
    const pipeline = this.opts.redis.pipeline();
    for (const change of changes) pipeline.publish(channel, JSON.stringify(change));
    void pipeline.exec().catch((err) => this.opts.logger.warn({ err }, 'could not announce changes'));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.opts.redis.zrem(keys.projectors(this.opts.keySpace), this.id).catch(() => undefined);
    if (this.listenClient) {
      // Releasing the session ends LISTEN and the advisory locks with it.
      this.listenClient.release(true);
      this.listenClient = null;
      this.held.clear();
    }
  }
}
