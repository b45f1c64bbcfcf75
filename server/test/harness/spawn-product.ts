import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ADMIN_DATABASE_URL, databaseUrl, TEST_ADMIN, TEST_REDIS_URL } from './constants.js';
import { deleteKeys } from './services.js';

export const CLI = fileURLToPath(new URL('../../dist/main/cli.js', import.meta.url));

export interface Product {
  url: string;
  databaseUrl: string;
  redisPrefix: string;
  dataDir: string;
  serviceToken: string;
  child: ChildProcess;
  /** Output so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs the built product (`marquee start`) as a child process, the way users run it, against a
 * fresh database (migrated by the product itself) and its own Redis prefix; `stop()` removes both.
 * Used by tests of the programs that only talk to it over HTTP: the parser and the web client.
 */
export async function spawnProduct(opts: { roles?: string; env?: Record<string, string> } = {}): Promise<Product> {
  const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const dbName = `mq_e2e_${id}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marquee-e2e-'));
  const port = await freePort();
  const redisPrefix = `mqe2e:${id}:`;
  const serviceToken = randomBytes(32).toString('base64url');
  const args = [CLI, 'start', ...(opts.roles ? ['--role', opts.roles] : [])];
  let out = '';
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      // As users run it: production mode, where libraries behave as they will in the field.
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl(dbName),
      REDIS_URL: TEST_REDIS_URL,
      MARQUEE_REDIS_PREFIX: redisPrefix,
      MARQUEE_DATA_DIR: dataDir,
      MARQUEE_LOG_LEVEL: 'warn',
      MARQUEE_SERVICE_TOKEN: serviceToken,
      MARQUEE_PROJECTOR_POLL_MS: '200',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    const a = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await a.end();
    await deleteKeys(TEST_REDIS_URL, redisPrefix);
    await rm(dataDir, { recursive: true, force: true });
  };

  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/ready`);
      if (res.status === 200) return { url, databaseUrl: databaseUrl(dbName), redisPrefix, dataDir, serviceToken, child, output: () => out, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`marquee did not become ready:\n${out}`);
}

/** First-run setup of a spawned product over its API: creates an admin and returns its bearer token. */
export async function setupAdmin(url: string, credentials = TEST_ADMIN): Promise<string> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($input: SetupInput!) { setup(input: $input) { accessToken } }', variables: { input: credentials } }),
  });
  const body = (await res.json()) as { data?: { setup: { accessToken: string } }; errors?: unknown };
  if (!body.data) throw new Error(`setup failed: ${JSON.stringify(body.errors)}`);
  return body.data.setup.accessToken;
}
