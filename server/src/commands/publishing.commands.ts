import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { PgBoss } from 'pg-boss';
import { CatalogError, CatalogErrorCode } from '../domain/catalog/catalog.errors.js';
import { Library } from '../domain/library/library.entity.js';
import { LibraryError, LibraryErrorCode } from '../domain/library/library.errors.js';
import { JobName, type JobPayloads } from '../jobs/job-names.js';
import type { JobRuns } from '../jobs/job-runs.js';
import { jobKeys } from '../jobs/job-keys.js';
import { sendKeyed } from '../jobs/send-keyed.js';
import { UUID } from './command-support.js';

export interface QueuedJob {
  id: string;
  queue: JobName;
}

/** Queues publishing, verification and artwork repair; the workers do the work (jobs/publish, jobs/verify). */
export class PublishingCommands {
  constructor(
    private readonly orm: MikroORM,
    private readonly boss: PgBoss,
    private readonly runs: JobRuns,
  ) {}

  /**
   * Queues one job; while the same one (same key) is queued, the request joins it and its id is
   * returned (see sendKeyed). Recorded after the send: a worker that starts the job first records
   * the run itself (JobRuns.update).
   */
  private async enqueue<Q extends JobName.PublishAssets | JobName.VerifyCache>(queue: Q, data: JobPayloads[Q], opts: { libraryId: string | null; titleId?: string | null; singletonKey: string }): Promise<QueuedJob> {
    const sent = await sendKeyed(this.boss, queue, { ...data }, { id: randomUUID(), singletonKey: opts.singletonKey });
    if (!sent) throw new LibraryError(LibraryErrorCode.Conflict, 'the job could not be queued', 'id');
    if (!sent.merged) await this.runs.update(sent.id, {}, { id: sent.id, queue, libraryId: opts.libraryId, titleId: opts.titleId ?? null, data: { ...data } });
    return { id: sent.id, queue };
  }

  /** One publish job per library that holds files of the title. */
  async publishTitle(titleId: string): Promise<QueuedJob[]> {
    const em = this.orm.em.fork();
    const [title] = UUID.test(titleId) ? await em.execute<Array<{ deleted: boolean }>>('select deleted_at is not null as deleted from title where id = ?', [titleId]) : [];
    if (!title || title.deleted) throw new CatalogError(CatalogErrorCode.TitleNotFound, `Title ${titleId} was not found`, 'titleId');
    const libraries = await em.execute<Array<{ library_id: string }>>('select distinct library_id from media_file where title_id = ? and missing_since is null order by library_id', [titleId]);
    if (libraries.length === 0) throw new LibraryError(LibraryErrorCode.InvalidInput, `Title ${titleId} has no files in any library to publish beside`, 'titleId');
    const jobs: QueuedJob[] = [];
    for (const { library_id: libraryId } of libraries) {
      jobs.push(await this.enqueue(JobName.PublishAssets, { libraryId, titleId }, { libraryId, titleId, singletonKey: jobKeys.publish(libraryId, titleId) }));
    }
    return jobs;
  }

  private async library(libraryId: string | null): Promise<string | null> {
    if (libraryId === null) return null;
    const library = UUID.test(libraryId) ? await this.orm.em.fork().findOne(Library, { id: libraryId }) : null;
    if (!library) throw new LibraryError(LibraryErrorCode.LibraryNotFound, `Library ${libraryId} was not found`, 'libraryId');
    return library.id;
  }

  /** Compares cache, manifest and library (one library, or all) and repairs what it can. */
  async verify(libraryId: string | null, restoreEdited = false): Promise<QueuedJob> {
    const id = await this.library(libraryId);
    return this.enqueue(JobName.VerifyCache, { libraryId: id, mode: 'verify', restoreEdited }, { libraryId: id, singletonKey: jobKeys.verify(id, 'verify') });
  }

  /** Downloads only the selected artwork the cache lacks, and puts back published artwork that is missing. */
  async repairMissingArtwork(libraryId: string | null): Promise<QueuedJob> {
    const id = await this.library(libraryId);
    return this.enqueue(JobName.VerifyCache, { libraryId: id, mode: 'missing-artwork' }, { libraryId: id, singletonKey: jobKeys.verify(id, 'missing-artwork') });
  }

  /** Runs the purge of expired recycle-bin entries now rather than at its nightly time. */
  async purgeExpired(): Promise<QueuedJob> {
    const id = randomUUID();
    await this.runs.update(id, {}, { id, queue: JobName.PurgeRecycleBin, data: {} });
    await this.boss.send(JobName.PurgeRecycleBin, {}, { id });
    return { id, queue: JobName.PurgeRecycleBin };
  }
}
