// Idle RSS of the all-in-one process: start `marquee start` (all roles) against a scratch database
// and Redis prefix, wait for /ready, let it settle, sample RSS from /proc a few times, stop it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';

const root = fileURLToPath(new URL('..', import.meta.url));
const admin = process.env.MARQUEE_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
const db = `mq_bench_${id}`;
const prefix = `mqbench:${id}:`;

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`CREATE DATABASE ${db}`);
const dataDir = await mkdtemp(path.join(tmpdir(), 'marquee-bench-'));
const url = new URL(admin);
url.pathname = `/${db}`;
const child = spawn(process.execPath, [path.join(root, 'server/dist/main/cli.js'), 'start'], {
  env: { ...process.env, PORT: String(port), DATABASE_URL: url.toString(), REDIS_URL: 'redis://127.0.0.1:6379', MARQUEE_REDIS_PREFIX: prefix, MARQUEE_DATA_DIR: dataDir, MARQUEE_LOG_LEVEL: 'warn' },
  stdio: 'inherit',
});
try {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // One page render so the web handler's lazy modules are loaded, as after a first visit.
  await fetch(`http://127.0.0.1:${port}/`);
  await new Promise((r) => setTimeout(r, 10_000));
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    samples.push(Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024);
    await new Promise((r) => setTimeout(r, 1000));
  }
  samples.sort((a, b) => a - b);
  // Baseline in the same run: a bare Node process doing nothing.
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 2000));
  const bareStatus = await readFile(`/proc/${bare.pid}/status`, 'utf8');
  const bareMiB = Number(/VmRSS:\s+(\d+) kB/.exec(bareStatus)[1]) / 1024;
  bare.kill();
  const result = {
    name: 'idle-rss',
    date: new Date().toISOString(),
    node: process.version,
    rssMiB: { median: samples[2], min: samples[0], max: samples[4] },
    baselineBareNodeMiB: bareMiB,
    ratioToBareNode: Number((samples[2] / bareMiB).toFixed(2)),
  };
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/idle-rss.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result));
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await c.end();
  const redis = new Redis('redis://127.0.0.1:6379');
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await rm(dataDir, { recursive: true, force: true });
}
