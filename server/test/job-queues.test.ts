import { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { PgBoss } from 'pg-boss';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoss } from '../src/infra/boss.js';
import { loadConfig } from '../src/infra/config.js';
import { JobProgressStore } from '../src/infra/job-progress.js';
import { createLogger } from '../src/infra/logger.js';
import { createOrm } from '../src/infra/orm.js';
import { RedisPubSub } from '../src/infra/redis.js';
import type { JobHandler, WorkerServices } from '../src/jobs/job-context.js';
import { JobName } from '../src/jobs/job-names.js';
import { JobRuns } from '../src/jobs/job-runs.js';
import { startWorkers } from '../src/jobs/registry.js';
import { eventually } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

// The phase queues on the real pg-boss and Postgres: how workers drain a backlog, and what the
// queue policies let through.
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

const jobStates = async (queue: string) =>
  Object.fromEntries((await db.query<{ state: string; n: number }>('select state, count(*)::int as n from pgboss.job where name = $1 group by state', [queue])).rows.map((r) => [r.state, r.n]));

describe('workers', () => {
  it('drain a backlog queued by one burst of sends, not one job per backstop poll', async () => {
    // The backstop poll is an hour: only NOTIFY (one for the whole insert) and the workers' own
    // re-fetch after each job can move the backlog. Before that re-fetch, each worker slot ran one
    // job per wake-up and slept the backstop interval after it, leaving the rest in `created`.
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, MARQUEE_REDIS_PREFIX: services.redisPrefix, MARQUEE_JOB_SUPERVISE_SECONDS: '3600' });
    const handled: string[] = [];
    const verify: JobHandler<{ n: number }> = async (data) => {
      handled.push(String(data.n));
      return { n: data.n };
    };
    const noop: JobHandler<never> = async () => ({});
    const workers = await startWorkers({
      boss,
      services: { orm, boss, config } as WorkerServices,
      runs,
      pubsub: new RedisPubSub(subscriber, redis),
      prefix: services.redisPrefix,
      logger,
      handlers: { [JobName.ScanLibrary]: noop, [JobName.VerifyCache]: verify as JobHandler<never> },
    });
    try {
      const count = 12;
      await boss.insert(JobName.VerifyCache, Array.from({ length: count }, (_, n) => ({ data: { n } })));
      const done = await eventually(async () => ((await jobStates(JobName.VerifyCache)).completed === count ? true : undefined), `all ${count} verify jobs completed`, 300, 100).catch(() => false);
      expect({ done, states: await jobStates(JobName.VerifyCache) }).toEqual({ done: true, states: { completed: count } });
      expect(handled.sort()).toEqual(Array.from({ length: count }, (_, n) => String(n)).sort());
    } finally {
      await boss.offWork(JobName.VerifyCache);
      await boss.offWork(JobName.ScanLibrary);
      await workers.stop();
    }
  });
});
