import type pg from 'pg';
import type { Checkpoint } from './checkpoint.js';
import type { DomainEvent, OutboxRecord } from './events.js';

/**
 * Events are partitioned by aggregate, so one aggregate's events stay in order within a partition
 * while partitions are projected independently (by different processes, each holding an advisory
 * lock). `hashtext` is Postgres's stable text hash.
 */
const PARTITION_SQL = (count: string) => `(abs(hashtext(aggregate_id)::bigint) % ${count}::int)::int`;

export interface PartitionSpec {
  index: number;
  count: number;
}

/**
 * Reads committed outbox rows after a checkpoint.
 *
 * Outbox ids come from a sequence, so a transaction that started earlier can commit a smaller id
 * after a later one committed a bigger id; consuming by id alone would skip it. Rows are therefore
 * consumed in (transaction id, outbox id) order and only from transactions older than the oldest
 * one still running (`pg_snapshot_xmin`): below that horizon the order is final.
 */
// The select list casts tx_id and id to text under the same names; ORDER BY must name the table's
// columns, or Postgres sorts by the text aliases ('10' before '9') and pages skip rows.
const FETCH_SQL = `
SELECT id::text AS id, tx_id::text AS tx_id, aggregate_type, aggregate_id, aggregate_version,
       event_type, payload, occurred_at, ${PARTITION_SQL('$5')} AS partition
  FROM outbox
 WHERE (tx_id, id) > ($1::text::xid8, $2::bigint)
   AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
   AND ($4::int < 0 OR ${PARTITION_SQL('$5')} = $4::int)
 ORDER BY outbox.tx_id, outbox.id
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
  partition: number;
}

export async function fetchOutbox(
  db: pg.Pool | pg.PoolClient,
  after: Checkpoint,
  limit: number,
  /** One partition's rows; all rows (each with its partition) when the index is -1. */
  partition: PartitionSpec = { index: 0, count: 1 },
): Promise<Array<OutboxRecord & { partition: number }>> {
  const { rows } = await db.query<OutboxRow>(FETCH_SQL, [after.txId, after.id, limit, partition.index, partition.count]);
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
        partition: r.partition,
      }) as OutboxRecord & DomainEvent & { partition: number },
  );
}

/** Rows committed but not yet applied, over all partitions (capped, so the check stays cheap). */
export async function countPending(db: pg.Pool, checkpoints: readonly Checkpoint[], cap = 100_000): Promise<number> {
  let total = 0;
  for (const [index, after] of checkpoints.entries()) {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM (
         SELECT 1 FROM outbox WHERE (tx_id, id) > ($1::text::xid8, $2::bigint) AND ${PARTITION_SQL('$4')} = $5::int LIMIT $3) pending`,
      [after.txId, after.id, cap, checkpoints.length, index],
    );
    total += Number(rows[0]?.n ?? 0);
  }
  return total;
}

/**
 * Whether committed rows wait above the horizon: they become readable as soon as the older
 * transactions still open finish, usually within milliseconds, so the projector looks again soon
 * rather than at its next poll.
 */
export async function rowsAboveHorizon(db: pg.Pool): Promise<boolean> {
  const { rows } = await db.query<{ waiting: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM outbox WHERE tx_id >= pg_snapshot_xmin(pg_current_snapshot())) AS waiting`,
  );
  return rows[0]?.waiting === true;
}
