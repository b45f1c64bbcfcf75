// Enrichment: BENCH_TITLES movies (default 300) enriched through the real pipeline (API → pg-boss
// → worker → TMDB client → provider proxy → Postgres → projector) against Stoplight Prism on the
// official TMDB spec, with the provider rate limit off. Measures, in one run:
//  - the baseline: Prism's raw request rate for a movie details call (plain node fetch, the same
//    concurrency as the enrichment workers), the most a TMDB-bound phase could reach here;
//  - first enrichment (every provider answer a Redis cache miss), titles/s and requests per title;
//  - second enrichment of the same titles (refresh: false), served from the Redis provider cache.
//   node bench/enrich.mjs            (after npm run build)
import { execFile, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, scratch, sleep, startProduct } from './scratch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TITLES = Number(process.env.BENCH_TITLES ?? 300);
/** The enrich phase's per-process concurrency (pipeline.ts). */
const CONCURRENCY = 4;
/** Clients queueing the titles at once (BENCH_SENDERS; 16 at once used to leave a slowly draining backlog, see docs/benchmarks.md). */
const SENDERS = Number(process.env.BENCH_SENDERS ?? 1);
const TOKEN = 'bench-tmdb-read-token';
const run = promisify(execFile);
const space = await scratch();
const children = [];
const sql = async (q) => (await run('psql', [space.databaseUrl, '-tA', '-F', '|', '-c', q])).stdout.trim();

async function startPrism() {
  const port = await freePort();
  const spec = path.join(process.env.MARQUEE_FIXTURES_DIR ?? '/work/shared/fixtures', 'openapi/tmdb-v3/tmdb-api.parsed-examples.json');
  const child = spawn(path.join(root, 'node_modules/.bin/prism'), ['mock', '-h', '127.0.0.1', '-p', String(port), spec], { stdio: 'ignore' });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (await fetch(url).then(() => true, () => false)) return url;
    await sleep(200);
  }
  throw new Error('prism did not start');
}

/**
 * A pass-through front on Prism: the spec's example answers every movie with the same IMDb and
 * TVDB ids, which the catalog keeps unique per title; the front gives each movie its own (derived
 * from the TMDB id in the path) so titles do not compete for one id. Everything else is Prism's.
 */
