import type { MikroORM } from '@mikro-orm/postgresql';
import type { JobRunState } from '@marquee/read-models';
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../infra/logger.js';
import { executeBound } from '../infra/sql.js';
import type { JobRunChange, JobRuns } from './job-runs.js';

/** Queued runs older than this are checked too (a queued job can expire before any worker takes it). */
const STALE_QUEUED_MINUTES = 10;
/** Runs checked per pass, oldest first. */
const PASS_LIMIT = 200;

interface OpenRun {
  id: string;
  queue: string;
  state: JobRunState;
  attempt: number;
}

/**
 * What a job run should say, given what pg-boss says of its job, or nothing when it says it
 * already. Workers record every state themselves; this covers the one case they cannot: the
 * worker died (kill -9, OOM, power loss), pg-boss noticed the missing heartbeat and retried or
 * failed the job, and no live process was left to record it.
 */
export function reconciledChange(run: OpenRun, job: { state: string; retryCount: number; retryLimit: number; output?: unknown; completedOn?: Date | null } | null): JobRunChange | null {
  const reason = (fallback: string) => {
    const message = (job?.output as { message?: unknown } | null | undefined)?.message;
    return typeof message === 'string' && message ? message : fallback;
  };
  if (!job) return { state: 'FAILED', error: 'The job is no longer in the queue', message: 'Lost', finishedAt: new Date() };
  switch (job.state) {
    case 'failed':
      return { state: 'FAILED', error: reason('The worker running it stopped'), message: 'Failed', deadLettered: true, finishedAt: job.completedOn ?? new Date() };
    case 'cancelled':
      return { state: 'CANCELLED', message: 'Cancelled', finishedAt: job.completedOn ?? new Date() };
    case 'completed':
      return run.state === 'ACTIVE' ? { state: 'COMPLETED', message: 'Finished', finishedAt: job.completedOn ?? new Date() } : null;
    case 'retry':
    case 'created':
      // Waiting for its next attempt after a worker vanished mid-run.
      return run.state === 'ACTIVE' ? { state: 'RETRY', error: reason('The worker running it stopped'), message: 'Will retry' } : null;
    default:
      return null;
  }
}

/** One pass: brings every open job run in line with its pg-boss job. Returns how many changed. */
export async function reconcileJobRuns(deps: { orm: MikroORM; boss: PgBoss; runs: JobRuns; logger: Logger }): Promise<number> {
  const open = await executeBound<OpenRun>(
    deps.orm.em.fork(),
    `select id, queue, state, attempt from job_run
      where state in ('ACTIVE', 'RETRY') or (state = 'CREATED' and created_at < now() - make_interval(mins => $1))
      order by created_at limit $2`,
    [STALE_QUEUED_MINUTES, PASS_LIMIT],
  );
  let changed = 0;
  for (const run of open) {
    const [job] = await deps.boss.findJobs(run.queue, { id: run.id });
    const change = reconciledChange(run, job ? { state: job.state, retryCount: job.retryCount, retryLimit: job.retryLimit, output: job.output, completedOn: job.completedOn ?? null } : null);
    if (!change) continue;
    await deps.runs.update(run.id, change);
    deps.logger.warn({ job: run.id, queue: run.queue, was: run.state, now: change.state }, 'job run reconciled with its queue (its worker stopped)');
    changed += 1;
  }
  return changed;
}

/** Runs a pass every `intervalMs`, one at a time; failures are logged and the next pass tries again. */
export function startReconciler(deps: Parameters<typeof reconcileJobRuns>[0], intervalMs: number): { stop(): Promise<void> } {
  let pass: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    pass = pass.then(() => reconcileJobRuns(deps)).catch((err: unknown) => deps.logger.warn({ err }, 'job run reconciliation failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pass;
    },
  };
}
