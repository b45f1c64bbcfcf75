import pg from 'pg';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allProjections, verify } from '@marquee/read-models';
import { eventually, TEST_SERVICE_TOKEN, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'projector']);
let pool: pg.Pool;
let redis: Redis;
beforeAll(() => {
  pool = new pg.Pool({ connectionString: services.databaseUrl });
  redis = new Redis(services.redisUrl);
});
afterAll(async () => {
  await pool.end();
  redis.disconnect();
});

const TITLE = `query($id: ID!) { title(id: $id) { id name version synonyms genres externalIds { provider value }
  seasons { id number name episodeCount lockedFields episodes { number absoluteNumber name airDate lockedFields provenance { field source origin } } } } }`;
type Title = {
  id: string;
  name: string;
  version: number;
  synonyms: string[];
  genres: string[];
  externalIds: Array<{ provider: string; value: string }>;
  seasons: Array<{ id: string; number: number; name: string | null; episodeCount: number; lockedFields: string[]; episodes: Array<{ number: number; absoluteNumber: number | null; name: string | null; airDate: string | null; lockedFields: string[]; provenance: Array<{ field: string; source: string; origin: string | null }> }> }>;
};

async function read(id: string, until: (t: Title) => boolean = () => true): Promise<Title> {
  return eventually(async () => {
    const res = await marquee.gql<{ title: Title }>(TITLE, { id });
    return res.data && until(res.data.title) ? res.data.title : undefined;
  }, `title ${id}`);
}

