#!/usr/bin/env node
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { allProjections, rebuild, verify } from '@marquee/read-models';
import { announceRevocations } from '../auth/revocations.js';
import { hashPassword, opaqueToken } from '../auth/secrets.js';
import { buildAppSchema, printSortedSchema } from '../graphql/schema.js';
import { ConfigError, loadConfig, type Config } from '../infra/config.js';
import { createLogger, type Logger } from '../infra/logger.js';
import { createOrm } from '../infra/orm.js';
import { createRedis } from '../infra/redis.js';
import { resolveServices, StartupError } from '../infra/services.js';
import { createPool } from '../infra/sql.js';
import { migrateWithLock, ROLES, startMarquee, type Role } from './runtime.js';
import { SCHEMA_FILE } from './schema-file.js';
import { parseMediaName } from '../jobs/scan/naming/parse-name.js';


function fail(message: string, code = 1): never {
  process.stderr.write(`marquee: ${message}\n`);
  process.exit(code);
}

function setup(): { config: Config; logger: Logger } {
  if (Number(process.versions.node.split('.')[0]) < 24) {
    fail(`Node ${process.versions.node} is running; Marquee needs Node >= 24 (run it through npm so the pinned Node is used).`);
  }
  try {
    const config = loadConfig();
    return { config, logger: createLogger(config.logLevel) };
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 2);
    throw err;
  }
}

function parseRoles(value: string): Role[] {
  const roles = value.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length || roles.length === 0) {
    throw new InvalidArgumentError(`--role takes a comma-separated list of ${ROLES.join(', ')}`);
  }
  return roles as Role[];
}

/** Connections for the maintenance commands, closed when the command ends. */
async function withConnections<T>(fn: (c: { pool: import('pg').Pool; redis: import('ioredis').Redis; config: Config; logger: Logger }) => Promise<T>): Promise<T> {
  const { config, logger } = setup();
  const services = await resolveServices(config, logger);
  const pool = createPool(services.databaseUrl);
  const redis = createRedis(services.redisUrl, logger, 'cli');
  try {
    return await fn({ pool, redis, config, logger });
  } finally {
    await pool.end();
    redis.disconnect();
    await services.stop();
  }
}

const program = new Command('marquee')
  .description('Marquee: self-hosted media catalog and library automation')
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(str) });

