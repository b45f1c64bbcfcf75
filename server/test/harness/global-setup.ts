import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { startBoss } from '../../src/infra/boss.js';
import { createLogger } from '../../src/infra/logger.js';
import { createOrm, migrate } from '../../src/infra/orm.js';
import { ADMIN_DATABASE_URL, databaseUrl } from './constants.js';

/**
 * Builds one template database per test run (migrations and the pg-boss schema applied), so
 * each test file can clone its own database in milliseconds. Dropped when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = `mq_tmpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const url = databaseUrl(template);
  const orm = await createOrm(url);
  await migrate(orm);
  await orm.close();
  const boss = await startBoss(url, createLogger('silent'), { supervise: false });
  await boss.stop({ graceful: false });
  project.provide('templateDatabase', template);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
