// Projection: (1) lag from commit to visible in Redis at a steady 500 writes/s through GraphQL;
// (2) rebuild rate: 100k title events projected into a fresh namespace.
//   node bench/projection.mjs            (after npm run build)
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { allProjections, rebuild } from '../read-models/dist/index.js';
import { freePort, REDIS_URL, scratch, sleep, waitReady } from './scratch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const RATE = 500;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const REBUILD_TITLES = Number(process.env.BENCH_REBUILD_TITLES ?? 100_000);
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const space = await scratch();
const { prefix } = space;
const dbUrl = space.databaseUrl;
let marquee;
let projectorProcess;
const split = process.env.SPLIT === '1';
try {
  const port = await freePort();
  // SPLIT=1: the projector in its own process, as `--role` allows in production.
  const env = space.env(port);
  const cli = path.join(root, 'server/dist/main/cli.js');
  marquee = spawn(process.execPath, [cli, 'start', '--role', split ? 'api' : 'api,projector'], { env, stdio: 'inherit' });
  if (split) projectorProcess = spawn(process.execPath, [cli, 'start', '--role', 'projector'], { env, stdio: 'inherit' });
  const base = `http://127.0.0.1:${port}`;
  await waitReady(base);

  // (1) Lag: the projector announces each written document on a Redis channel.
  const visibleAt = new Map();
  const sub = new Redis(REDIS_URL);
  await sub.subscribe(`${prefix}rm:changes`);
  sub.on('message', (_c, msg) => {
    const t = performance.now();
    const change = JSON.parse(msg);
    if (!visibleAt.has(change.id)) visibleAt.set(change.id, t);
  });
  const committedAt = new Map();
  const create = async (i) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($i: CreateTitleInput!) { createTitle(input: $i) { id } }', variables: { i: { kind: 'MOVIE', name: `Lag ${i}`, year: 2000 } } }),
    });
    const t = performance.now();
    const body = await res.json();
    committedAt.set(body.data.createTitle.id, t);
  };
  const pending = [];
  const started = performance.now();
  for (let i = 0; i < RATE * SECONDS; i++) {
    // Paced: write i is sent at started + i / RATE seconds.
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(create(i));
  }
  await Promise.all(pending);
  const achievedRate = (RATE * SECONDS) / ((performance.now() - started) / 1000);
  for (let i = 0; i < 100 && visibleAt.size < committedAt.size; i++) await sleep(50);
  // The mutation's response can arrive after the projector already announced the change: 0 then.
  const lags = [...committedAt].map(([tid, c]) => Math.max(0, (visibleAt.get(tid) ?? Infinity) - c)).sort((a, b) => a - b);
  sub.disconnect();
  const lag = { processes: split ? 'api | projector' : 'api+projector', writes: lags.length, achievedWritesPerSecond: Math.round(achievedRate), p50ms: Number(pct(lags, 50).toFixed(2)), p99ms: Number(pct(lags, 99).toFixed(2)), maxMs: Number(lags.at(-1).toFixed(2)) };
  console.log(JSON.stringify({ lag }));
  marquee.kill('SIGTERM');
  await new Promise((r) => marquee.once('exit', r));
  marquee = null;
  if (projectorProcess) {
    projectorProcess.kill('SIGTERM');
    await new Promise((r) => projectorProcess.once('exit', r));
    projectorProcess = null;
  }

  // (2) Rebuild rate: outbox rows for 100k titles written straight into Postgres (this measures
  // projection, not import), then projected into a fresh namespace.
  const pool = new pg.Pool({ connectionString: dbUrl, max: 4 });
  await pool.query(`
    insert into outbox (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
    select 'title', u.id, 1, 'TitleCreated', jsonb_build_object(
      'id', u.id, 'kind', 'MOVIE', 'name', 'Rebuild Title ' || u.g, 'originalTitle', null,
      'synonyms', jsonb_build_array('RT ' || u.g), 'year', 1900 + u.g % 125, 'overview', null, 'runtime', 90,
      'status', null, 'rating', null, 'votes', null, 'popularity', u.g % 1000, 'genres', jsonb_build_array('Drama'),
      'studios', '[]'::jsonb, 'tags', '[]'::jsonb, 'externalIds', '[]'::jsonb, 'artwork', '[]'::jsonb, 'credits', '[]'::jsonb, 'seasons', '[]'::jsonb,
      'provenance', '{}'::jsonb, 'locks', '[]'::jsonb, 'deletedAt', null,
      'createdAt', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'updatedAt', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    from (select g, gen_random_uuid()::text as id from generate_series(1, $1) g) u`, [REBUILD_TITLES]);
  const total = Number((await pool.query('select count(*) from outbox')).rows[0].count);
  const redis = new Redis(REDIS_URL);
  const t0 = performance.now();
  const result = await rebuild({ pool, redis, keySpace: { prefix }, projections: allProjections, batchSize: 2000 });
  const seconds = (performance.now() - t0) / 1000;
  redis.disconnect();
  await pool.end();
  const rebuildResult = { events: result.events, outboxRows: total, seconds: Number(seconds.toFixed(1)), eventsPerSecond: Math.round(result.events / seconds) };
  console.log(JSON.stringify({ rebuild: rebuildResult }));

  const summary = { name: 'projection', date: new Date().toISOString(), node: process.version, lag, rebuild: rebuildResult };
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, `bench/results/${split ? 'projection-split' : 'projection'}.json`), JSON.stringify(summary, null, 2) + '\n');
} finally {
  if (marquee) marquee.kill('SIGTERM');
  if (projectorProcess) projectorProcess.kill('SIGTERM');
  await sleep(1000);
  await space.cleanup();
}
