import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { fetchOutbox, formatCheckpoint, OUTBOX_CHANNEL, parseCheckpoint, type NotificationDeliveryState } from '@marquee/read-models';
import type { Logger } from '../infra/logger.js';
import type { RedisPubSub } from '../infra/redis.js';
import { JobName } from '../jobs/job-names.js';
import { lifecycleEventsOf, memoryKeys, wants, type LifecycleEvent, type StreamMemory } from './lifecycle.js';

/** Channel carrying every lifecycle event (JSON LifecycleEvent), for the lifecycleEvents subscription. */
export const lifecycleChannel = (prefix: string) => `${prefix}events:live`;

const BATCH = 1_000;
const CHECKPOINT_KEY = 'checkpoint';

export interface EventStreamOptions {
  pool: pg.Pool;
  boss: PgBoss;
  pubsub: RedisPubSub;
  prefix: string;
  logger: Logger;
  pollMs: number;
  retrySeconds: number;
  /** Attempts after the first before a delivery is dead (pg-boss moves the job to notify.dead). */
  retryLimit: number;
}

/**
 * Turns the outbox into the lifecycle event stream. It reads committed outbox rows after its own
 * checkpoint (kept in Postgres), and in ONE transaction records a delivery for every enabled
 * target whose filter takes each event, queues its notify job (pg-boss inside the same
 * transaction), and advances the checkpoint: a crash before the commit redoes the batch, a crash
 * after it loses nothing, and the unique (target, event) key keeps a redone batch from delivering
 * twice. Every projector process runs it; the checkpoint row lock lets one at a time through.
 * Live subscribers get the events over Redis after the commit.
 */
export class EventStream {
  private timer: NodeJS.Timeout | null = null;
  private listener: pg.PoolClient | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly opts: EventStreamOptions) {}

  async start(): Promise<void> {
    this.listener = await this.opts.pool.connect();
    this.listener.on('notification', () => this.wake());
    this.listener.on('error', (err) => this.opts.logger.warn({ err: { message: err.message } }, 'event stream listener failed'));
    await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    const poll = () => {
      if (this.stopped) return;
      this.wake();
      this.timer = setTimeout(poll, this.opts.pollMs);
    };
    poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    if (this.listener) {
      await this.listener.query(`UNLISTEN ${OUTBOX_CHANNEL}`).catch(() => undefined);
      this.listener.release();
      this.listener = null;
    }
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.tick()) === BATCH);
        } while (this.again && !this.stopped);
      } catch (err) {
        this.opts.logger.warn({ err: { message: (err as Error).message } }, 'event stream batch failed; retrying at the next poll');
      } finally {
        this.running = null;
      }
    })();
  }

  /** One batch; returns how many outbox rows it consumed. */
  async tick(): Promise<number> {
    const client = await this.opts.pool.connect();
    const published: LifecycleEvent[] = [];
    let consumed = 0;
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO event_stream_state (key, value, updated_at) VALUES ($1, '0:0', now()) ON CONFLICT (key) DO NOTHING`, [CHECKPOINT_KEY]);
      const { rows: cp } = await client.query<{ value: string }>('SELECT value FROM event_stream_state WHERE key = $1 FOR UPDATE', [CHECKPOINT_KEY]);
      const records = await fetchOutbox(client, parseCheckpoint(cp[0]!.value), BATCH, { index: -1, count: 1 });
      consumed = records.length;
      if (records.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      const keys = [...new Set(memoryKeys(records))];
      const { rows: known } = keys.length ? await client.query<{ key: string; value: string }>('SELECT key, value FROM event_stream_state WHERE key = ANY($1)', [keys]) : { rows: [] };
      const values = new Map(known.map((k) => [k.key, k.value]));
      const changed = new Set<string>();
      const memory: StreamMemory = { get: (k) => values.get(k), set: (k, v) => (values.set(k, v), changed.add(k)) };
      for (const r of records) published.push(...lifecycleEventsOf(r, memory));
      if (changed.size) {
        const list = [...changed];
        await client.query(
          `INSERT INTO event_stream_state (key, value, updated_at) SELECT k, v, now() FROM unnest($1::text[], $2::text[]) AS t(k, v)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
          [list, list.map((k) => values.get(k)!)],
        );
      }
      if (published.length) await this.queueDeliveries(client, published);
      const last = records[records.length - 1]!;
      await client.query('UPDATE event_stream_state SET value = $2, updated_at = now() WHERE key = $1', [CHECKPOINT_KEY, formatCheckpoint({ txId: last.txId, id: last.id })]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    const channel = lifecycleChannel(this.opts.prefix);
    // Sent together (in order, on one connection) rather than one round trip per event.
    await Promise.all(published.map((e) => this.opts.pubsub.publish(channel, JSON.stringify(e))));
    return consumed;
  }

  private async queueDeliveries(client: pg.PoolClient, events: readonly LifecycleEvent[]): Promise<void> {
    const { rows: targets } = await client.query<{ id: string; events: string[] }>('SELECT id, events FROM notification_target WHERE enabled');
    if (targets.length === 0) return;
    const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values as unknown[]) };
    for (const event of events) {
      for (const target of targets) {
        if (!wants(target.events, event.type)) continue;
        const id = randomUUID();
        const { rows } = await client.query<{ created_at: Date }>(
          `INSERT INTO notification_delivery (id, target_id, event_id, event_type, event, state, attempts, test, version, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'PENDING', 0, false, 1, now(), now()) ON CONFLICT (target_id, event_id) DO NOTHING RETURNING created_at`,
          [id, target.id, event.id, event.type, JSON.stringify(event)],
        );
        if (rows.length === 0) continue;
        const at = rows[0]!.created_at.toISOString();
        const state: NotificationDeliveryState = { id, targetId: target.id, eventId: event.id, eventType: event.type, state: 'PENDING', attempts: 0, lastStatus: null, lastError: null, test: false, createdAt: at, updatedAt: at, deliveredAt: null };
        await client.query(
          `INSERT INTO outbox (aggregate_type, aggregate_id, aggregate_version, event_type, payload) VALUES ('notificationdelivery', $1, 1, 'NotificationDeliveryChanged', $2)`,
          [id, JSON.stringify(state)],
        );
        await this.opts.boss.send(JobName.Notify, { event: event.type, payload: {}, deliveryId: id }, { db, retryLimit: this.opts.retryLimit, retryDelay: this.opts.retrySeconds, retryBackoff: true });
      }
    }
    await client.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
  }
}
