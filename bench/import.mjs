// Catalog import: a 40,482-title catalog (the size of anime-offline-database, week 05 2026)
// synthesized in its JSONL format from the real samples, imported with the parser through the
// API until every title is visible in the Redis read models; then the same rows COPY'd into a
// scratch table (the floor for getting them into Postgres at all); then an unchanged re-import.
//   node bench/import.mjs            (after npm run build; BENCH_TITLES to change the size)
// BENCH_LAYOUT=split runs the projector as its own process (`--role api,worker` + `--role
// projector`, as docs/architecture.md recommends for heavy writes); `one` (the default) runs every
// role in one process, as the compose file does. After the first import, `marquee read-models
// verify` compares every document and listing with a fresh projection of the outbox.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, scratch, sleep, startProduct } from './scratch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TITLES = Number(process.env.BENCH_TITLES ?? 40_482);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const LAYOUT = process.env.BENCH_LAYOUT ?? 'one';
if (!['one', 'split'].includes(LAYOUT)) throw new Error('BENCH_LAYOUT is one or split');
const run = promisify(execFile);
const space = await scratch();
const children = [];

function fixtures() {
  const found = [process.env.MARQUEE_FIXTURES_DIR, path.join(root, '../shared/fixtures'), '/work/shared/fixtures'].find((c) => c && existsSync(c));
  if (!found) throw new Error('the shared fixtures were not found; set MARQUEE_FIXTURES_DIR');
  return found;
}

/** A small deterministic PRNG, so every run imports the same catalog. */
function prng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

/** Entries shaped like the real ones (the samples' titles, synonyms, tags, studios, sources), each with its own ids. */
async function synthesize(file) {
  const dir = path.join(fixtures(), 'anime-offline-database', 'samples');
  const lines = (await readFile(path.join(dir, 'derived-anime-offline-database.jsonl'), 'utf8')).trim().split('\n');
  const old = JSON.parse(await readFile(path.join(dir, 'modb-serde-test_dataset_for_deserialization.json'), 'utf8')).data;
  const templates = [JSON.parse(lines[1]), ...old];
  const synonyms = templates.flatMap((t) => t.synonyms);
  const tags = [...new Set(templates.flatMap((t) => t.tags))];
  const rand = prng(40482);
  const pick = (list, n) => Array.from({ length: n }, () => list[Math.floor(rand() * list.length)]);
  const types = ['TV', 'TV', 'TV', 'MOVIE', 'OVA', 'ONA', 'SPECIAL'];
  const out = [lines[0]];
  for (let i = 0; i < TITLES; i++) {
    const t = templates[i % templates.length];
    const id = 100_000 + i;
    const sources = [`https://myanimelist.net/anime/${id}`, `https://anilist.co/anime/${id}`, `https://kitsu.app/anime/${id}`, `https://anidb.net/anime/${id}`, `https://anisearch.com/anime/${id}`, `https://livechart.me/anime/${id}`].slice(0, 2 + Math.floor(rand() * 5));
    out.push(
      JSON.stringify({
        ...t,
        sources,
        title: `${t.title} ${i}`,
        type: types[i % types.length],
        episodes: 1 + Math.floor(rand() * 50),
        animeSeason: { season: ['SPRING', 'SUMMER', 'FALL', 'WINTER'][i % 4], year: 1960 + (i % 66) },
        picture: `https://cdn.myanimelist.net/images/anime/${id % 2000}/${id}.jpg`,
        synonyms: [...new Set(pick(synonyms, Math.floor(rand() * 12)).map((s, k) => `${s} ${i}-${k}`))],
        tags: [...new Set(pick(tags, 3 + Math.floor(rand() * 15)))],
        studios: pick(['madhouse', 'sunrise', 'bones', 'production i.g', 'toei animation', 'kyoto animation'], 1 + Math.floor(rand() * 2)),
        relatedAnime: Array.from({ length: Math.floor(rand() * 4) }, () => `https://myanimelist.net/anime/${100_000 + Math.floor(rand() * TITLES)}`),
        score: { arithmeticGeometricMean: 5 + rand() * 4, arithmeticMean: 5 + rand() * 4, median: 5 + rand() * 4 },
        duration: { value: 600 + Math.floor(rand() * 6600), unit: 'SECONDS' },
      }),
    );
  }
  await writeFile(file, out.join('\n') + '\n');
}

