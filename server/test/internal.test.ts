import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SERVICE_TOKEN, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api']);
let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
});
afterAll(() => db.end());

const IMPORT = `mutation($items: [ImportTitleInput!]!) { internalImportTitles(items: $items) { index outcome titleId error { code field message } } }`;
const asService = { 'x-marquee-service-token': TEST_SERVICE_TOKEN };
const items = [
  { provider: 'anidb', externalId: '1', kind: 'ANIME_SERIES', name: 'Cowboy Bebop', year: 1998 },
  { provider: 'anidb', externalId: '2', kind: 'ANIME_MOVIE', name: '', year: 2001 },
  { provider: 'anidb', externalId: '3', kind: 'ANIME_MOVIE', name: 'Akira', year: 1988 },
];

describe('internalImportTitles', () => {
  it('refuses a request without the service token with UNAUTHENTICATED and writes nothing', async () => {
    const res = await marquee.gql(IMPORT, { items }, {}, { anonymous: true });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await db.query('select 1 from title')).rowCount).toBe(0);
  });

  it('refuses even an admin: only the service token may import', async () => {
    const res = await marquee.gql(IMPORT, { items });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await db.query('select 1 from title')).rowCount).toBe(0);
  });

  it('refuses a wrong token', async () => {
    const res = await marquee.gql(IMPORT, { items }, { 'x-marquee-service-token': 'x'.repeat(40) });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('imports a batch, reporting the bad item without losing the others', async () => {
    const res = await marquee.gql<{ internalImportTitles: Array<{ outcome: string; error: { field: string } | null }> }>(IMPORT, { items }, asService);
    expect(res.errors).toBeUndefined();
    const results = res.data!.internalImportTitles;
    expect(results.map((r) => r.outcome)).toEqual(['CREATED', 'FAILED', 'CREATED']);
    expect(results[1]!.error).toMatchObject({ code: 'INVALID_INPUT', field: 'name' });
    const { rows } = await db.query('select s.provider, s.external_id, t.name from source_record s join title t on t.id = s.title_id order by s.external_id');
    expect(rows).toEqual([
      { provider: 'anidb', external_id: '1', name: 'Cowboy Bebop' },
      { provider: 'anidb', external_id: '3', name: 'Akira' },
    ]);
  });

  it('is idempotent: unchanged items write nothing, a changed one updates the same title', async () => {
    const outboxBefore = Number((await db.query('select count(*) from outbox')).rows[0].count);
    const again = await marquee.gql<{ internalImportTitles: Array<{ outcome: string; titleId: string }> }>(IMPORT, { items: [items[0], items[2]] }, asService);
    expect(again.data!.internalImportTitles.map((r) => r.outcome)).toEqual(['UNCHANGED', 'UNCHANGED']);
    expect(Number((await db.query('select count(*) from outbox')).rows[0].count)).toBe(outboxBefore);

    const changed = await marquee.gql<{ internalImportTitles: Array<{ outcome: string; titleId: string }> }>(
      IMPORT,
      { items: [{ ...items[0], name: 'Cowboy Bebop (TV)' }] },
      asService,
    );
    expect(changed.data!.internalImportTitles[0]).toMatchObject({ outcome: 'UPDATED', titleId: again.data!.internalImportTitles[0]!.titleId });
    const { rows } = await db.query(`select event_type, aggregate_version from outbox order by id desc limit 1`);
    expect(rows[0]).toEqual({ event_type: 'TitleUpdated', aggregate_version: 2 });
  });

  it('merges a new source into the title that has one of its ids, refuses a repeated key, and a dry run writes nothing', async () => {
    const IMPORT_DRY = `mutation($items: [ImportTitleInput!]!, $dry: Boolean!) { internalImportTitles(items: $items, dryRun: $dry) { index outcome titleId error { code field } } }`;
    const bebop = (await db.query(`select title_id from source_record where provider = 'anidb' and external_id = '1'`)).rows[0].title_id as string;
    const aod = { provider: 'aod', externalId: 'mal:1', kind: 'ANIME_SERIES', name: 'Cowboy Bebop', tags: ['space'], externalIds: [{ provider: 'mal', value: '1' }, { provider: 'anidb', value: '1' }] };
    const outbox = Number((await db.query('select count(*) from outbox')).rows[0].count);
    const dry = await marquee.gql<{ internalImportTitles: Array<{ outcome: string; titleId: string | null; error: { code: string; field: string } | null }> }>(
      IMPORT_DRY,
      { items: [aod, { ...aod, name: 'again' }], dry: true },
      asService,
    );
    expect(dry.data!.internalImportTitles.map((r) => r.outcome)).toEqual(['UPDATED', 'FAILED']);
    expect(dry.data!.internalImportTitles[0]!.titleId).toBe(bebop);
    expect(dry.data!.internalImportTitles[1]!.error).toMatchObject({ code: 'INVALID_INPUT', field: 'externalId' });
    expect(Number((await db.query('select count(*) from outbox')).rows[0].count)).toBe(outbox);
    expect((await db.query(`select 1 from source_record where provider = 'aod'`)).rowCount).toBe(0);

    const real = await marquee.gql<{ internalImportTitles: Array<{ outcome: string; titleId: string }> }>(IMPORT_DRY, { items: [aod], dry: false }, asService);
    expect(real.data!.internalImportTitles[0]).toMatchObject({ outcome: 'UPDATED', titleId: bebop });
    const ids = await db.query(`select provider, value from external_id where title_id = $1 order by provider`, [bebop]);
    expect(ids.rows).toEqual([{ provider: 'anidb', value: '1' }, { provider: 'mal', value: '1' }]);
    expect(Number((await db.query('select count(*) from title where deleted_at is null')).rows[0].count)).toBe(2);
  });
});
