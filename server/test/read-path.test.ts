import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeNamespace, allProjections, keys, namespaceCheckpoints, rebuild, verify } from '@marquee/read-models';
import { eventually, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'projector']);
let redis: Redis;
let pool: pg.Pool;

beforeAll(() => {
  redis = new Redis(services.redisUrl);
  pool = new pg.Pool({ connectionString: services.databaseUrl });
});
afterAll(async () => {
  redis.disconnect();
  await pool.end();
});

const TITLE = `query Title($id: ID!) { title(id: $id) { id name year version kind } }`;

async function create(name: string, year?: number): Promise<string> {
  const res = await marquee.gql<{ createTitle: { id: string } }>(
    `mutation($input: CreateTitleInput!) { createTitle(input: $input) { id } }`,
    { input: { kind: 'MOVIE', name, year } },
  );
  return res.data!.createTitle.id;
}

describe('read path', () => {
  it('projects a created title into Redis and serves title(id) from there', async () => {
    const id = await create('Paprika', 2006);
    const title = await eventually(async () => {
      const res = await marquee.gql<{ title: { name: string } }>(TITLE, { id });
      return res.data?.title;
    }, 'title projected');
    expect(title).toMatchObject({ id, name: 'Paprika', year: 2006, version: 1, kind: 'MOVIE' });

    const ks = { prefix: services.redisPrefix };
    const ns = await activeNamespace(redis, ks);
    const doc = JSON.parse((await redis.get(keys.doc(ks, ns, 'title', id)))!);
    expect(doc).toMatchObject({ id, name: 'Paprika', version: 1 });
    // The checkpoint moved to the row that produced the document.
    const [checkpoint] = await namespaceCheckpoints(redis, ks, ns);
    const { rows } = await pool.query(`select id::text, tx_id::text from outbox where aggregate_id = $1`, [id]);
    expect(BigInt(checkpoint!.id) >= BigInt(rows[0].id)).toBe(true);
  });

  it('answers NOT_FOUND for a missing id', async () => {
    const res = await marquee.gql(TITLE, { id: '00000000-0000-4000-8000-000000000000' });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.data).toBeNull();
  });

  it('never falls back to Postgres: a title whose read model is gone is NOT_FOUND', async () => {
    const id = await create('Perfect Blue', 1997);
    const ks = { prefix: services.redisPrefix };
    await eventually(async () => ((await marquee.gql(TITLE, { id })).data ? true : undefined), 'projected');
    const ns = await activeNamespace(redis, ks);
    await redis.del(keys.doc(ks, ns, 'title', id));
    const res = await marquee.gql(TITLE, { id });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const row = await pool.query('select 1 from title where id = $1', [id]);
    expect(row.rowCount).toBe(1);

    // verify notices the drift, rebuild repairs it.
    const opts = { pool, redis, keySpace: ks, projections: allProjections };
    const before = await verify(opts);
    expect(before.drifted).toContainEqual({ model: 'title', id, reason: 'missing' });
    const rebuilt = await rebuild(opts);
    expect(rebuilt.namespace).not.toBe(ns);
    const { rows: outboxRows } = await pool.query<{ n: number }>('select count(*)::int as n from outbox');
    expect(rebuilt.events).toBe(outboxRows[0]!.n);
    await eventually(async () => ((await marquee.gql(TITLE, { id })).data ? true : undefined), 'served from the rebuilt namespace');
    expect((await verify(opts)).drifted).toEqual([]);
  });

  it('lists titles newest first with cursors', async () => {
    const names = ['A1', 'A2', 'A3'];
    for (const n of names) {
      await create(n);
      await new Promise((r) => setTimeout(r, 5));
    }
    const LIST = `query($first: Int!, $after: String) { titles(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name } } } }`;
    type Page = { titles: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: { name: string } }> } };
    const first = await eventually(async () => {
      const res = await marquee.gql<Page>(LIST, { first: 2 });
      return res.data?.titles.edges[0]?.node.name === 'A3' ? res.data.titles : undefined;
    }, 'listing updated');
    expect(first.edges.map((e) => e.node.name)).toEqual(['A3', 'A2']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await marquee.gql<Page>(LIST, { first: 2, after: first.pageInfo.endCursor });
    expect(second.data!.titles.edges[0]!.node.name).toBe('A1');

    const bad = await marquee.gql(LIST, { first: 2, after: '!!!' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const tooMany = await marquee.gql(LIST, { first: 5000 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const none = await marquee.gql(`query { titles(last: 0) { totalCount } }`);
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
  });

  it('a listing that asks for no count or cursor gets the same nodes, and cursors asked through a fragment are real', async () => {
    type Names = { titles: { edges: Array<{ node: { name: string } }> } };
    const bare = await marquee.gql<Names>(`query { titles(first: 3) { edges { node { name } } } }`);
    const full = await marquee.gql<Names & { titles: { totalCount: number } }>(`query { titles(first: 3) { totalCount edges { cursor node { name } } } }`);
    expect(bare.errors).toBeUndefined();
    expect(bare.data!.titles.edges).toEqual(full.data!.titles.edges.map((e) => ({ node: e.node })));
    expect(full.data!.titles.totalCount).toBeGreaterThanOrEqual(3);
    // Cursors asked for inside a fragment: read with their scores, so they lead to the next page.
    const viaFragment = await marquee.gql<{ titles: { pageInfo: { endCursor: string }; edges: Array<{ node: { name: string } }> } }>(
      `query { titles(first: 1) { ...P edges { node { name } } } } fragment P on TitleConnection { pageInfo { endCursor } }`,
    );
    const next = await marquee.gql<Names>(`query($after: String) { titles(first: 1, after: $after) { edges { node { name } } } }`, { after: viaFragment.data!.titles.pageInfo.endCursor });
    expect(next.data!.titles.edges[0]!.node.name).toBe(full.data!.titles.edges[1]!.node.name);
  });
});
