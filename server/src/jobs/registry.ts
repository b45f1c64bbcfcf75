import type { JobWithMetadata, PgBoss } from 'pg-boss';
import type { Logger } from '../infra/logger.js';
import { throttle, type JobProgressStore } from '../infra/job-progress.js';
import type { JobHandler } from './job-context.js';
import { JobName } from './job-names.js';
import { pipeline } from './pipeline.js';
import { scanLibrary } from './scan/scan-library.job.js';

/** One handler per queue; start-up refuses a queue without one. */
export const handlers: { [K in JobName]: JobHandler<never> } = {
  [JobName.ScanLibrary]: scanLibrary as JobHandler<never>,
};

export function assertRegistryComplete(): void {
  for (const name of Object.values(JobName)) {
    if (typeof handlers[name] !== 'function') throw new Error(`Job ${name} has no handler`);
  }
  for (const phase of pipeline) {
    if (!(phase.queue in handlers)) throw new Error(`Phase ${phase.queue} has no handler`);
  }
}

export async function startWorkers(boss: PgBoss, progressStore: JobProgressStore, logger: Logger): Promise<void> {
  assertRegistryComplete();
  for (const phase of pipeline) {
    const handler = handlers[phase.queue];
    await boss.work<unknown>(phase.queue, { batchSize: 1, includeMetadata: true, localConcurrency: 2, pollingIntervalSeconds: 0.5 }, async ([raw]) => {
      const job = raw as unknown as JobWithMetadata<unknown>;
      const log = logger.child({ job: job.id, queue: phase.queue });
      const gate = throttle(100);
      let last = { done: 0, total: 0 };
      const publish = (state: 'ACTIVE' | 'RETRY' | 'COMPLETED' | 'FAILED', message: string | null) =>
        progressStore.publish({ jobId: job.id, queue: phase.queue, state, ...last, message });
      await publish('ACTIVE', 'Started');
      try {
        const output = await handler(job.data as never, {
          jobId: job.id,
          logger: log,
          signal: job.signal,
          progress: async (update, force) => {
            last = { done: update.done, total: update.total };
            if (gate(force)) await publish('ACTIVE', update.message ?? null);
          },
        });
        await publish('COMPLETED', 'Finished');
        log.info({ output }, 'job completed');
        return output;
      } catch (err) {
        const final = job.retryCount >= job.retryLimit;
        const message = err instanceof Error ? err.message : 'Job failed';
        await publish(final ? 'FAILED' : 'RETRY', message);
        log.warn({ err, final }, 'job failed');
        throw err;
      }
    });
  }
}
