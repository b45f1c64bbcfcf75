import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, TEST_SERVICE_TOKEN, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'projector']);
let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
});
afterAll(() => db.end());

const FIELDS = `id name originalTitle synonyms year overview runtime status rating votes popularity version lockedFields deletedAt provenance { field source origin at }`;
type T = {
  id: string;
  name: string;
  year: number | null;
  overview: string | null;
  runtime: number | null;
  version: number;
  lockedFields: string[];
  deletedAt: string | null;
  provenance: Array<{ field: string; source: string; origin: string | null }>;
};
const asService = { 'x-marquee-service-token': TEST_SERVICE_TOKEN };
const IMPORT = `mutation($items: [ImportTitleInput!]!) { internalImportTitles(items: $items) { outcome titleId protectedFields error { code field } } }`;

async function read(id: string, minVersion: number): Promise<T> {
  return eventually(async () => {
    const res = await marquee.gql<{ title: T }>(`query($id: ID!) { title(id: $id) { ${FIELDS} } }`, { id });
    return res.data && res.data.title.version >= minVersion ? res.data.title : undefined;
  }, `title ${id} at version ${minVersion}`);
}

async function update(input: Record<string, unknown>) {
  return marquee.gql<{ updateTitle: T }>(`mutation($input: UpdateTitleInput!) { updateTitle(input: $input) { ${FIELDS} } }`, { input });
}

