// Scanning: a synthetic tree of 100k files (configurable with BENCH_FILES). Measures, in one run:
//  - first scan without ffprobe, in files per second (job start to end, as recorded in its job run);
//  - an unchanged rescan against `find <root> -printf '%s %T@ %i\n'` on the same (warm) tree;
//  - a targeted scan of one new path until the file is visible in the read model;
//  - fan-out of job progress to 5k graphql-ws subscribers (BENCH_SUBSCRIBERS): p99 and RSS.
//   node bench/scan.mjs            (after npm run build)
import { execFile, fork, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort, REDIS_URL, scratch, sleep, startProduct } from './scratch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const FILES = Number(process.env.BENCH_FILES ?? 100_000);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 5_000);
const run = promisify(execFile);
const space = await scratch();
const children = [];
const library = await mkdtemp(path.join(tmpdir(), 'marquee-bench-lib-'));

/** Movies in their folders and series in season folders, with sidecars, like a real library. */
async function makeTree(dir, count) {
  let made = 0;
  for (let m = 0; made < count; m++) {
    const series = m % 4 === 0;
    if (series) {
      const show = path.join(dir, 'Series', `Show ${m} (${1990 + (m % 30)})`);
      for (let s = 1; s <= 3 && made < count; s++) {
        const season = path.join(show, `Season ${String(s).padStart(2, '0')}`);
        await mkdir(season, { recursive: true });
        for (let e = 1; e <= 10 && made < count; e++, made++) await writeFile(path.join(season, `Show ${m} - S${String(s).padStart(2, '0')}E${String(e).padStart(2, '0')}.mkv`), '');
      }
    } else {
      const folder = path.join(dir, 'Movies', `Movie ${m} (${1950 + (m % 70)})`);
      await mkdir(folder, { recursive: true });
      for (const name of [`Movie ${m} (${1950 + (m % 70)}).mkv`, `Movie ${m} (${1950 + (m % 70)}).en.srt`, 'movie.nfo', 'poster.jpg']) {
        if (made++ >= count) break;
        await writeFile(path.join(folder, name), '');
      }
    }
  }
}

