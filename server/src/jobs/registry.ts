import type { JobWithMetadata, PgBoss } from 'pg-boss';
import type { JobRunStateDoc } from '@marquee/read-models';
import type { Logger } from '../infra/logger.js';
import { throttle } from '../infra/job-progress.js';
import type { RedisPubSub } from '../infra/redis.js';
import { Library } from '../domain/library/library.entity.js';
import type { FollowUp, JobHandler, WorkerServices } from './job-context.js';
import { JobName } from './job-names.js';
import { jobCancelChannel, type JobRuns } from './job-runs.js';
import { nextQueue, phaseOf, pipeline } from './pipeline.js';
import { sendKeyed } from './send-keyed.js';
import { parserImport } from './parser-import/parser-import.job.js';
import { purgeRecycleBin } from './purge/purge-recycle-bin.job.js';
import { scanLibrary } from './scan/scan-library.job.js';
import { enrichMetadata } from './enrich/enrich-metadata.job.js';
import { publishAssets } from './publish/publish-assets.job.js';
import { verifyCache } from './verify/verify-cache.job.js';
import { readModelMaintenance } from './read-models/read-models.job.js';
import { syncPlayers } from './sync-players/sync-players.job.js';
import { notify } from './notify/notify.job.js';

export type HandlerMap = Partial<{ [K in JobName]: JobHandler<never> }>;

/**
 * The phases that have a worker. A queue without one still exists (jobs wait in it), and the phase
 * before it does not queue work for it: see nextQueue().
 */
export const handlers: HandlerMap = {
  [JobName.ScanLibrary]: scanLibrary as JobHandler<never>,
  [JobName.PurgeRecycleBin]: purgeRecycleBin as JobHandler<never>,
  [JobName.ParserImport]: parserImport as JobHandler<never>,
  [JobName.EnrichMetadata]: enrichMetadata as JobHandler<never>,
  [JobName.PublishAssets]: publishAssets as JobHandler<never>,
  [JobName.VerifyCache]: verifyCache as JobHandler<never>,
  [JobName.ReadModels]: readModelMaintenance as JobHandler<never>,
  [JobName.SyncPlayers]: syncPlayers as JobHandler<never>,
  [JobName.Notify]: notify as JobHandler<never>,
};

export function assertRegistryComplete(map: HandlerMap = handlers): void {
  for (const name of Object.keys(map)) {
    if (!phaseOf(name)) throw new Error(`Handler ${name} has no phase in pipeline.ts`);
    if (typeof map[name as JobName] !== 'function') throw new Error(`Job ${name} has no handler`);
  }
  if (!map[JobName.ScanLibrary]) throw new Error('The scan phase must have a handler');
}

/** How often a running job's progress is written to Postgres (live progress goes out every 100 ms). */
const RECORD_PROGRESS_MS = 2_000;

interface WorkerOptions {
  boss: PgBoss;
  services: WorkerServices;
  runs: JobRuns;
  pubsub: RedisPubSub;
  prefix: string;
  logger: Logger;
  handlers?: HandlerMap;
}

/** A string field of a job's payload, for the job run's columns. */
function textOf(data: unknown, key: string): string | null {
  const value = data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : null;
}

/**
 * Runs every phase that has a handler. Each job is recorded as a job run (ACTIVE, progress,
 * COMPLETED / RETRY / FAILED / CANCELLED), can be cancelled from any API process, and queues the
 * next phase through its context where the library enables it.
 */
export async function startWorkers(opts: WorkerOptions): Promise<{ stop(): Promise<void> }> {
  const map = opts.handlers ?? handlers;
  assertRegistryComplete(map);
  const available = new Set(Object.keys(map) as JobName[]);
  const running = new Map<string, AbortController>();
  const unsubscribe = await opts.pubsub.subscribe(jobCancelChannel(opts.prefix), (id) => running.get(id)?.abort(new Error('Cancelled')));

  for (const phase of pipeline) {
    const handler = map[phase.queue];
    if (!handler) continue;
    // One pg-boss worker per slot rather than one with localConcurrency, so each slot knows its own
    // worker id. pg-boss waits out the polling interval after every fetch, a successful one too,
    // unless a NOTIFY arrived meanwhile; with NOTIFY on, that interval is the relaxed backstop
    // (MARQUEE_JOB_SUPERVISE_SECONDS), and NOTIFY only fires when jobs are inserted. So once a burst
    // of sends was over, a backlog drained at one job per slot per backstop interval (a 300-title
    // enrichment took minutes with the workers idle). A slot that ran a job wakes itself, fetching
    // again at once until a fetch comes back empty (burstWhenBatchFull, which pg-boss ignores at a
    // batch size of 1).
    for (let slot = 0; slot < phase.concurrency; slot++) {
      const worker = { id: '' };
      worker.id = await opts.boss.work<unknown>(
        phase.queue,
        // NOTIFY wakes workers for new jobs, not for deferred ones (retries after their delay): the
        // backstop poll finds those within the supervise interval instead of pg-boss's 30 s default.
        {
          batchSize: 1,
          includeMetadata: true,
          pollingIntervalSeconds: 0.5,
          notifyPollingIntervalSeconds: Math.max(0.5, opts.services.config.jobSuperviseSeconds),
          heartbeatRefreshSeconds: 1,
          // Stately queues: a job whose key (its group, see send-keyed.ts) runs is passed over.
          ...(phase.policy === 'stately' ? { groupConcurrency: 1 } : {}),
        },
        async ([raw]) => {
          try {
            return await runJob(opts, available, running, phase.queue, handler, raw as unknown as JobWithMetadata<unknown>);
          } finally {
            if (worker.id) opts.boss.notifyWorker(worker.id);
          }
        },
      );
    }
  }
  return { stop: unsubscribe };
}