async function startFront(target) {
  const port = await freePort();
  const server = createServer(async (req, res) => {
    const up = await fetch(new URL(req.url, target), { headers: { authorization: req.headers.authorization ?? '' } });
    let body = Buffer.from(await up.arrayBuffer());
    const m = /^\/3\/movie\/(\d+)\/external_ids/.exec(req.url);
    if (m && up.ok) body = Buffer.from(JSON.stringify({ ...JSON.parse(body.toString('utf8')), imdb_id: `tt${m[1].padStart(7, '0')}`, tvdb_id: null, wikidata_id: null }));
    res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json', 'content-length': body.length }).end(body);
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** Prism's raw rate: `count` GETs of a movie's details, CONCURRENCY at a time. */
async function baseline(url, count) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const id = 1000 + next++;
        const res = await fetch(`${url}/3/movie/${id}?language=en-US`, { headers: { authorization: `Bearer ${TOKEN}` } });
        if (!res.ok) throw new Error(`prism answered ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

const loadBefore = loadavg()[0];
let front;
try {
  front = await startFront(await startPrism());
  const prism = front.url;
  await baseline(prism, 50); // warm-up
  const rawRate = await baseline(prism, 1000);
  console.log(JSON.stringify({ step: 'baseline', requestsPerSecond: Math.round(rawRate) }));

  const port = await freePort();
  const env = {
    ...space.env(port),
    MARQUEE_RATE_LIMIT: '100000000',
    MARQUEE_SERVICE_TOKEN: 'bench-service-token-0123456789abcdef0123',
    TMDB_API_KEY: TOKEN,
    MARQUEE_TMDB_URL: prism,
    MARQUEE_PROVIDER_ORDER: 'tmdb',
    MARQUEE_PROVIDER_RATE_LIMITS: 'off',
  };
  const { call, token } = await startProduct(root, env, children);
  const admin = { authorization: `Bearer ${token}` };

  // Titles known by their TMDB id, as an import or a scan leaves them.
  const items = Array.from({ length: TITLES }, (_, i) => ({ provider: 'tmdb', externalId: String(1000 + i), kind: 'MOVIE', name: `Bench Movie ${i}`, year: 1950 + (i % 70) }));
  const imported = await call(`mutation($items: [ImportTitleInput!]!) { internalImportTitles(items: $items) { titleId error { message } } }`, { items }, { 'x-marquee-service-token': env.MARQUEE_SERVICE_TOKEN });
  const ids = imported.internalImportTitles.map((r) => {
    if (r.error) throw new Error(r.error.message);
    return r.titleId;
  });
  const tmdbStats = async () => (await call('{ providers { name requests cacheHits cacheMisses } }', {}, admin)).providers.find((p) => p.name === 'tmdb');

  /**
   * Queues enrichment of every title (one `enrichTitle` each, as a user or a scan would) and waits
   * until every job run finished; the span is first queued → last finished, and `queueSeconds` the
   * part spent sending the mutations, SENDERS at a time (the workers start on the first job meanwhile).
   */
  const enrichAll = async () => {
    const before = await tmdbStats();
    const since = await sql('select now()');
    const sending = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < ids.length) await call(`mutation($t: ID!) { enrichTitle(titleId: $t, refresh: false) { id } }`, { t: ids[next++] }, admin);
      }),
    );
    const queueSeconds = (performance.now() - sending) / 1000;
    const pass = `from job_run where queue = 'enrich-metadata' and created_at >= '${since}'`;
    for (let last = -1, since = Date.now(); ; ) {
      const [done, failed] = (await sql(`select count(*) filter (where state = 'COMPLETED'), count(*) filter (where state in ('FAILED', 'RETRY')) ${pass}`)).split('|').map(Number);
      if (failed) throw new Error(`${failed} enrichment jobs failed`);
      if (done >= TITLES) break;
      if (done !== last) [last, since] = [done, Date.now()];
      else if (Date.now() - since > 120_000) throw new Error(`no enrichment job finished for 2 minutes (${done} of ${TITLES} done)`);
      await sleep(200);
    }
    const seconds = Number(await sql(`select extract(epoch from max(finished_at) - min(created_at)) ${pass}`));
    const after = await tmdbStats();
    const requests = after.requests - before.requests;
    const hits = after.cacheHits - before.cacheHits;
    const misses = after.cacheMisses - before.cacheMisses;
    return { seconds: +seconds.toFixed(2), queueSeconds: +queueSeconds.toFixed(2), titlesPerSecond: +(TITLES / seconds).toFixed(1), providerRequests: requests, requestsPerTitle: +(requests / TITLES).toFixed(2), cacheHits: hits, cacheMisses: misses };
  };

  const first = await enrichAll();
  console.log(JSON.stringify({ step: 'first enrichment (cache misses)', ...first }));
  const second = await enrichAll();
  console.log(JSON.stringify({ step: 'second enrichment (provider cache)', ...second }));

  const results = {
    at: new Date().toISOString(),
    titles: TITLES,
    workerConcurrency: CONCURRENCY,
    providerRateLimit: 'off',
    baseline: { what: 'Prism (official TMDB spec, through the same id-rewriting front) raw movie-details GETs, plain node fetch, 4 at a time', requestsPerSecond: Math.round(rawRate) },
    firstEnrichment: first,
    cachedEnrichment: second,
    ratios: {
      // Provider requests the first pass made per second, against what Prism can answer at all.
      firstPassProviderRequestRateVsRaw: +((first.providerRequests / first.seconds) / rawRate).toFixed(2),
      // Titles per second against the raw rate divided by the requests one title needs.
      firstPassTitlesVsRawCeiling: +(first.titlesPerSecond / (rawRate / Math.max(1, first.requestsPerTitle))).toFixed(2),
      cachedVsFirstPass: +(second.titlesPerSecond / first.titlesPerSecond).toFixed(2),
      cachedTitlesVsRawRequests: +(second.titlesPerSecond / rawRate).toFixed(2),
    },
    // The machine is shared: the 1-minute load average before and after, against its core count.
    machine: { cores: cpus().length, loadBefore: +loadBefore.toFixed(2), loadAfter: +loadavg()[0].toFixed(2) },
  };
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/enrich.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('wrote bench/results/enrich.json');
} finally {
  front?.close();
  for (const c of children) c.kill('SIGTERM');
  await sleep(1500);
  await space.cleanup().catch(() => undefined);
}