async function findBaseline() {
  const started = process.hrtime.bigint();
  await run('find', [library, '-printf', '%s %T@ %i\n'], { maxBuffer: 1 << 30 });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

try {
  await makeTree(library, FILES);
  const port = await freePort();
  const env = { ...space.env(port), MARQUEE_FFPROBE: 'off', MARQUEE_RATE_LIMIT: '100000000' };
  // SPLIT=1: the projector in its own process (`--role projector`), as docs/operations.md lays out.
  const split = process.env.SPLIT === '1';
  const { base, call, token, process: marquee } = await startProduct(root, env, children, { roles: split ? 'api,worker' : 'api,worker,projector' });
  if (split) {
    const projector = spawn(process.execPath, [path.join(root, 'server/dist/main/cli.js'), 'start', '--role', 'projector'], { env: { ...env, PORT: String(await freePort()) }, stdio: 'inherit' });
    children.push(projector);
  }
  const gql = (query, variables) => call(query, variables, { authorization: `Bearer ${token}` });
  const { createLibrary } = await gql('mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }', { i: { name: 'Bench', rootPath: library, kind: 'MIXED' } });

  const scan = async (p = null) => {
    const { scanLibrary } = await gql('mutation($l: ID!, $p: String) { scanLibrary(libraryId: $l, path: $p) { id } }', { l: createLibrary.id, p });
    for (;;) {
      const data = await gql('query($id: ID!) { jobRun(id: $id) { state startedAt finishedAt output error } }', { id: scanLibrary.id }).catch(() => null);
      const job = data?.jobRun;
      if (job?.state === 'FAILED') throw new Error(job.error);
      if (job?.state === 'COMPLETED') return { ms: Date.parse(job.finishedAt) - Date.parse(job.startedAt), output: job.output };
      await sleep(50);
    }
  };

  // Each later measure starts on a settled system: after a first scan of 100k files the projector
  // (in the same process by default) is still projecting them for a while, and a rescan or a
  // targeted scan measured meanwhile would be measuring that backlog too.
  const waits = {};
  const settle = async (before) => {
    const settled = performance.now();
    for (;;) {
      const ready = await (await fetch(`${base}/ready`)).json().catch(() => null);
      if (ready?.checks?.projector?.lag === 0) break;
      if (performance.now() - settled > 600_000) throw new Error(`the projector did not catch up: ${JSON.stringify(ready?.checks?.projector)}`);
      await sleep(250);
    }
    waits[before] = Math.round(performance.now() - settled);
    console.log(JSON.stringify({ name: `projector caught up before ${before}`, waitedMs: waits[before] }));
  };

  const first = await scan();
  const firstRate = first.output.files / (first.ms / 1000);
  console.log(JSON.stringify({ name: 'first scan (no ffprobe)', files: first.output.files, ms: first.ms, filesPerSecond: Math.round(firstRate) }));
  await settle('the rescans');

  // Both sides on a warm cache, best of three each, alternated.
  const finds = [];
  const rescans = [];
  for (let i = 0; i < 3; i++) {
    finds.push(await findBaseline());
    const r = await scan();
    if (r.output.added || r.output.changed || r.output.missing) throw new Error(`an unchanged rescan wrote: ${JSON.stringify(r.output)}`);
    rescans.push(r.ms);
  }
  const find = Math.min(...finds);
  const rescan = Math.min(...rescans);
  console.log(JSON.stringify({ name: 'unchanged rescan', ms: rescan, findMs: Math.round(find), ratio: +(rescan / find).toFixed(2) }));

  // Targeted path: a new file appears, an *arr would call scanPath; time until the read model has it.
  await settle('the targeted scans');
  const targeted = [];
  for (let i = 0; i < 5; i++) {
    const dir = path.join(library, 'Movies', `Arrival ${i} (2016)`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `Arrival ${i} (2016).mkv`), '');
    const started = performance.now();
    await gql('mutation($p: String!) { scanPath(path: $p) { id } }', { p: dir });
    for (;;) {
      // An unmatched file is listed newest first: the new one is at the top once projected.
      const found = await gql('query { mediaFiles(unmatched: true, first: 5) { edges { node { path } } } }');
      if (found.mediaFiles.edges.some((e) => e.node.path === `Movies/Arrival ${i} (2016)/Arrival ${i} (2016).mkv`)) break;
      await sleep(5);
    }
    targeted.push(performance.now() - started);
  }
  targeted.sort((a, b) => a - b);
  console.log(JSON.stringify({ name: 'targeted path to read model', medianMs: Math.round(targeted[2]), maxMs: Math.round(targeted[4]) }));

  // Fan-out: SUBSCRIBERS graphql-ws clients on jobRunChanged, spread over BENCH_CLIENTS processes
  // (default 2: one per core) so the clients' own frame handling is not what gets measured; each
  // event carries its send time.
  // The fan-out is measured on its own, with the projector caught up.
  await settle('the fan-out');
  const url = `ws://127.0.0.1:${port}/graphql`;
  const CLIENTS = Math.max(1, Number(process.env.BENCH_CLIENTS ?? 2));
  const clients = [];
  for (let c = 0; c < CLIENTS; c++) {
    const count = Math.floor(SUBSCRIBERS / CLIENTS) + (c < SUBSCRIBERS % CLIENTS ? 1 : 0);
    const child = fork(path.join(root, 'bench/servers/fanout-client.mjs'), { env: { ...process.env, URL_WS: url, TOKEN: token, COUNT: String(count) } });
    children.push(child);
    clients.push(child);
  }
  const reply = (child, msg) => new Promise((resolve) => { child.once('message', resolve); child.send(msg); });
  // One client process at a time opens its sockets, as the single-process client did.
  for (const child of clients) await reply(child, { start: true });
  await sleep(1000);
  const rss = Number((await run('ps', ['-o', 'rss=', '-p', String(marquee.pid)])).stdout.trim()) * 1024;
  const redis = new Redis(REDIS_URL);
  const EVENTS = 20;
  for (let e = 0; e < EVENTS; e++) {
    const doc = { id: '00000000-0000-4000-8000-000000000000', queue: 'scan-library', libraryId: null, titleId: null, target: null, state: 'ACTIVE', done: e, total: EVENTS, message: String(Date.now()), error: null, attempt: 1, deadLettered: false, output: null, createdAt: new Date().toISOString(), startedAt: null, finishedAt: null };
    await redis.publish(`${space.prefix}jobs:live`, JSON.stringify(doc));
    await sleep(250);
  }
  await sleep(2000);
  redis.disconnect();
  const latencies = [];
  let received = 0;
  for (const child of clients) {
    const share = await reply(child, { stop: true });
    latencies.push(...share.latencies);
    received += share.received;
  }
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  const fanout = { name: 'job progress fan-out', subscribers: SUBSCRIBERS, clientProcesses: CLIENTS, events: EVENTS, delivered: received, expected: SUBSCRIBERS * EVENTS, p50: pct(50), p99: pct(99), rssMB: Math.round(rss / 1048576) };
  console.log(JSON.stringify(fanout));

  const results = {
    at: new Date().toISOString(),
    files: first.output.files,
    firstScan: { ms: first.ms, filesPerSecond: Math.round(firstRate), target: 10_000 },
    unchangedRescan: { ms: rescan, findMs: Math.round(find), ratio: +(rescan / find).toFixed(2), target: 2 },
    targetedPath: { medianMs: Math.round(targeted[2]), maxMs: Math.round(targeted[4]), target: 500 },
    fanout: { ...fanout, target: { p99: 100 } },
    projectorWaitsMs: waits,
    layout: split ? 'two processes: --role api,worker + --role projector' : 'one process: --role api,worker,projector',
  };
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/scan.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('wrote bench/results/scan.json');
} finally {
  for (const c of children) c.kill('SIGTERM');
  await sleep(1500);
  await space.cleanup().catch(() => undefined);
  await rm(library, { recursive: true, force: true });
}