/** One job of a phase, recorded as a job run from start to end (see startWorkers). */
async function runJob(
  opts: WorkerOptions,
  available: ReadonlySet<JobName>,
  running: Map<string, AbortController>,
  queue: JobName,
  handler: JobHandler<never>,
  job: JobWithMetadata<unknown>,
): Promise<Record<string, unknown>> {
  const log = opts.logger.child({ job: job.id, queue });
  const cancel = new AbortController();
  running.set(job.id, cancel);
  const signal = AbortSignal.any([job.signal, cancel.signal]);
  const run = { id: job.id, queue, libraryId: textOf(job.data, 'libraryId'), titleId: textOf(job.data, 'titleId'), target: textOf(job.data, 'path') ?? textOf(job.data, 'location'), data: (job.data ?? {}) as Record<string, unknown> };
  const started = new Date();
  let doc: JobRunStateDoc = await opts.runs.update(
    job.id,
    { state: 'ACTIVE', attempt: job.retryCount + 1, startedAt: started, finishedAt: null, error: null, message: 'Started', deadLettered: false },
    run,
  );
  const live = throttle(100);
  let lastRecorded = Date.now();
  try {
    const output = await handler(job.data as never, {
      jobId: job.id,
      logger: log,
      signal,
      services: opts.services,
      progress: async (update, force) => {
        doc = { ...doc, done: update.done, total: update.total, message: update.message ?? null };
        if (Date.now() - lastRecorded >= RECORD_PROGRESS_MS) {
          lastRecorded = Date.now();
          doc = await opts.runs.update(job.id, { done: update.done, total: update.total, message: update.message ?? null });
        } else if (live(force)) await opts.runs.live(doc);
      },
      followUp: (items) => followUp(opts, available, queue, job.id, items),
      queues: available,
    });
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('Cancelled');
    await opts.runs.update(job.id, { state: 'COMPLETED', output, message: 'Finished', finishedAt: new Date(), done: doc.total, total: doc.total });
    log.info({ output, ms: Date.now() - started.getTime() }, 'job completed');
    return output;
  } catch (err) {
    const message = err instanceof Error ? err.message : 'Job failed';
    if (cancel.signal.aborted) {
      await opts.runs.update(job.id, { state: 'CANCELLED', message: 'Cancelled', finishedAt: new Date() });
      log.info('job cancelled');
      return { cancelled: true };
    }
    const final = job.retryCount >= job.retryLimit;
    await opts.runs.update(job.id, { state: final ? 'FAILED' : 'RETRY', error: message, message: final ? 'Failed' : 'Will retry', deadLettered: final, finishedAt: final ? new Date() : null });
    log.warn({ err, final }, 'job failed');
    throw err;
  } finally {
    running.delete(job.id);
  }
}

async function followUp(opts: WorkerOptions, available: ReadonlySet<JobName>, queue: JobName, parentId: string, items: readonly FollowUp[]): Promise<number> {
  if (items.length === 0) return 0;
  const em = opts.services.orm.em.fork();
  const libraries = new Map<string, Library | null>();
  let queued = 0;
  for (const item of items) {
    if (!libraries.has(item.libraryId)) libraries.set(item.libraryId, await em.findOne(Library, { id: item.libraryId }));
    const library = libraries.get(item.libraryId);
    if (!library) continue;
    const next = nextQueue(queue, library.phases, available);
    if (!next) continue;
    const sent = await sendKeyed(opts.boss, next, item.data, { singletonKey: item.singletonKey });
    if (!sent) continue;
    // Merged into a job already queued for the same key: that job's run stands for both.
    if (!sent.merged) await opts.runs.update(sent.id, {}, { id: sent.id, queue: next, libraryId: item.libraryId, titleId: item.titleId ?? null, data: { ...item.data, after: parentId } });
    queued += 1;
  }
  return queued;
}
