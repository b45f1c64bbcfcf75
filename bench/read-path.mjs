// Read path: title detail and a 50-item listing through Marquee's GraphQL API, against the floor
// (bare node:http + ioredis serving the same Redis documents) and against the same answers
// resolved through MikroORM on Postgres. One run, one machine; ratios are what to compare.
//   node bench/read-path.mjs            (after npm run build)
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { cpuMs, freePort, REDIS_URL, scratch, sleep, waitReady } from './scratch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TITLES = 2_000;
const token = randomBytes(32).toString('base64url');
const children = [];
const space = await scratch();
const { prefix } = space;
const dbUrl = space.databaseUrl;

async function run(name, opts, pid) {
  if (process.env.BENCH_ONLY && !process.env.BENCH_ONLY.split('|').some((part) => name.includes(part))) return { name, rps: NaN };
  const cpuBefore = await cpuMs(pid);
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  // The server's own CPU per request: less sensitive than req/s to what else the machine runs.
  const cpuPerRequestUs = Math.round((((await cpuMs(pid)) - cpuBefore) * 1000) / result.requests.total);
  const out = { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuPerRequestUs, errors: result.errors + result.non2xx };
  console.log(JSON.stringify(out));
  return out;
}

try {
  const marqueePort = await freePort();
  // MARQUEE_NODE_ARGS (e.g. --cpu-prof) go to the Marquee process; BENCH_ONLY picks runs by name.
  const nodeArgs = (process.env.MARQUEE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const marquee = spawn(process.execPath, [...nodeArgs, path.join(root, 'server/dist/main/cli.js'), 'start', '--role', 'api,projector'], {
    // A rate limit far above what one autocannon run sends, so it is counted (as in production) but never reached.
    env: { ...space.env(marqueePort), MARQUEE_SERVICE_TOKEN: token, MARQUEE_RATE_LIMIT: '100000000' },
    stdio: 'inherit',
  });
  children.push(marquee);
  const base = `http://127.0.0.1:${marqueePort}`;
  await waitReady(base);

  // A catalog to read: imported through the API like any other.
  for (let b = 0; b < TITLES; b += 500) {
    const items = Array.from({ length: 500 }, (_, i) => ({ provider: 'bench', externalId: String(b + i), kind: 'MOVIE', name: `Bench Title ${b + i}`, year: 1950 + ((b + i) % 70), popularity: (b + i) % 100 }));
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-marquee-service-token': token },
      body: JSON.stringify({ query: 'mutation($items: [ImportTitleInput!]!) { internalImportTitles(items: $items) { outcome } }', variables: { items } }),
    });
    if (!res.ok) throw new Error(`import failed: ${res.status}`);
  }
  // Reads go through an API key with catalog:read, as an integrator's would.
  const call = async (query, variables, headers = {}) =>
    (await (await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) })).json()).data;
  const admin = (await call('mutation { setup(input: { username: "bench", password: "bench password" }) { accessToken } }')).setup.accessToken;
  const apiKey = (await call('mutation { createApiKey(input: { name: "bench", scopes: [CATALOG_READ] }) { key } }', {}, { authorization: `Bearer ${admin}` })).createApiKey.key;
  const gql = (query, variables) => call(query, variables, { 'x-api-key': apiKey });
  for (let i = 0; i < 600; i++) {
    const data = await gql('{ titles(first: 1) { totalCount } }');
    if (data?.titles.totalCount === TITLES) break;
    await sleep(100);
  }
  const titleId = (await gql('{ titles(first: 1) { edges { node { id } } } }')).titles.edges[0].node.id;
  const redis = new Redis(REDIS_URL);
  const ns = await redis.get(`${prefix}rm:active`);
  redis.disconnect();

  const barePort = await freePort();
  const ormPort = await freePort();
  const start = (file, env) =>
    new Promise((resolve) => {
      const child = fork(path.join(root, 'bench/servers', file), { env: { ...process.env, ...env }, stdio: 'inherit' });
      children.push(child);
      child.once('message', () => resolve(child));
    });
  const bare = await start('bare.mjs', { PORT: String(barePort), REDIS_URL, DOC_PREFIX: `${prefix}rm:{${ns}}:title:`, CARD_PREFIX: `${prefix}rm:{${ns}}:titlecard:`, LISTING: `${prefix}rm:{${ns}}:list:titles:created` });
  const orm = await start('orm.mjs', { PORT: String(ormPort), DATABASE_URL: dbUrl });

  const TITLE_Q = JSON.stringify({ query: 'query T($id: ID!) { title(id: $id) { id name year kind version } }', variables: { id: titleId }, operationName: 'T' });
  const LIST_Q = JSON.stringify({ query: 'query L { titles(first: 50) { edges { node { id name year } } } }', operationName: 'L' });
  const post = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body });

  const results = [];
  const [barePid, ormPid] = [bare.pid, orm.pid];
  results.push(await run('detail: bare node:http + ioredis (floor)', { url: `http://127.0.0.1:${barePort}/title?id=${titleId}` }, barePid));
  results.push(await run('detail: marquee GraphQL (Redis)', { url: `${base}/graphql`, ...post(TITLE_Q) }, marquee.pid));
  results.push(await run('detail: MikroORM on Postgres', { url: `http://127.0.0.1:${ormPort}/title?id=${titleId}` }, ormPid));
  results.push(await run('listing 50: bare node:http + ioredis (floor)', { url: `http://127.0.0.1:${barePort}/titles` }, barePid));
  results.push(await run('listing 50: marquee GraphQL (Redis)', { url: `${base}/graphql`, ...post(LIST_Q) }, marquee.pid));
  results.push(await run('listing 50: MikroORM on Postgres', { url: `http://127.0.0.1:${ormPort}/titles` }, ormPid));
  // Latency where a server should live: a fixed request rate at 70% of the peak just measured.
  const steady = [];
  for (const [i, name, body] of [[1, 'detail', TITLE_Q], [4, 'listing 50', LIST_Q]]) {
    const rate = Math.floor(results[i].rps * 0.7);
    if (rate > 0) steady.push({ ...(await run(`${name}: marquee GraphQL at 70% of peak (${rate} req/s)`, { url: `${base}/graphql`, ...post(body), overallRate: rate }, marquee.pid)), rate });
  }

  const ratio = (a, b) => Number((a.rps / b.rps).toFixed(2));
  const summary = {
    name: 'read-path',
    date: new Date().toISOString(),
    node: process.version,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    titles: TITLES,
    results,
    steady,
    ratios: {
      detailVsFloor: ratio(results[1], results[0]),
      detailVsPostgres: ratio(results[1], results[2]),
      listingVsFloor: ratio(results[4], results[3]),
      listingVsPostgres: ratio(results[4], results[5]),
    },
    // Server CPU per request relative to the floor's (1 = as cheap as the floor).
    cpuPerRequestVsFloor: {
      detail: Number((results[1].cpuPerRequestUs / results[0].cpuPerRequestUs).toFixed(2)),
      listing: Number((results[4].cpuPerRequestUs / results[3].cpuPerRequestUs).toFixed(2)),
    },
    p99AtSeventyPercentMs: Object.fromEntries(steady.map((r) => [r.name.split(':')[0], r.p99])),
  };
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/read-path.json'), JSON.stringify(summary, null, 2) + '\n');
  console.log(JSON.stringify({ ...summary.ratios, cpuPerRequestVsFloor: summary.cpuPerRequestVsFloor, p99AtSeventyPercentMs: summary.p99AtSeventyPercentMs }));
} finally {
  for (const c of children) c.kill('SIGTERM');
  await sleep(1500);
  await space.cleanup();
}
