import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeNamespace, allProjections, countPending, namespaceCheckpoints, rebuild, verify } from '@marquee/read-models';
import { eventually, TEST_SERVICE_TOKEN, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';
import { CLI } from './harness/spawn-product.js';

const services = useTestServices();
// The API only: projection happens in a separate process this test controls.
const marquee = useMarquee(services, ['api']);
let redis: Redis;
let pool: pg.Pool;
const PARTITIONS = 3;
let projectors: ChildProcess[] = [];

beforeAll(() => {
  redis = new Redis(services.redisUrl);
  pool = new pg.Pool({ connectionString: services.databaseUrl });
});
afterAll(async () => {
  for (const p of projectors) p.kill('SIGKILL');
  redis.disconnect();
  await pool.end();
});

const ks = () => ({ prefix: services.redisPrefix });
const opts = () => ({ pool, redis, keySpace: ks(), projections: allProjections, partitions: PARTITIONS });

function startProjector(): ChildProcess {
  const child = spawn(process.execPath, [CLI, 'start', '--role', 'projector'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      MARQUEE_REDIS_PREFIX: services.redisPrefix,
      MARQUEE_SERVICE_TOKEN: TEST_SERVICE_TOKEN,
      MARQUEE_LOG_LEVEL: 'warn',
      MARQUEE_PROJECTOR_POLL_MS: '100',
      MARQUEE_PROJECTOR_PARTITIONS: String(PARTITIONS),
    },
    stdio: 'ignore',
  });
  return child;
}

async function lag(): Promise<number> {
  const ns = await activeNamespace(redis, ks());
  return countPending(pool, await namespaceCheckpoints(redis, ks(), ns));
}

async function importBatch(from: number, count: number): Promise<void> {
  const items = Array.from({ length: count }, (_, i) => ({ provider: 'bench', externalId: String(from + i), kind: 'MOVIE', name: `Title ${from + i}`, year: 1950 + ((from + i) % 70) }));
  const res = await marquee.gql(`mutation($items: [ImportTitleInput!]!) { internalImportTitles(items: $items) { outcome } }`, { items }, { 'x-marquee-service-token': TEST_SERVICE_TOKEN });
  expect(res.errors).toBeUndefined();
}

describe('read-model operations', () => {
  it('a projector killed with SIGKILL mid-run and restarted ends with zero drift', async () => {
    const first = startProjector();
    projectors.push(first);
    // Write while it projects, and kill it while work is still pending.
    for (let b = 0; b < 6; b++) await importBatch(b * 100, 100);
    await eventually(async () => ((await lag()) < 600 ? true : undefined), 'the projector to start applying');
    const writes = (async () => {
      for (let b = 6; b < 12; b++) await importBatch(b * 100, 100);
    })();
    await eventually(async () => ((await lag()) > 0 ? true : undefined), 'pending work', 400, 5).catch(() => undefined);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    await writes;
    expect(await lag()).toBeGreaterThan(0);

    projectors.push(startProjector());
    await eventually(async () => ((await lag()) === 0 ? true : undefined), 'the restarted projector to catch up', 600, 50);
    const result = await verify(opts());
    expect(result.checkpoints).toHaveLength(PARTITIONS);
    expect(result.checked).toBe(2400); // a document and a card per title
    expect(result.drifted).toEqual([]);
  });

  it('with two projector processes, the partitions are shared out; killing one hands its partitions to the other', async () => {
    // The restarted projector of the previous test holds every partition; a second one joins.
    const standby = startProjector();
    projectors.push(standby);
    const holders = async () =>
      (
        await pool.query<{ n: number }>(
          `select count(*)::int as n from pg_locks
            where locktype = 'advisory' and classid = $1 and granted
              and database = (select oid from pg_database where datname = current_database())
            group by pid order by n desc`,
          [0x6d71],
        )
      ).rows.map((r) => r.n);
    // Three partitions over two processes: two and one.
    await eventually(async () => (JSON.stringify(await holders()) === '[2,1]' ? true : undefined), 'partitions balanced', 600, 50);
    await importBatch(2000, 100);
    await eventually(async () => ((await lag()) === 0 ? true : undefined), 'caught up', 600, 50);
    expect((await verify(opts())).drifted).toEqual([]);
    const active = projectors[1]!;
    active.kill('SIGKILL');
    await new Promise((r) => active.once('exit', r));
    await importBatch(3000, 200);
    await eventually(async () => ((await lag()) === 0 ? true : undefined), 'the standby to take over every partition', 600, 50);
    const locks = await pool.query<{ n: number }>(`select count(*)::int as n from pg_locks
        where locktype = 'advisory' and classid = $1 and granted
          and database = (select oid from pg_database where datname = current_database())`, [0x6d71]);
    expect(locks.rows[0]!.n).toBe(PARTITIONS);
    expect((await verify(opts())).drifted).toEqual([]);
    standby.kill('SIGKILL');
    await new Promise((r) => standby.once('exit', r));
    projectors = [];
  });

  it('Redis flushed: queries are NOT_FOUND, then everything is restored without a Postgres fallback', async () => {
    const anyId = (await pool.query<{ id: string }>('select id from title limit 1')).rows[0]!.id;
    const keysOfTest = await redis.keys(`${services.redisPrefix}rm:*`);
    await redis.del(...keysOfTest);
    const res = await marquee.gql(`query($id: ID!) { title(id: $id) { id } }`, { id: anyId });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    await rebuild(opts());
    await eventually(async () => ((await marquee.gql(`query($id: ID!) { title(id: $id) { id } }`, { id: anyId })).data ? true : undefined), 'restored');
    expect((await verify(opts())).drifted).toEqual([]);
  });

  it('a rebuild during continuous reads fails no read', async () => {
    const ids = (await pool.query<{ id: string }>('select id from title order by id limit 200')).rows.map((r) => r.id);
    let reads = 0;
    const failures: unknown[] = [];
    let stop = false;
    const reader = async () => {
      while (!stop) {
        const id = ids[reads % ids.length]!;
        const res = await marquee.gql<{ title: { id: string }; titles: { totalCount: number } }>(
          `query($id: ID!) { title(id: $id) { id } titles(first: 20) { totalCount } }`,
          { id },
        );
        reads++;
        if (res.errors || res.data?.title.id !== id || res.data.titles.totalCount !== 1500) failures.push(res.errors ?? res.data);
      }
    };
    const readers = [reader(), reader(), reader(), reader()];
    const namespaces = [];
    for (let i = 0; i < 3; i++) namespaces.push((await rebuild(opts())).namespace);
    stop = true;
    await Promise.all(readers);
    expect(new Set(namespaces).size).toBe(3);
    expect(reads).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });
});
