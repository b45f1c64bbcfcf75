import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jobKeys } from '../src/jobs/job-keys.js';
import { JobName } from '../src/jobs/job-names.js';
import { reconcileJobRuns } from '../src/jobs/reconcile.js';
import { useJobParts } from './harness/job-parts.js';
import { useTestServices } from './harness/services.js';

// A worker that dies leaves its job run saying ACTIVE; pg-boss notices the missing heartbeat and
// retries or fails the job. Here pg-boss is driven the same way (a job taken, then failed by the
// queue rather than by a handler) and the reconciler must bring the job runs in line.
const services = useTestServices();
const jobs = useJobParts(services);

/** A job taken by a worker that then vanished: its run says ACTIVE, pg-boss says active. */
async function takenJob(retryLimit: number): Promise<string> {
  // verify-cache is stately: each job needs its own key to be queued beside the others.
  const libraryId = randomUUID();
  const id = (await jobs.boss.send(JobName.VerifyCache, { libraryId }, { retryLimit, retryDelay: 0, singletonKey: jobKeys.verify(libraryId, 'verify') }))!;
  await jobs.runs.update(id, {}, { id, queue: JobName.VerifyCache, data: {} });
  const [job] = await jobs.boss.fetch(JobName.VerifyCache, { batchSize: 1 });
  expect(job?.id).toBe(id);
  await jobs.runs.update(id, { state: 'ACTIVE', attempt: 1, startedAt: new Date() });
  return id;
}

const runState = async (id: string) => (await jobs.db.query<{ state: string; dead_lettered: boolean; attempt: number; error: string | null }>('select state, dead_lettered, attempt, error from job_run where id = $1', [id])).rows[0]!;

describe('job run reconciliation', () => {
  it('leaves a job its worker still holds alone', async () => {
    const id = await takenJob(0);
    expect(await reconcileJobRuns(jobs)).toBe(0);
    expect((await runState(id)).state).toBe('ACTIVE');
    // Finished by pg-boss but never recorded (the worker died between the two): COMPLETED.
    await jobs.boss.complete(JobName.VerifyCache, id);
    expect(await reconcileJobRuns(jobs)).toBe(1);
    expect((await runState(id)).state).toBe('COMPLETED');
  });

  it('marks a run RETRY when its job went back to the queue, and FAILED (dead-lettered) when its retries ran out', async () => {
    const retried = await takenJob(1);
    const failed = await takenJob(0);
    // What pg-boss's supervisor does to a job whose heartbeat stopped.
    await jobs.boss.fail(JobName.VerifyCache, retried, { message: 'heartbeat expired' });
    await jobs.boss.fail(JobName.VerifyCache, failed, { message: 'heartbeat expired' });

    expect(await reconcileJobRuns(jobs)).toBe(2);
    expect(await runState(retried)).toMatchObject({ state: 'RETRY', attempt: 1, error: 'heartbeat expired' });
    expect(await runState(failed)).toMatchObject({ state: 'FAILED', dead_lettered: true, error: 'heartbeat expired' });
    // The change is an event like any other: the activity read model follows.
    const { rows } = await jobs.db.query<{ n: string }>(`select count(*)::text as n from outbox where aggregate_id = $1 and payload->>'state' = 'FAILED'`, [failed]);
    expect(Number(rows[0]!.n)).toBe(1);
    // Nothing left to do on the next pass.
    expect(await reconcileJobRuns(jobs)).toBe(0);
  });
});
