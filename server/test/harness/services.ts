import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { ADMIN_DATABASE_URL, databaseUrl, TEST_REDIS_URL } from './constants.js';

export interface TestServices {
  databaseUrl: string;
  redisUrl: string;
  /** Every Redis key this test file writes starts with it. */
  redisPrefix: string;
  databaseName: string;
}

/**
 * Gives the calling test file its own Postgres database (cloned from the run's migrated
 * template) and its own Redis key prefix; both are removed after the file's tests.
 */
export function useTestServices(): TestServices {
  const id = `${process.env.VITEST_POOL_ID ?? '0'}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const handle: TestServices = {
    databaseName: `mq_test_${id}`,
    databaseUrl: '',
    redisUrl: TEST_REDIS_URL,
    redisPrefix: `mqtest:${id}:`,
  };
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    try {
      // Cloning fails while another session touches the template; that is brief, so retry.
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`CREATE DATABASE ${handle.databaseName} TEMPLATE ${inject('templateDatabase')}`);
          break;
        } catch (err) {
          if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 100));
        }
      }
    } finally {
      await admin.end();
    }
    handle.databaseUrl = databaseUrl(handle.databaseName);
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${handle.databaseName} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    await deleteKeys(TEST_REDIS_URL, handle.redisPrefix);
  });
  return handle;
}

export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template database of this run (global-setup.ts). */
    templateDatabase: string;
  }
}

/** A pg pool on the test database for the file's lifetime, for tests that write the outbox themselves. */
export function usePool(services: TestServices): { readonly pool: pg.Pool } {
  const handle = {} as { pool: pg.Pool };
  beforeAll(() => {
    handle.pool = new pg.Pool({ connectionString: services.databaseUrl });
  });
  afterAll(() => handle.pool.end());
  return handle;
}
