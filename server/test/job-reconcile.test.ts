import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { PgBoss } from 'pg-boss';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoss } from '../src/infra/boss.js';
import { JobProgressStore } from '../src/infra/job-progress.js';
import { createLogger } from '../src/infra/logger.js';
import { createOrm } from '../src/infra/orm.js';
import { RedisPubSub } from '../src/infra/redis.js';
import { jobKeys } from '../src/jobs/job-keys.js';
import { JobName } from '../src/jobs/job-names.js';
import { JobRuns } from '../src/jobs/job-runs.js';
import { reconcileJobRuns } from '../src/jobs/reconcile.js';
import { useTestServices } from './harness/services.js';

// A worker that dies leaves its job run saying ACTIVE; pg-boss notices the missing heartbeat and
// retries or fails the job. Here pg-boss is driven the same way (a job taken, then failed by the
// queue rather than by a handler) and the reconciler must bring the job runs in line.
const services = useTestServices();
const logger = createLogger('silent');
let orm: MikroORM;
let boss: PgBoss;
let redis: Redis;
let subscriber: Redis;
let runs: JobRuns;
let db: pg.Client;

beforeAll(async () => {
  orm = await createOrm(services.databaseUrl);
  boss = await startBoss(services.databaseUrl, logger, { supervise: false });
  redis = new Redis(services.redisUrl);
  subscriber = new Redis(services.redisUrl);
  runs = new JobRuns(orm, new RedisPubSub(subscriber, redis), new JobProgressStore(redis, services.redisPrefix), services.redisPrefix);
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
});

afterAll(async () => {
  await boss?.stop({ graceful: false });
  await orm?.close();
  redis?.disconnect();
  subscriber?.disconnect();
  await db?.end();
});

/** A job taken by a worker that then vanished: its run says ACTIVE, pg-boss says active. */
async function takenJob(retryLimit: number): Promise<string> {
  // verify-cache is stately: each job needs its own key to be queued beside the others.
  const libraryId = randomUUID();
  const id = (await boss.send(JobName.VerifyCache, { libraryId }, { retryLimit, retryDelay: 0, singletonKey: jobKeys.verify(libraryId, 'verify') }))!;
  await runs.update(id, {}, { id, queue: JobName.VerifyCache, data: {} });
  const [job] = await boss.fetch(JobName.VerifyCache, { batchSize: 1 });
  expect(job?.id).toBe(id);
  await runs.update(id, { state: 'ACTIVE', attempt: 1, startedAt: new Date() });
  return id;
}

const runState = async (id: string) => (await db.query<{ state: string; dead_lettered: boolean; attempt: number; error: string | null }>('select state, dead_lettered, attempt, error from job_run where id = $1', [id])).rows[0]!;

describe('job run reconciliation', () => {
  it('leaves a job its worker still holds alone', async () => {
    const id = await takenJob(0);
    expect(await reconcileJobRuns({ orm, boss, runs, logger })).toBe(0);
    expect((await runState(id)).state).toBe('ACTIVE');
    // Finished by pg-boss but never recorded (the worker died between the two): COMPLETED.
    await boss.complete(JobName.VerifyCache, id);
    expect(await reconcileJobRuns({ orm, boss, runs, logger })).toBe(1);
    expect((await runState(id)).state).toBe('COMPLETED');
  });

  it('marks a run RETRY when its job went back to the queue, and FAILED (dead-lettered) when its retries ran out', async () => {
    const retried = await takenJob(1);
    const failed = await takenJob(0);
    // What pg-boss's supervisor does to a job whose heartbeat stopped.
    await boss.fail(JobName.VerifyCache, retried, { message: 'heartbeat expired' });
    await boss.fail(JobName.VerifyCache, failed, { message: 'heartbeat expired' });

    expect(await reconcileJobRuns({ orm, boss, runs, logger })).toBe(2);
    expect(await runState(retried)).toMatchObject({ state: 'RETRY', attempt: 1, error: 'heartbeat expired' });
    expect(await runState(failed)).toMatchObject({ state: 'FAILED', dead_lettered: true, error: 'heartbeat expired' });
    // The change is an event like any other: the activity read model follows.
    const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from outbox where aggregate_id = $1 and payload->>'state' = 'FAILED'`, [failed]);
    expect(Number(rows[0]!.n)).toBe(1);
    // Nothing left to do on the next pass.
    expect(await reconcileJobRuns({ orm, boss, runs, logger })).toBe(0);
  });
});