async function create(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await marquee.gql<{ createTitle: { id: string } }>(`mutation($input: CreateTitleInput!) { createTitle(input: $input) { id } }`, { input: { kind: 'ANIME_SERIES', name, ...extra } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.createTitle.id;
}

const UPSERT = `mutation($id: ID!, $seasons: [SeasonInput!]!, $lock: Boolean) { upsertSeasons(titleId: $id, seasons: $seasons, lock: $lock) { version } }`;

describe('external ids', () => {
  it('are set, looked up, and unique across titles', async () => {
    const a = await create('Cowboy Bebop');
    const b = await create('Trigun');
    const set = await marquee.gql(`mutation($id: ID!, $ids: [ExternalIdInput!]!) { setExternalIds(titleId: $id, externalIds: $ids) { externalIds { provider value } } }`, {
      id: a,
      ids: [{ provider: 'anidb', value: '23' }, { provider: 'mal', value: '1' }, { provider: 'mal', value: '1' }],
    });
    expect(set.errors).toBeUndefined();
    const found = await eventually(async () => (await marquee.gql<{ titleByExternalId: { id: string } }>(`{ titleByExternalId(provider: "mal", value: "1") { id } }`)).data?.titleByExternalId, 'lookup');
    expect(found.id).toBe(a);
    const clash = await marquee.gql(`mutation($id: ID!) { setExternalIds(titleId: $id, externalIds: [{ provider: "mal", value: "1" }]) { id } }`, { id: b });
    expect(clash.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'externalIds.0' });
    const bad = await marquee.gql(`mutation($id: ID!) { setExternalIds(titleId: $id, externalIds: [{ provider: "Not A Provider", value: "1" }]) { id } }`, { id: b });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '0.provider' });
    expect((await marquee.gql(`{ titleByExternalId(provider: "mal", value: "999") { id } }`)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('an import from a known provider records its id', async () => {
    const res = await marquee.gql<{ internalImportTitles: Array<{ titleId: string }> }>(
      `mutation($items: [ImportTitleInput!]!) { internalImportTitles(items: $items) { titleId } }`,
      { items: [{ provider: 'anidb', externalId: '4563', kind: 'ANIME_SERIES', name: 'Death Note', genres: ['Thriller', 'thriller', 'Supernatural'] }] },
      { 'x-marquee-service-token': TEST_SERVICE_TOKEN },
    );
    const t = await read(res.data!.internalImportTitles[0]!.titleId);
    expect(t.externalIds).toEqual([{ provider: 'anidb', value: '4563' }]);
    expect(t.genres).toEqual(['Thriller', 'Supernatural']);
  });
});

describe('seasons and episodes', () => {
  let id: string;

  it('are created and updated by number, with locks on what a user changed', async () => {
    id = await create('Mushishi');
    const res = await marquee.gql(UPSERT, {
      id,
      seasons: [
        { number: 1, name: 'Season 1', episodes: [{ number: 1, name: 'The Green Seat', airDate: '2005-10-23' }, { number: 2, name: 'The Light of the Eyelid', absoluteNumber: 2 }] },
        { number: 0, name: 'Specials' },
      ],
    });
    expect(res.errors).toBeUndefined();
    const t = await read(id, (x) => x.seasons.length === 2);
    expect(t.seasons.map((s) => [s.number, s.name, s.episodeCount])).toEqual([
      [0, 'Specials', 0],
      [1, 'Season 1', 2],
    ]);
    expect(t.seasons[1]!.episodes[0]).toMatchObject({ number: 1, name: 'The Green Seat', airDate: '2005-10-23', lockedFields: ['AIR_DATE', 'NAME'] });
    expect(t.seasons[1]!.lockedFields).toEqual(['NAME']);
    const season = await marquee.gql<{ season: { episodes: Array<{ name: string }> } }>(`query($id: ID!) { season(id: $id) { episodes { name } } }`, { id: t.seasons[1]!.id });
    expect(season.data!.season.episodes.map((e) => e.name)).toEqual(['The Green Seat', 'The Light of the Eyelid']);
  });

  it('refuses bad seasons with the field at fault', async () => {
    const cases: Array<[unknown, string]> = [
      [[{ number: 1, episodes: [{ number: 1 }, { number: 1 }] }], '0.episodes.1.number'],
      [[{ number: 1, airDate: '2005-02-30' }], '0.airDate'],
      [[{ number: -1 }], '0.number'],
    ];
    for (const [seasons, field] of cases) {
      const res = await marquee.gql(UPSERT, { id, seasons });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('removing a season removes its document', async () => {
    const before = await read(id, (x) => x.seasons.length === 2);
    const specials = before.seasons[0]!.id;
    await marquee.gql(`mutation($id: ID!) { removeSeason(titleId: $id, number: 0) { id } }`, { id });
    await read(id, (x) => x.seasons.length === 1);
    expect((await marquee.gql(`query($id: ID!) { season(id: $id) { id } }`, { id: specials })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('merging titles', () => {
  it('moves ids, sources and seasons to the target; the source is gone; read models agree', async () => {
    const target = await create('Fullmetal Alchemist: Brotherhood', { year: 2009 });
    const source = await create('Hagane no Renkinjutsushi', { overview: 'Two brothers.', genres: ['Adventure'] });
    await marquee.gql(`mutation($id: ID!) { setExternalIds(titleId: $id, externalIds: [{ provider: "anidb", value: "6107" }]) { id } }`, { id: source });
    const ed = (await marquee.gql<{ createPerson: { id: string } }>(`mutation { createPerson(input: { name: "Romi Park" }) { id } }`)).data!.createPerson.id;
    await marquee.gql(`mutation($id: ID!, $p: ID!) { setCredits(titleId: $id, credits: [{ personId: $p, role: VOICE, character: "Edward Elric" }]) { id } }`, { id: source, p: ed });
    await marquee.gql(`mutation($id: ID!) { addArtwork(titleId: $id, artwork: [{ kind: POSTER, url: "https://img.example/fma.jpg", score: 3 }]) { id } }`, { id: source });
    await marquee.gql(UPSERT, { id: target, seasons: [{ number: 1, episodes: [{ number: 1, name: 'Fullmetal Alchemist' }] }] });
    await marquee.gql(UPSERT, {
      id: source,
      seasons: [
        { number: 1, episodes: [{ number: 1, name: 'Ep 1 (source)' }, { number: 2, name: 'The First Day' }] },
        { number: 0, name: 'OVA', episodes: [{ number: 1, name: 'Simple People' }] },
      ],
    });
    // Make the source's version higher than the target's, as happens with a busier title.
    for (let i = 0; i < 4; i++) await marquee.gql(UPSERT, { id: source, seasons: [{ number: 0, name: `OVA ${i}` }] });
    const src = await read(source, (x) => x.seasons.length === 2 && x.seasons[0]!.name === 'OVA 3');
    const sourceSeasonIds = src.seasons.map((s) => s.id);

    const merged = await marquee.gql<{ mergeTitles: { id: string } }>(`mutation($t: ID!, $s: ID!) { mergeTitles(targetId: $t, sourceId: $s) { id } }`, { t: target, s: source });
    expect(merged.errors).toBeUndefined();

    const t = await read(target, (x) => x.seasons.length === 2);
    expect(t.externalIds).toEqual([{ provider: 'anidb', value: '6107' }]);
    expect(t.synonyms).toContain('Hagane no Renkinjutsushi');
    expect(t.genres).toEqual(['Adventure']);
    const extra = await marquee.gql<{ title: { credits: Array<{ character: string; person: { name: string } }>; artwork: Array<{ url: string; selected: boolean }> } }>(
      `query($id: ID!) { title(id: $id) { credits { character person { name } } artwork { url selected } } }`,
      { id: target },
    );
    expect(extra.data!.title.credits).toEqual([{ character: 'Edward Elric', person: { name: 'Romi Park' } }]);
    expect(extra.data!.title.artwork).toEqual([{ url: 'https://img.example/fma.jpg', selected: true }]);
    const [ova, s1] = t.seasons;
    expect(ova!.name).toBe('OVA 3');
    // The target's episode 1 wins; the source's episode 2 joins it.
    expect(s1!.episodes.map((e) => e.name)).toEqual(['Fullmetal Alchemist', 'The First Day']);
    expect((await marquee.gql(`query($id: ID!) { title(id: $id) { id } }`, { id: source })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The moved season's document now names the target, although the source had the higher version.
    const moved = await marquee.gql<{ season: { titleId: string } }>(`query($id: ID!) { season(id: $id) { titleId } }`, { id: ova!.id });
    expect(moved.data!.season.titleId).toBe(target);
    // The source's season 1 document is gone; its OVA moved (same id) to the target.
    const s1Source = sourceSeasonIds.find((x) => x !== ova!.id)!;
    await eventually(async () => ((await marquee.gql(`query($id: ID!) { season(id: $id) { id } }`, { id: s1Source })).errors ? true : undefined), 'old season gone');
    const { rows } = await pool.query(`select count(*)::int as n from title where id = $1`, [source]);
    expect(rows[0].n).toBe(0);
    expect((await verify({ pool, redis, keySpace: { prefix: services.redisPrefix }, projections: allProjections })).drifted).toEqual([]);
  });

  it('refuses to merge a title into itself', async () => {
    const id = await create('Solo');
    const res = await marquee.gql(`mutation($id: ID!) { mergeTitles(targetId: $id, sourceId: $id) { id } }`, { id });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sourceId' });
  });
});

describe('genre filter', () => {
  it('lists titles of any of the given genres, ignoring case and accents', async () => {
    await create('Mononoke', { genres: ['Horror', 'Mystery'] });
    await create('Kino no Tabi', { genres: ['Adventure'] });
    const names = async (genres: string[]) => {
      const res = await marquee.gql<{ titles: { edges: Array<{ node: { name: string } }> } }>(`query($g: [String!]) { titles(first: 50, sort: NAME, filter: { genres: $g }) { edges { node { name } } } }`, { g: genres });
      return res.data!.titles.edges.map((e) => e.node.name);
    };
    const both = await eventually(async () => {
      const found = await names(['HORROR', 'adventure']);
      return found.length === 3 ? found : undefined;
    }, 'both titles projected');
    expect(both).toEqual(['Fullmetal Alchemist: Brotherhood', 'Kino no Tabi', 'Mononoke']);
    expect(await names(['horror'])).toEqual(['Mononoke']);
  });
});
