import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api']);
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
});
afterAll(() => db.end());

const CREATE = `mutation Create($input: CreateTitleInput!) { createTitle(input: $input) { id kind name year version } }`;

describe('createTitle', () => {
  it('writes the title row and its outbox event in one transaction', async () => {
    const res = await marquee.gql<{ createTitle: { id: string; version: number } }>(CREATE, {
      input: { kind: 'MOVIE', name: '  Spirited Away ', year: 2001 },
    });
    expect(res.errors).toBeUndefined();
    const { id, version } = res.data!.createTitle;
    expect(version).toBe(1);

    const titles = await db.query('select kind, name, year, version from title where id = $1', [id]);
    expect(titles.rows).toEqual([{ kind: 'MOVIE', name: 'Spirited Away', year: 2001, version: 1 }]);

    const outbox = await db.query(
      `select aggregate_type, aggregate_version, event_type, payload, tx_id::text as tx
         from outbox where aggregate_id = $1`,
      [id],
    );
    expect(outbox.rows).toHaveLength(1);
    expect(outbox.rows[0]).toMatchObject({ aggregate_type: 'title', aggregate_version: 1, event_type: 'TitleCreated' });
    expect(outbox.rows[0].payload).toMatchObject({ id, name: 'Spirited Away', year: 2001, kind: 'MOVIE' });
  });

  it('leaves no title behind when the outbox append fails', async () => {
    const before = await db.query<{ n: string }>('select count(*) as n from title');
    await db.query(`alter table outbox add constraint test_reject check (event_type <> 'TitleCreated') not valid`);
    try {
      const res = await marquee.gql(CREATE, { input: { kind: 'SERIES', name: 'Never Stored' } });
      expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL');
      // Nothing internal leaks: no SQL, no constraint name, no stack.
      expect(JSON.stringify(res.errors)).not.toMatch(/test_reject|outbox|insert|stack/i);
    } finally {
      await db.query('alter table outbox drop constraint test_reject');
    }
    const after = await db.query<{ n: string }>('select count(*) as n from title');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    const stray = await db.query(`select 1 from title where name = 'Never Stored'`);
    expect(stray.rowCount).toBe(0);
  });

  it.each([
    [{ kind: 'MOVIE', name: '' }, 'name'],
    [{ kind: 'MOVIE', name: 'x'.repeat(501) }, 'name'],
    [{ kind: 'MOVIE', name: 'Old', year: 1500 }, 'year'],
  ])('refuses %j with BAD_USER_INPUT on %s and writes nothing', async (input, field) => {
    const before = await db.query<{ n: string }>('select count(*) as n from outbox');
    const res = await marquee.gql(CREATE, { input });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const after = await db.query<{ n: string }>('select count(*) as n from outbox');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('refuses an unknown kind before running anything', async () => {
    const res = await marquee.gql(CREATE, { input: { kind: 'PODCAST', name: 'x' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
