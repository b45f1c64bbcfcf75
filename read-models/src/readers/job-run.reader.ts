import type { Redis } from 'ioredis';
import { keys, type KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';
import { JOB_RUNS, jobRunsByLibrary, jobRunsByQueue, jobRunsByState, type JobRunDoc } from '../projections/job-run.projection.js';
import { DocumentReader } from './documents.js';
import { readWindow, toPage, type Page, type PageWindow } from './listing-page.js';

export interface JobRunFilter {
  /** A job state, or DEAD for dead-lettered jobs. */
  state?: string | null;
  queue?: string | null;
  libraryId?: string | null;
}

/** Filtered lists are materialised briefly so following pages reuse them. */
const FILTER_TTL_SECONDS = 30;

/** Job runs, newest first. */
export class JobRunReader {
  private readonly documents: DocumentReader<JobRunDoc>;

  constructor(
    private readonly redis: Redis,
    private readonly ks: KeySpace,
    private readonly namespaces: NamespaceTracker,
  ) {
    this.documents = new DocumentReader(redis, ks, namespaces, 'jobrun');
  }

  getMany(ids: readonly string[]): Promise<(JobRunDoc | null)[]> {
    return this.documents.getMany(ids);
  }

  async list(filter: JobRunFilter, window: PageWindow): Promise<Page<JobRunDoc>> {
    const ns = await this.namespaces.get();
    const sources = [
      filter.state ? jobRunsByState(filter.state) : null,
      filter.queue ? jobRunsByQueue(filter.queue) : null,
      filter.libraryId ? jobRunsByLibrary(filter.libraryId) : null,
    ]
      .filter((s): s is string => s !== null)
      .map((s) => keys.listing(this.ks, ns, s));
    let key = keys.listing(this.ks, ns, JOB_RUNS);
    if (sources.length === 1) key = sources[0]!;
    else if (sources.length > 1) {
      key = `${keys.listing(this.ks, ns, 'jobs:filter')}:${[filter.state, filter.queue, filter.libraryId].join('|')}`;
      // Scores are creation times in every source, so the intersection keeps them (MIN).
      await this.redis.multi().zinterstore(key, sources.length, ...sources, 'AGGREGATE', 'MIN').expire(key, FILTER_TTL_SECONDS).exec();
    }
    const w = await readWindow(this.redis, key, true, window);
    return toPage(w, await this.documents.getMany(w.entries.map((e) => e.m)));
  }
}
