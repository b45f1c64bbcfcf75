import type pg from 'pg';
import type { Checkpoint } from './checkpoint.js';
import type { DomainEvent, OutboxRecord } from './events.js';

/**
 * Reads committed outbox rows after a checkpoint.
 *
 * Outbox ids come from a sequence, so a transaction that started earlier can commit a smaller id
 * after a later one committed a bigger id; consuming by id alone would skip it. Rows are therefore
 * consumed in (transaction id, outbox id) order and only from transactions older than the oldest
 * one still running (`pg_snapshot_xmin`): below that horizon the order is final.
 */
const FETCH_SQL = `
SELECT id::text AS id, tx_id::text AS tx_id, aggregate_type, aggregate_id, aggregate_version,
       event_type, payload, occurred_at
  FROM outbox
 WHERE (tx_id, id) > ($1::text::xid8, $2::bigint)
   AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
 ORDER BY tx_id, id
 LIMIT $3`;

interface OutboxRow {
  id: string;
  tx_id: string;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
  event_type: string;
  payload: unknown;
  occurred_at: Date;
}

export async function fetchOutbox(
  db: pg.Pool | pg.PoolClient,
  after: Checkpoint,
  limit: number,
): Promise<OutboxRecord[]> {
  const { rows } = await db.query<OutboxRow>(FETCH_SQL, [after.txId, after.id, limit]);
  return rows.map(
    (r) =>
      ({
        id: r.id,
        txId: r.tx_id,
        occurredAt: r.occurred_at.toISOString(),
        aggregateType: r.aggregate_type,
        aggregateId: r.aggregate_id,
        aggregateVersion: r.aggregate_version,
        type: r.event_type,
        payload: r.payload,
      }) as OutboxRecord & DomainEvent,
  );
}

/** Rows committed but not yet applied after `after` (capped, so the check stays cheap). */
export async function countPending(db: pg.Pool, after: Checkpoint, cap = 100_000): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM (
       SELECT 1 FROM outbox WHERE (tx_id, id) > ($1::text::xid8, $2::bigint) LIMIT $3) pending`,
    [after.txId, after.id, cap],
  );
  return Number(rows[0]?.n ?? 0);
}
