import { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { PgBoss } from 'pg-boss';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startBoss } from '../../src/infra/boss.js';
import { JobProgressStore } from '../../src/infra/job-progress.js';
import { createLogger, type Logger } from '../../src/infra/logger.js';
import { createOrm } from '../../src/infra/orm.js';
import { RedisPubSub } from '../../src/infra/redis.js';
import { JobRuns } from '../../src/jobs/job-runs.js';
import type { TestServices } from './services.js';

/** The parts of the job engine a test drives directly: real Postgres, pg-boss and Redis. */
export interface JobParts {
  logger: Logger;
  orm: MikroORM;
  boss: PgBoss;
  redis: Redis;
  subscriber: Redis;
  pubsub: RedisPubSub;
  runs: JobRuns;
  /** A plain client for looking at pg-boss's and Marquee's tables. */
  db: pg.Client;
}

/**
 * Starts the job parts before the file's tests (pg-boss without its supervisor, so a test decides
 * when jobs move) and stops them after. The returned object is filled in by `beforeAll`.
 */
export function useJobParts(services: TestServices): JobParts {
  const parts = { logger: createLogger('silent') } as JobParts;
  beforeAll(async () => {
    parts.orm = await createOrm(services.databaseUrl);
    parts.boss = await startBoss(services.databaseUrl, parts.logger, { supervise: false });
    parts.redis = new Redis(services.redisUrl);
    parts.subscriber = new Redis(services.redisUrl);
    parts.pubsub = new RedisPubSub(parts.subscriber, parts.redis);
    parts.runs = new JobRuns(parts.orm, parts.pubsub, new JobProgressStore(parts.redis, services.redisPrefix), services.redisPrefix);
    parts.db = new pg.Client({ connectionString: services.databaseUrl });
    await parts.db.connect();
  });
  afterAll(async () => {
    await parts.boss?.stop({ graceful: false });
    await parts.orm?.close();
    parts.redis?.disconnect();
    parts.subscriber?.disconnect();
    await parts.db?.end();
  });
  return parts;
}
