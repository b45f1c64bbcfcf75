import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { PgBoss } from 'pg-boss';
import type { JobProgressStore } from '../infra/job-progress.js';
import { JobName } from '../jobs/job-names.js';

export class LibraryError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'LibraryError';
  }
}

export class LibraryCommands {
  constructor(
    private readonly boss: PgBoss,
    private readonly progress: JobProgressStore,
  ) {}

  /** Queues a scan of an existing directory; the job id is returned at once. */
  async scan(rawPath: string): Promise<{ id: string; queue: JobName }> {
    if (!path.isAbsolute(rawPath)) throw new LibraryError('path must be an absolute directory path', 'path');
    const root = path.resolve(rawPath);
    const info = await stat(root).catch(() => null);
    if (!info) throw new LibraryError(`path ${root} does not exist or cannot be read`, 'path');
    if (!info.isDirectory()) throw new LibraryError(`path ${root} is not a directory`, 'path');
    // The id is ours so CREATED is recorded before a worker can pick the job up.
    const id = randomUUID();
    await this.progress.publish({ jobId: id, queue: JobName.ScanLibrary, state: 'CREATED', done: 0, total: 0, message: 'Queued' });
    try {
      const sent = await this.boss.send(JobName.ScanLibrary, { path: root }, { id });
      if (!sent) throw new Error('pg-boss refused the scan job');
    } catch (err) {
      await this.progress.publish({ jobId: id, queue: JobName.ScanLibrary, state: 'FAILED', done: 0, total: 0, message: 'Could not queue the job' });
      throw err;
    }
    return { id, queue: JobName.ScanLibrary };
  }
}
