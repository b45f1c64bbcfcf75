import { setTimeout as sleep } from 'node:timers/promises';
import { PgBoss, type JobWithMetadata } from 'pg-boss';
import { keyOf } from '../jobs/job-keys.js';
import { deadLetterQueue, pipeline, type PhaseDefinition } from '../jobs/pipeline.js';
import { bossTransaction, sendKeyedIn } from '../jobs/send-keyed.js';
import type { Logger } from './logger.js';

export const BOSS_SCHEMA = 'pgboss';

/** A queued job that a queue migration folded into another job with its key (or dropped, `into` null: exclusive). */
export interface MergedJob {
  id: string;
  queue: string;
  into: string | null;
}

export interface StartBossOptions {
  supervise: boolean;
  superviseSeconds?: number;
  retryLimit?: number | null;
  /** Called with the queued jobs a queue policy migration merged away, to settle their job runs. */
  onMerged?: (merged: MergedJob[]) => Promise<void>;
}

export async function startBoss(connectionString: string, logger: Logger, opts: StartBossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: BOSS_SCHEMA,
    application_name: 'marquee:boss',
    max: 5,
    supervise: opts.supervise,
    schedule: opts.supervise,
    // Also how soon a dead worker's job (no heartbeat) is failed and retried.
    superviseIntervalSeconds: opts.superviseSeconds ?? 10,
    useListenNotify: true,
  });
  boss.on('error', (err: Error) => logger.error({ err }, 'pg-boss error'));
  await boss.start();
  // A process that supervises fails a dead worker's jobs, so it can wait for a queue to settle
  // before migrating it; one that does not leaves the migration to a worker process.
  const settleSeconds = opts.supervise ? (opts.superviseSeconds ?? 10) : 0;
  const merged = await ensureQueues(boss, opts.retryLimit, { logger, settleSeconds });
  if (merged.length) await opts.onMerged?.(merged);
  return boss;
}

/** A job in the holding queue: its payload, and when it was first queued. */
interface Parked {
  parked: Record<string, unknown>;
  /** When it was first queued (ISO): the order the jobs go back in. */
  createdOn: string;
}

/** Where a migration parks a queue's pending jobs while the queue is recreated. */
export const holdingQueue = (queue: string) => `${queue}.migrating`;

/**
 * Dead-letter queues first: a queue can only name a dead-letter queue that exists. `retryLimit`
 * (MARQUEE_JOB_RETRY_LIMIT) caps every queue's retries. A queue that exists with another policy
 * than pipeline.ts gives it (an install from before the policy changed) is migrated; see
 * migrateQueue. Returns the queued jobs a migration merged into others.
 */
export async function ensureQueues(boss: PgBoss, retryLimit?: number | null, migration: { logger?: Logger; settleSeconds?: number } = {}): Promise<MergedJob[]> {
  const merged: MergedJob[] = [];
  for (const phase of pipeline) {
    await boss.createQueue(deadLetterQueue(phase.queue));
    const options = {
      deadLetter: deadLetterQueue(phase.queue),
      retryLimit: retryLimit == null ? phase.retryLimit : Math.min(phase.retryLimit, retryLimit),
      retryDelay: phase.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: phase.expireInSeconds,
      heartbeatSeconds: phase.heartbeatSeconds,
      // Workers wake on NOTIFY instead of waiting for their next poll.
      notify: true,
    };
    const existing = await boss.getQueue(phase.queue);
    const parked = await boss.getQueue(holdingQueue(phase.queue));
    if ((existing && policyOf(existing.policy) !== policyOf(phase.policy)) || parked) {
      merged.push(...(await migrateQueue(boss, phase, options, migration)));
    }
    await boss.createQueue(phase.queue, { ...options, policy: policyOf(phase.policy) });
    await boss.updateQueue(phase.queue, options);
  }
  return merged;
}

const policyOf = (policy: string | null | undefined) => policy ?? 'standard';

async function activeJobs(boss: PgBoss, queue: string): Promise<number> {
  const { rows } = await boss.getDb().executeSql(`select count(*)::int as n from ${BOSS_SCHEMA}.job where name = $1 and state = 'active'`, [queue]);
  return (rows[0] as { n: number }).n;
}