const pgArray = (list) => `{${list.map((e) => `"${e.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
const csv = (v) => (v === null || v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`);

/** The same titles as rows (what the import keeps of each: fields, ids, provenance payload), COPY'd with psql. */
async function copyBaseline(jsonl, csvFile) {
  const { animeToItem } = await import(path.join(root, 'parser/dist/sources/anime-offline-database.source.js'));
  const rows = (await readFile(jsonl, 'utf8'))
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => animeToItem(JSON.parse(l)));
  await writeFile(
    csvFile,
    rows
      .map((r) =>
        [r.provider, r.externalId, r.kind, r.name, pgArray(r.synonyms), r.year, r.status, r.runtime, r.rating, pgArray(r.studios), pgArray(r.tags), JSON.stringify(r.externalIds), JSON.stringify(r)]
          .map(csv)
          .join(','),
      )
      .join('\n') + '\n',
  );
  const psql = (sql) => run('psql', [space.databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql]);
  await psql(
    'create table bench_copy_title (id uuid primary key default gen_random_uuid(), provider text, external_id text, kind text, name text, synonyms text[], year int, status text, runtime int, rating float8, studios text[], tags text[], external_ids jsonb, payload jsonb, unique (provider, external_id))',
  );
  const started = performance.now();
  await psql(`\\copy bench_copy_title (provider, external_id, kind, name, synonyms, year, status, runtime, rating, studios, tags, external_ids, payload) from '${csvFile}' with (format csv)`);
  const ms = performance.now() - started;
  const { stdout } = await run('psql', [space.databaseUrl, '-tA', '-c', 'select count(*) from bench_copy_title']);
  await psql('drop table bench_copy_title');
  return { ms, rows: Number(stdout.trim()) };
}

const loadBefore = loadavg()[0];
try {
  const jsonl = path.join(space.dataDir, 'aod-bench.jsonl');
  await synthesize(jsonl);
  const port = await freePort();
  const env = { ...space.env(port), MARQUEE_RATE_LIMIT: '100000000', MARQUEE_SERVICE_TOKEN: 'bench-service-token-0123456789abcdef0123' };
  const cli = path.join(root, 'server/dist/main/cli.js');
  const { base, call, token } = await startProduct(root, env, children, { roles: LAYOUT === 'split' ? 'api,worker' : 'api,worker,projector' });
  if (LAYOUT === 'split') {
    const { spawn } = await import('node:child_process');
    children.push(spawn(process.execPath, [cli, 'start', '--role', 'projector'], { env, stdio: 'inherit' }));
  }
  const visible = async () => (await call('{ titles(first: 1) { totalCount } }', {}, { authorization: `Bearer ${token}` })).titles.totalCount;

  const importOnce = async () => {
    const started = performance.now();
    const { stdout } = await run(
      process.execPath,
      [path.join(root, 'parser/dist/cli.js'), 'import', jsonl, '--source', 'anime-offline-database', '--url', base, '--batch-size', String(BATCH), '--concurrency', String(CONCURRENCY), '--log', 'json', '--checkpoint-dir', path.join(space.dataDir, 'checkpoints')],
      { env, maxBuffer: 1 << 26 },
    );
    const parserMs = performance.now() - started;
    while ((await visible()) < TITLES) await sleep(100);
    return { summary: JSON.parse(stdout.trim().split('\n').at(-1)), parserMs, visibleMs: performance.now() - started };
  };

  const first = await importOnce();
  console.log(JSON.stringify({ step: 'first import', ...first }));
  // No drift: every document and listing equals a fresh projection of the outbox.
  const verified = await run(process.execPath, [cli, 'read-models', 'verify'], { env, maxBuffer: 1 << 26 }).then(
    ({ stdout }) => ({ ok: true, output: stdout.trim() }),
    (err) => ({ ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}`.trim().slice(0, 2000) }),
  );
  console.log(JSON.stringify({ step: 'verify', ...verified }));
  if (!verified.ok) throw new Error(`read models drifted after the import: ${verified.output}`);
  const outboxBefore = Number((await run('psql', [space.databaseUrl, '-tA', '-c', 'select count(*) from outbox'])).stdout.trim());
  const again = await importOnce();
  const outboxAfter = Number((await run('psql', [space.databaseUrl, '-tA', '-c', 'select count(*) from outbox'])).stdout.trim());
  console.log(JSON.stringify({ step: 'unchanged re-import', ...again, outboxBefore, outboxAfter }));
  const copy = await copyBaseline(jsonl, path.join(space.dataDir, 'rows.csv'));
  console.log(JSON.stringify({ step: 'COPY', ...copy }));

  const results = {
    at: new Date().toISOString(),
    titles: TITLES,
    batchSize: BATCH,
    concurrency: CONCURRENCY,
    layout: LAYOUT === 'split' ? 'marquee start --role api,worker + marquee start --role projector' : 'marquee start --role api,worker,projector',
    firstImport: { ms: Math.round(first.visibleMs), parserMs: Math.round(first.parserMs), summary: first.summary, titlesPerSecond: Math.round(TITLES / (first.visibleMs / 1000)), target: { ms: 60_000, copyRatio: 10 } },
    copy: { ms: Math.round(copy.ms), rows: copy.rows },
    copyRatio: +(first.visibleMs / copy.ms).toFixed(1),
    verify: verified.output,
    unchangedReimport: { ms: Math.round(again.parserMs), summary: again.summary, outboxRowsAdded: outboxAfter - outboxBefore, target: { ms: 15_000 } },
    // The machine is shared: the 1-minute load average before and after, against its core count.
    machine: { cores: cpus().length, loadBefore: +loadBefore.toFixed(2), loadAfter: +loadavg()[0].toFixed(2) },
  };
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/import.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('wrote bench/results/import.json');
} finally {
  for (const c of children) c.kill('SIGTERM');
  await sleep(1500);
  await space.cleanup().catch(() => undefined);
}
