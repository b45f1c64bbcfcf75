import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { LibraryError, LibraryErrorCode } from '../domain/library/library.errors.js';
import type { JobName } from './job-names.js';
import type { JobRuns } from './job-runs.js';

/**
 * Queues one job on demand, recorded as a job run first (so CREATED is there before a worker can
 * pick it up). A job with the same singleton key already queued or running makes it a CONFLICT
 * (on `field`), and the run is recorded as CANCELLED with the reason.
 */
export async function sendRecorded(
  boss: PgBoss,
  runs: JobRuns,
  queue: JobName,
  data: Record<string, unknown>,
  opts: { singletonKey: string; target: string | null; busy: string; field: string },
): Promise<{ id: string }> {
  const id = randomUUID();
  await runs.update(id, {}, { id, queue, target: opts.target, data: { ...data } });
  const sent = await boss.send(queue, data, { id, singletonKey: opts.singletonKey });
  if (!sent) {
    await runs.update(id, { state: 'CANCELLED', message: `${opts.busy} is already queued or running`, finishedAt: new Date() });
    throw new LibraryError(LibraryErrorCode.Conflict, `${opts.busy} is already queued or running`, opts.field);
  }
  return { id };
}
