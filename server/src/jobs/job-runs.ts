import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { JobRunState, JobRunStateDoc } from '@marquee/read-models';
import { JobRun } from '../domain/library/job-run.entity.js';
import { appendToOutbox } from '../domain/outbox/outbox.js';
import type { JobProgressStore } from '../infra/job-progress.js';
import type { RedisPubSub } from '../infra/redis.js';

/** Channel carrying every job run change (JSON JobRunStateDoc), for the jobRunChanged subscription. */
export const jobRunsChannel = (prefix: string) => `${prefix}jobs:live`;
/** Channel asking whichever worker holds a job to abort it (payload: the job id). */
export const jobCancelChannel = (prefix: string) => `${prefix}jobs:cancel`;

export interface JobRunChange {
  state?: JobRunState;
  done?: number;
  total?: number;
  message?: string | null;
  error?: string | null;
  attempt?: number;
  deadLettered?: boolean;
  output?: Record<string, unknown> | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
}

export interface NewJobRun {
  id: string;
  queue: string;
  libraryId?: string | null;
  titleId?: string | null;
  target?: string | null;
  data: Record<string, unknown>;
}

/**
 * Job runs as people see them: each state change is written to Postgres with its outbox event
 * (the activity read model) and published at once on Redis (live subscribers, every API process).
 */
export class JobRuns {
  constructor(
    private readonly orm: MikroORM,
    private readonly pubsub: RedisPubSub,
    private readonly progress: JobProgressStore,
    private readonly prefix: string,
  ) {}

  /**
   * Applies a change to a run, recording it first (as CREATED) from `run` when it is not yet: a
   * worker may start a job before whoever queued it has recorded it.
   */
  async update(id: string, change: JobRunChange, run?: NewJobRun): Promise<JobRunStateDoc> {
    return this.save(id, (em) => (run ? em.create(JobRun, { id: run.id, queue: run.queue, libraryId: run.libraryId ?? null, titleId: run.titleId ?? null, target: run.target ?? null, data: run.data, state: 'CREATED' }) : null), change, run?.data);
  }

  async get(id: string): Promise<JobRun | null> {
    return this.orm.em.fork().findOne(JobRun, { id });
  }

  /** Live progress only (no database write): the progress bars between recorded steps. */
  async live(doc: JobRunStateDoc): Promise<void> {
    await Promise.all([
      this.pubsub.publish(jobRunsChannel(this.prefix), JSON.stringify(doc)),
      this.progress.publish({ jobId: doc.id, queue: doc.queue, state: doc.state, done: doc.done, total: doc.total, message: doc.message }),
    ]);
  }

  private async save(id: string, make: (em: import('@mikro-orm/postgresql').EntityManager) => JobRun | null, change: JobRunChange, data?: Record<string, unknown>, attempt = 0): Promise<JobRunStateDoc> {
    // A follow-up is recorded just after it is queued, so a fast worker may record it first: the
    // second insert loses the race and applies its change to the row the first one wrote, with
    // what its data adds (the follow-up's `after`, the chain a run belongs to).
    const doc = await this.write(id, make, change, data).catch((err: unknown) => {
      if (err instanceof UniqueConstraintViolationException && attempt === 0) return null;
      throw err;
    });
    if (!doc) return this.save(id, make, change, data, 1);
    await this.live(doc);
    return doc;
  }

  private async write(id: string, make: (em: import('@mikro-orm/postgresql').EntityManager) => JobRun | null, change: JobRunChange, data?: Record<string, unknown>): Promise<JobRunStateDoc> {
    return this.orm.em.fork().transactional(async (em) => {
      let run = await em.findOne(JobRun, { id });
      if (!run) {
        run = make(em);
        if (!run) throw new Error(`job run ${id} is not recorded`);
      } else if (data && Object.entries(data).some(([k, v]) => run!.data[k] === undefined && v !== undefined)) {
        run.data = { ...data, ...run.data };
      }
      for (const [key, value] of Object.entries(change)) if (value !== undefined) (run as unknown as Record<string, unknown>)[key] = value;
      await em.flush();
      const state = run.toState();
      await appendToOutbox(em, [{ aggregateType: 'jobrun', aggregateId: run.id, aggregateVersion: run.version, type: 'JobRunChanged', payload: state }]);
      return state;
    });
  }
}

/**
 * The runs of queued jobs a queue migration merged into another job with their key (infra/boss.ts):
 * CANCELLED, naming the job that does their work.
 */
export async function settleMergedRuns(runs: JobRuns, merged: ReadonlyArray<{ id: string; into: string | null }>): Promise<void> {
  for (const { id, into } of merged) {
    const run = await runs.get(id);
    if (!run || ['COMPLETED', 'FAILED', 'CANCELLED'].includes(run.state)) continue;
    await runs.update(id, { state: 'CANCELLED', message: into ? `Merged into job ${into} when its queue changed policy` : 'Dropped when its queue changed policy: the same job was already queued', finishedAt: new Date() });
  }
}
