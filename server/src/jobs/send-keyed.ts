import { isDeepStrictEqual } from 'node:util';
import type { Db as IDatabase, PgBoss } from 'pg-boss';
import type { JobName } from './job-names.js';
import { phaseOf } from './pipeline.js';

export interface KeyedSend {
  /** The job that will do the work: the one sent, or the queued one it was merged into. */
  id: string;
  /** True when the request went into a job already queued with the same key (no new job). */
  merged: boolean;
}

interface Transaction {
  db: IDatabase;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** A transaction on pg-boss's own pool (its built-in Db has one; the public type does not say so). */
export async function bossTransaction(boss: PgBoss): Promise<Transaction> {
  const db = boss.getDb() as IDatabase & { beginTransaction?: () => Promise<Transaction> };
  if (typeof db.beginTransaction !== 'function') throw new Error('pg-boss runs on a database adapter without transactions');
  return db.beginTransaction();
}

/**
 * Sends a job with its singleton key. On a stately queue (pipeline.ts) a job already queued with
 * the key takes the request instead: its payload becomes the phase's merge of both, so nothing
 * either asked for is lost, and the queue keeps one queued job per key (plus at most one running,
 * which pg-boss guarantees). Senders of one key are serialised by an advisory lock, so two merges
 * never overwrite each other. A job a worker takes between the look and the update is no longer
 * queued: the request then becomes a new queued job. On other queues this is a plain send, and
 * null means pg-boss refused it (exclusive: one with the key is queued or running).
 */
export async function sendKeyed(boss: PgBoss, queue: JobName, data: Record<string, unknown>, opts: { id?: string; singletonKey: string }): Promise<KeyedSend | null> {
  if (!phaseOf(queue)?.merge) {
    const id = await boss.send(queue, data, { ...(opts.id ? { id: opts.id } : {}), singletonKey: opts.singletonKey });
    return id ? { id, merged: false } : null;
  }
  const tx = await bossTransaction(boss);
  try {
    const result = await sendKeyedIn(boss, tx.db, queue, data, opts);
    await tx.commit();
    return result;
  } catch (err) {
    await tx.rollback();
    throw err;
  }
}

/** sendKeyed inside the caller's transaction on `db` (which holds the key's lock until it ends). */
export async function sendKeyedIn(
  boss: PgBoss,
  db: IDatabase,
  queue: JobName,
  data: Record<string, unknown>,
  opts: { id?: string; singletonKey: string; priority?: number; startAfter?: Date },
): Promise<KeyedSend | null> {
  const merge = phaseOf(queue)?.merge;
  let result: KeyedSend | null = null;
  if (merge) {
    await db.executeSql('select pg_advisory_xact_lock(hashtext($1))', [`marquee:send:${queue}:${opts.singletonKey}`]);
    const [queued] = (await boss.findJobs(queue, { key: opts.singletonKey, queued: true, db })).filter((j) => j.state === 'created');
    if (queued) {
      const merged = merge(queued.data as never, data as never);
      if (isDeepStrictEqual(merged, queued.data)) result = { id: queued.id, merged: true };
      // (pg-boss may list the updated id more than once)
      else if ((await boss.update(queue, merged, { id: queued.id, db })).jobs.includes(queued.id)) result = { id: queued.id, merged: true };
    }
  }
  if (!result) {
    const { id: wanted, singletonKey, priority, startAfter } = opts;
    // The key is also the job's group, which the workers run one at a time (groupConcurrency 1):
    // pg-boss's fetch then passes over a job whose twin runs instead of trying it, failing on the
    // stately index and coming back empty while other keys' jobs wait behind it.
    const group = merge ? { group: { id: singletonKey } } : {};
    const id = await boss.send(queue, data, { ...(wanted ? { id: wanted } : {}), singletonKey, ...group, ...(priority ? { priority } : {}), ...(startAfter ? { startAfter } : {}), db });
    result = id ? { id, merged: false } : null;
  }
  return result;
}