program
  .command('start')
  .description('Run Marquee: api, worker, projector and web in one process unless --role narrows it')
  .addOption(new Option('--role <roles>', `comma-separated roles (${ROLES.join(', ')})`).default(ROLES.join(',')).argParser(parseRoles))
  .action(async (opts: { role: Role[] | string }) => {
    const roles = typeof opts.role === 'string' ? parseRoles(opts.role) : opts.role;
    const { config, logger } = setup();
    let running: Awaited<ReturnType<typeof startMarquee>>;
    try {
      running = await startMarquee(config, roles, logger);
    } catch (err) {
      if (err instanceof StartupError) fail(err.message);
      logger.fatal({ err }, 'start-up failed');
      fail(err instanceof Error ? err.message : 'start-up failed');
    }
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      const force = setTimeout(() => process.exit(1), 20_000);
      force.unref();
      void running.stop().then(() => process.exit(0));
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(async () => {
    const { config, logger } = setup();
    const services = await resolveServices(config, logger);
    const orm = await createOrm(services.databaseUrl);
    const pool = createPool(services.databaseUrl);
    try {
      const applied = await migrateWithLock(orm, pool);
      process.stdout.write(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'database is up to date\n');
    } finally {
      await orm.close();
      await pool.end();
      await services.stop();
    }
  });

const users = program.command('users').description('Manage people who sign in');

users
  .command('reset-password')
  .argument('<username>', 'whose password to reset')
  .description('Set a new random password (printed once) and sign the user out everywhere; for a lost admin password')
  .action(async (username: string) => {
    const found = await withConnections(async ({ pool, redis, config }) => {
      const password = opaqueToken(12);
      const { rows } = await pool.query<{ id: string }>(`update app_user set password_hash = $2, updated_at = now() where username_key = $1 returning id`, [
        username.normalize('NFKC').toLowerCase(),
        await hashPassword(password),
      ]);
      if (!rows[0]) return null;
      const ended = await pool.query<{ id: string }>(
        `update auth_session set revoked_at = now(), revoked_reason = 'password reset' where user_id = $1 and revoked_at is null returning id`,
        [rows[0].id],
      );
      await announceRevocations(redis, config.redisPrefix, ended.rows.map((r) => r.id));
      return { password, sessions: ended.rowCount ?? 0 };
    });
    if (!found) {
      process.stderr.write(`marquee: no user named ${username}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`new password for ${username}: ${found.password}\n${found.sessions} session(s) signed out\n`);
  });

const readModels = program.command('read-models').description('Maintain the Redis read models');

readModels
  .command('rebuild')
  .description('Project the whole outbox into a fresh namespace, then switch to it atomically')
  .action(async () => {
    await withConnections(async ({ pool, redis, config }) => {
      const result = await rebuild({ pool, redis, keySpace: { prefix: config.redisPrefix }, projections: allProjections, partitions: config.projectorPartitions });
      process.stdout.write(`rebuilt namespace ${result.namespace} from ${result.events} event(s); previous ${result.previous} expires shortly\n`);
    });
  });

readModels
  .command('verify')
  .description('Compare the read models with a fresh projection; exit 1 listing drifted documents and unprojectable events')
  .action(async () => {
    const drifted = await withConnections(async ({ pool, redis, config }) => {
      const result = await verify({ pool, redis, keySpace: { prefix: config.redisPrefix }, projections: allProjections });
      process.stdout.write(`checked ${result.checked} document(s) in namespace ${result.namespace}: ${result.drifted.length} drifted\n`);
      for (const d of result.drifted) process.stdout.write(`${d.model}:${d.id} ${d.reason}\n`);
      if (result.deadLetters.length) process.stdout.write(`${result.deadLetters.length} outbox event(s) could not be projected:\n`);
      for (const d of result.deadLetters) process.stdout.write(`outbox ${d.outboxId} ${d.type} ${d.model}:${d.id}: ${d.error}\n`);
      return result.drifted.length + result.deadLetters.length;
    });
    if (drifted > 0) process.exitCode = 1;
  });

program
  .command('parse-name')
  .description('Print what the file name parser reads from each path: one JSON object per line (kind, title, year, season, episode, absoluteEpisode)')
  .argument('<paths...>', 'file paths; folders give context (Season 01, the show folder, {tmdb-123}, [imdbid-tt…])')
  .addOption(new Option('--library-kind <kind>', 'the kind of library the paths are in').choices(['movies', 'series', 'anime', 'mixed']))
  .action((paths: string[], opts: { libraryKind?: 'movies' | 'series' | 'anime' | 'mixed' }) => {
    for (const p of paths) {
      const r = parseMediaName(p, opts.libraryKind ? { libraryKind: opts.libraryKind } : {});
      process.stdout.write(`${JSON.stringify({ path: p, kind: r.kind, title: r.title, year: r.year, season: r.season, episode: r.episode, absoluteEpisode: r.absoluteEpisode, externalIds: r.externalIds })}\n`);
    }
  });

program
  .command('schema')
  .description('Print the GraphQL schema (SDL, sorted); --write updates schema.graphql, --check fails on drift')
  .option('--write', 'write schema.graphql at the top of the repository')
  .option('--check', 'exit 1 when schema.graphql differs from the code')
  .action(async (opts: { write?: boolean; check?: boolean }) => {
    const sdl = printSortedSchema(await buildAppSchema());
    if (opts.write) {
      await writeFile(SCHEMA_FILE, sdl);
      process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
    } else if (opts.check) {
      const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
      if (committed !== sdl) fail('schema.graphql is out of date: run `npm run marquee -- schema --write` and commit it');
      process.stdout.write('schema.graphql is up to date\n');
    } else {
      process.stdout.write(sdl);
    }
  });

program
  .command('migration:create')
  .description('Generate a migration from the difference between the entities and the snapshot (development)')
  .argument('[name]', 'short name for the migration')
  .action(async (name?: string) => {
    const { config, logger } = setup();
    const services = await resolveServices(config, logger);
    const orm = await createOrm(services.databaseUrl);
    try {
      const result = await orm.migrator.create(undefined, false, false, name);
      process.stdout.write(result.fileName ? `created migrations/${result.fileName}\n` : 'no changes: entities and migrations agree\n');
    } finally {
      await orm.close();
      await services.stop();
    }
  });

program.parseAsync().catch((err: Error) => fail(err.message));