/**
 * pg-boss cannot change a queue's policy in place (updateQueue refuses), so the queue is
 * recreated, one process at a time (an advisory lock), without losing a queued job:
 *  1. wait until no job of the queue runs (a dead worker's job is failed by its missing heartbeat
 *     and becomes a retry, which is queued); if one still runs after that, leave the queue as it
 *     is and try again at the next start;
 *  2. park its queued jobs (created, retry) in `<queue>.migrating`, in one transaction;
 *  3. keep its schedules, delete the queue (and its finished jobs: pg-boss's history; Marquee's
 *     job runs keep theirs), create it with the new policy, put the schedules back;
 *  4. send the parked jobs back, in one transaction, with their ids, keys (recomputed from the
 *     payload: older sends had none or another spelling), priority and start time; jobs with one
 *     key are merged as a new send would be (stately), or all but the first dropped (exclusive);
 *  5. delete the holding queue.
 * Each step leaves every queued job in the queue or in the holding queue; a start after a crash
 * finds the holding queue and finishes the job (steps 4 and 5).
 */
async function migrateQueue(boss: PgBoss, phase: PhaseDefinition, options: Record<string, unknown>, migration: { logger?: Logger; settleSeconds?: number }): Promise<MergedJob[]> {
  const lock = await bossTransaction(boss);
  try {
    await lock.db.executeSql('select pg_advisory_xact_lock(hashtext($1))', [`marquee:queue-migration:${phase.queue}`]);
    const holding = holdingQueue(phase.queue);
    const target = policyOf(phase.policy);
    const current = await boss.getQueue(phase.queue);
    if (current && policyOf(current.policy) !== target) {
      const deadline = Date.now() + ((migration.settleSeconds ?? 0) > 0 ? (phase.heartbeatSeconds + migration.settleSeconds! * 2) * 1000 : 0);
      while ((await activeJobs(boss, phase.queue)) > 0) {
        if (Date.now() >= deadline) {
          migration.logger?.warn({ queue: phase.queue, from: policyOf(current.policy), to: target }, 'a job of this queue is running: its policy change waits for the next start');
          await lock.commit();
          return [];
        }
        await sleep(500);
      }
      await boss.createQueue(holding);
      const tx = await bossTransaction(boss);
      let queued: JobWithMetadata[] = [];
      try {
        queued = await boss.findJobs(phase.queue, { queued: true, db: tx.db });
        if (queued.length) {
          await boss.insert(holding, queued.map((j) => ({ id: j.id, data: { parked: (j.data ?? {}) as Record<string, unknown>, createdOn: j.createdOn.toISOString() } satisfies Parked, priority: j.priority, startAfter: j.startAfter, ...(j.singletonKey ? { singletonKey: j.singletonKey } : {}) })), { db: tx.db });
          await boss.deleteJob(phase.queue, queued.map((j) => j.id), { db: tx.db });
        }
        await tx.commit();
      } catch (err) {
        await tx.rollback();
        throw err;
      }
      const schedules = await boss.getSchedules(phase.queue);
      await boss.deleteQueue(phase.queue);
      await boss.createQueue(phase.queue, { ...options, policy: target });
      for (const s of schedules) await boss.schedule(s.name, s.cron, s.data ?? null, s.options);
      migration.logger?.info({ queue: phase.queue, from: policyOf(current.policy), to: target, queued: queued.length, schedules: schedules.length }, 'queue policy changed');
    }
    const merged = (await boss.getQueue(holding)) ? await sendBack(boss, phase, holding, options) : [];
    await lock.commit();
    return merged;
  } catch (err) {
    await lock.rollback();
    throw err;
  }
}

async function sendBack(boss: PgBoss, phase: PhaseDefinition, holding: string, options: Record<string, unknown>): Promise<MergedJob[]> {
  if (!(await boss.getQueue(phase.queue))) await boss.createQueue(phase.queue, { ...options, policy: policyOf(phase.policy) });
  const merged: MergedJob[] = [];
  const tx = await bossTransaction(boss);
  try {
    // Oldest first, as they were queued: the first of a key is the one the others merge into.
    const created = (job: JobWithMetadata<unknown>) => (job.data as Parked).createdOn;
    const parked = (await boss.findJobs(holding, { queued: true, db: tx.db })).sort((a, b) => created(a).localeCompare(created(b)) || a.id.localeCompare(b.id));
    for (const job of parked) {
      const data = (job.data as Parked).parked;
      const singletonKey = keyOf(phase.queue, data) ?? job.singletonKey ?? job.id;
      const sent = await sendKeyedIn(boss, tx.db, phase.queue, data, { id: job.id, singletonKey, priority: job.priority, startAfter: job.startAfter });
      if (!sent || sent.merged) merged.push({ id: job.id, queue: phase.queue, into: sent?.id ?? null });
    }
    if (parked.length) await boss.deleteJob(holding, parked.map((j) => j.id), { db: tx.db });
    await tx.commit();
  } catch (err) {
    await tx.rollback();
    throw err;
  }
  await boss.deleteQueue(holding);
  return merged;
}
