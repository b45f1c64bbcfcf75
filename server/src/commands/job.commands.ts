import type { PgBoss } from 'pg-boss';
import { LibraryError, LibraryErrorCode } from '../domain/library/library.errors.js';
import { deadLetterQueue, phaseOf } from '../jobs/pipeline.js';
import type { JobName } from '../jobs/job-names.js';
import { jobCancelChannel, type JobRuns } from '../jobs/job-runs.js';
import type { RedisPubSub } from '../infra/redis.js';
import { UUID } from './command-support.js';
import type { JobRunStateDoc } from '@marquee/read-models';

/** Retrying and cancelling jobs. */
export class JobCommands {
  constructor(
    private readonly boss: PgBoss,
    private readonly runs: JobRuns,
    private readonly pubsub: RedisPubSub,
    private readonly prefix: string,
  ) {}

  private async load(id: string) {
    const run = UUID.test(id) ? await this.runs.get(id) : null;
    if (!run) throw new LibraryError(LibraryErrorCode.JobNotFound, `Job ${id} was not found`, 'id');
    return run;
  }

  /** Sends a dead-lettered job back to its queue (its retries start over). */
  async retry(id: string): Promise<JobRunStateDoc> {
    const run = await this.load(id);
    if (run.state !== 'FAILED') throw new LibraryError(LibraryErrorCode.Conflict, `Job ${id} is ${run.state}; only a failed job can be retried`, 'id');
    const queue = run.queue as JobName;
    if (!phaseOf(queue)) throw new LibraryError(LibraryErrorCode.Conflict, `Job ${id} belongs to no phase`, 'id');
    // On a stately queue one job per key may wait for its retry: a second is refused by pg-boss.
    await this.boss.retry(queue, id).catch((err: unknown) => {
      if ((err as { code?: string }).code === '23505') throw new LibraryError(LibraryErrorCode.Conflict, `The same job (${queue}) is already waiting for its retry`, 'id');
      throw err;
    });
    // The dead-letter copy has done its job: the original is live again.
    const copies = await this.boss.findJobs(deadLetterQueue(queue), { queued: true }).catch(() => []);
    const stale = copies.filter((c) => c.sourceId === id).map((c) => c.id);
    if (stale.length) await this.boss.deleteJob(deadLetterQueue(queue), stale);
    return this.runs.update(id, { state: 'RETRY', deadLettered: false, error: null, message: 'Retry requested', finishedAt: null });
  }

  /** Cancels a queued or running job; a running one stops at its next checkpoint. */
  async cancel(id: string): Promise<JobRunStateDoc> {
    const run = await this.load(id);
    if (run.state === 'COMPLETED' || run.state === 'FAILED' || run.state === 'CANCELLED') {
      throw new LibraryError(LibraryErrorCode.Conflict, `Job ${id} has already ended (${run.state})`, 'id');
    }
    await this.boss.cancel(run.queue, id);
    await this.pubsub.publish(jobCancelChannel(this.prefix), id);
    return this.runs.update(id, { state: 'CANCELLED', message: 'Cancelled', finishedAt: new Date() });
  }
}