describe('editing titles', () => {
  let id: string;

  it('imports a title with provenance from the parser', async () => {
    const res = await marquee.gql<{ internalImportTitles: Array<{ titleId: string; outcome: string }> }>(
      IMPORT,
      { items: [{ provider: 'anidb', externalId: '69', kind: 'ANIME_SERIES', name: 'One Piece', year: 1999, runtime: 24, overview: 'Pirates.', synonyms: ['ワンピース', 'OP'] }] },
      asService,
    );
    id = res.data!.internalImportTitles[0]!.titleId;
    const t = await read(id, 1);
    expect(t).toMatchObject({ name: 'One Piece', runtime: 24, lockedFields: [] });
    expect(t.provenance).toContainEqual(expect.objectContaining({ field: 'RUNTIME', source: 'PARSER', origin: 'anidb' }));
  });

  it('a user edit changes the fields, records the user and locks what changed', async () => {
    const res = await update({ id, expectedVersion: 1, name: 'ONE PIECE', overview: 'Gol D. Roger…', year: 1999 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateTitle).toMatchObject({ version: 2, name: 'ONE PIECE', lockedFields: ['NAME', 'OVERVIEW'] });
    const t = await read(id, 2);
    expect(t.lockedFields).toEqual(['NAME', 'OVERVIEW']);
    expect(t.provenance).toContainEqual(expect.objectContaining({ field: 'NAME', source: 'USER', origin: null }));
    expect(t.provenance).toContainEqual(expect.objectContaining({ field: 'YEAR', source: 'PARSER' }));
  });

  it('a stale expectedVersion is refused with CONFLICT and changes nothing', async () => {
    const res = await update({ id, expectedVersion: 1, name: 'Overwritten?' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    const { rows } = await db.query('select name, version from title where id = $1', [id]);
    expect(rows[0]).toEqual({ name: 'ONE PIECE', version: 2 });
  });

  it('two concurrent edits from the same version: one wins, the other gets CONFLICT', async () => {
    const [a, b] = await Promise.all([
      update({ id, expectedVersion: 2, runtime: 25, lock: false }),
      update({ id, expectedVersion: 2, runtime: 26, lock: false }),
    ]);
    const codes = [a, b].map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    const { rows } = await db.query('select version from title where id = $1', [id]);
    expect(rows[0].version).toBe(3);
  });

  it('an import never changes locked fields, changes the rest, and reports what the locks protected', async () => {
    const res = await marquee.gql<{ internalImportTitles: Array<{ outcome: string; protectedFields: string[] }> }>(
      IMPORT,
      { items: [{ provider: 'anidb', externalId: '69', kind: 'ANIME_SERIES', name: 'One Piece (TV)', year: 1999, runtime: 23, overview: 'New overview', synonyms: ['OP'] }] },
      asService,
    );
    expect(res.data!.internalImportTitles[0]).toMatchObject({ outcome: 'UPDATED', protectedFields: ['NAME', 'OVERVIEW'] });
    const t = await read(id, 4);
    expect(t).toMatchObject({ name: 'ONE PIECE', overview: 'Gol D. Roger…', runtime: 23 });
  });

  it('unlocking lets automated sources change the field again', async () => {
    const unlocked = await marquee.gql<{ unlockTitleFields: T }>(`mutation($id: ID!) { unlockTitleFields(id: $id, fields: [NAME]) { lockedFields version } }`, { id });
    expect(unlocked.data!.unlockTitleFields.lockedFields).toEqual(['OVERVIEW']);
    const res = await marquee.gql<{ internalImportTitles: Array<{ outcome: string }> }>(
      IMPORT,
      { items: [{ provider: 'anidb', externalId: '69', kind: 'ANIME_SERIES', name: 'One Piece', year: 1999, runtime: 23, overview: 'x' }] },
      asService,
    );
    expect(res.data!.internalImportTitles[0]!.outcome).toBe('UPDATED');
    const t = await read(id, 6);
    expect(t.name).toBe('One Piece');
    expect(t.overview).toBe('Gol D. Roger…');
    const locked = await marquee.gql<{ lockTitleFields: T }>(`mutation($id: ID!) { lockTitleFields(id: $id, fields: [RUNTIME, YEAR]) { lockedFields } }`, { id });
    expect(locked.data!.lockTitleFields.lockedFields).toEqual(['OVERVIEW', 'RUNTIME', 'YEAR']);
  });

  it.each([
    [{ rating: 11 }, 'rating'],
    [{ runtime: 0 }, 'runtime'],
    [{ name: null }, 'name'],
    [{ synonyms: [''] }, 'synonyms.0'],
  ])('refuses %j with BAD_USER_INPUT naming %s', async (change, field) => {
    const current = await read(id, 1);
    const res = await update({ id, expectedVersion: current.version, ...change });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('editing an unknown or malformed id is NOT_FOUND', async () => {
    for (const bad of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await update({ id: bad, expectedVersion: 1, name: 'x' });
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });
});

describe('the recycle bin', () => {
  it('delete hides a title, restore brings it back, purge removes it for good', async () => {
    const created = await marquee.gql<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: MOVIE, name: "Recyclable", year: 2020 }) { id } }`);
    const id = created.data!.createTitle.id;
    await read(id, 1);

    const purgeEarly = await marquee.gql(`mutation($id: ID!) { purgeTitle(id: $id) }`, { id });
    expect(purgeEarly.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const del = await marquee.gql<{ deleteTitle: T }>(`mutation($id: ID!) { deleteTitle(id: $id) { deletedAt version } }`, { id });
    expect(del.data!.deleteTitle.deletedAt).not.toBeNull();
    const bin = () => marquee.gql<{ recycledTitles: { edges: Array<{ node: { id: string } }> } }>(`{ recycledTitles(first: 10) { edges { node { id } } } }`);
    await eventually(async () => ((await bin()).data!.recycledTitles.edges.some((e) => e.node.id === id) ? true : undefined), 'in the recycle bin');
    expect((await marquee.gql(`query($id: ID!) { title(id: $id) { id } }`, { id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const listed = await marquee.gql<{ titles: { edges: Array<{ node: { id: string } }> } }>(`{ titles(first: 50) { edges { node { id } } } }`);
    expect(listed.data!.titles.edges.map((e) => e.node.id)).not.toContain(id);
    // Edits are refused while it is in the bin.
    expect((await update({ id, expectedVersion: 2, name: 'x' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    await marquee.gql(`mutation($id: ID!) { restoreTitle(id: $id) { id } }`, { id });
    expect((await read(id, 3)).deletedAt).toBeNull();

    await marquee.gql(`mutation($id: ID!) { deleteTitle(id: $id) { id } }`, { id });
    const purged = await marquee.gql<{ purgeTitle: string }>(`mutation($id: ID!) { purgeTitle(id: $id) }`, { id });
    expect(purged.data!.purgeTitle).toBe(id);
    expect((await db.query('select 1 from title where id = $1', [id])).rowCount).toBe(0);
    await eventually(async () => ((await bin()).data!.recycledTitles.edges.some((e) => e.node.id === id) ? undefined : true), 'gone from the bin');
  });
});
