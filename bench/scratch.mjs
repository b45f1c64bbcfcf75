// What every benchmark needs: a scratch database, Redis prefix and data directory on the real
// services, a free port, and a cleanup that leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

export const ADMIN = process.env.MARQUEE_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.MARQUEE_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CPU time (user + system, all threads) a process has used so far, in ms (from /proc, 100 ticks/s). */
export async function cpuMs(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });

export async function scratch() {
  const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const db = `mq_bench_${id}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  const url = new URL(ADMIN);
  url.pathname = `/${db}`;
  const prefix = `mqbench:${id}:`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marquee-bench-'));
  return {
    databaseUrl: url.toString(),
    prefix,
    dataDir,
    /** The environment of a `marquee start` on this scratch space. */
    env: (port) => ({ ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: url.toString(), REDIS_URL, MARQUEE_REDIS_PREFIX: prefix, MARQUEE_DATA_DIR: dataDir, MARQUEE_LOG_LEVEL: 'warn' }),
    async cleanup() {
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
      const redis = new Redis(REDIS_URL);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.unlink(...keys);
      } while (cursor !== '0');
      redis.disconnect();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls GET /ready until it answers 200. */
export async function waitReady(base) {
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${base}/ready`).then((r) => r.ok, () => false)) return;
    await sleep(100);
  }
  throw new Error(`${base} never became ready`);
}

/**
 * Starts `marquee start` (roles api, worker and projector unless `roles` names others) from the
 * build with `env`, waits until it is ready and sets up the admin. Returns its base URL, a GraphQL
 * caller that throws on errors, and the admin's token; the child goes into `children` for the
 * caller's cleanup.
 */
export async function startProduct(root, env, children, { roles = 'api,worker,projector' } = {}) {
  const { spawn } = await import('node:child_process');
  // MARQUEE_NODE_ARGS (e.g. --cpu-prof) go to the Marquee process.
  const nodeArgs = (process.env.MARQUEE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const marquee = spawn(process.execPath, [...nodeArgs, path.join(root, 'server/dist/main/cli.js'), 'start', '--role', roles], { env, stdio: 'inherit' });
  children.push(marquee);
  const base = `http://127.0.0.1:${env.PORT}`;
  await waitReady(base);
  const call = async (query, variables, headers = {}) => {
    const body = await (await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) })).json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const token = (await call('mutation { setup(input: { username: "bench", password: "bench password" }) { accessToken } }')).setup.accessToken;
  return { base, call, token, process: marquee };
}
