import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/infra/config.js';
import { createLogger } from '../src/infra/logger.js';
import { resolveServices, StartupError } from '../src/infra/services.js';
import { ADMIN_DATABASE_URL } from './harness/constants.js';
import { freePort } from './harness/spawn-product.js';

const logger = createLogger('silent');
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'marquee-services-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('finding Postgres and Redis at start-up', () => {
  it('starts an embedded PostgreSQL and a redis-server under the data directory when nothing answers', async () => {
    const [pgPort, redisPort, closedPg, closedRedis] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const config = loadConfig({ MARQUEE_DATA_DIR: dataDir, MARQUEE_EMBEDDED_PG_PORT: String(pgPort), MARQUEE_EMBEDDED_REDIS_PORT: String(redisPort) });
    const services = await resolveServices(config, logger, { postgresPort: closedPg, redisPort: closedRedis });
    try {
      expect(services.databaseUrl).toContain(`:${pgPort}/marquee`);
      const client = new pg.Client({ connectionString: services.databaseUrl });
      await client.connect();
      const { rows } = await client.query<{ db: string; v: string }>('select current_database() as db, current_setting($1) as v', ['server_version_num']);
      await client.end();
      expect(rows[0]!.db).toBe('marquee');
      expect(Number(rows[0]!.v)).toBeGreaterThanOrEqual(150000);

      expect(services.redisUrl).toBe(`redis://127.0.0.1:${redisPort}`);
      const redis = new Redis(services.redisUrl);
      expect(await redis.ping()).toBe('PONG');
      redis.disconnect();
    } finally {
      await services.stop();
    }
  }, 120_000);

  it('uses the local defaults when they answer, creating the database if needed', async () => {
    const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    const existed = (await admin.query(`select 1 from pg_database where datname = 'marquee'`)).rowCount === 1;
    const config = loadConfig({ MARQUEE_DATA_DIR: dataDir });
    const services = await resolveServices(config, logger);
    try {
      expect(services.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/marquee');
      expect(services.redisUrl).toBe('redis://127.0.0.1:6379');
      expect((await admin.query(`select 1 from pg_database where datname = 'marquee'`)).rowCount).toBe(1);
    } finally {
      await services.stop();
      // Leave the machine as found: drop the database only if this test created it.
      if (!existed) await admin.query('DROP DATABASE IF EXISTS marquee WITH (FORCE)');
      await admin.end();
    }
  });

  it('without Redis and without redis-server on PATH, fails with one line saying how to get Redis', async () => {
    const closed = await freePort();
    const config = loadConfig({ MARQUEE_DATA_DIR: dataDir, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' });
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const err = await resolveServices(config, logger, { postgresPort: 5432, redisPort: closed }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StartupError);
      expect((err as Error).message).toMatch(/^No Redis: .*apt-get install redis-server.*REDIS_URL/);
      expect((err as Error).message).not.toContain('\n');
    } finally {
      process.env.PATH = path;
    }
  });
});
