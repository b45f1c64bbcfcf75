import { Redis } from 'ioredis';
import { describe, expect, it, beforeAll } from 'vitest';
import { activeNamespace, keys } from '@marquee/read-models';
import { eventually, TEST_SERVICE_TOKEN, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'projector']);

const catalog = [
  { externalId: '1', kind: 'MOVIE', name: 'The Matrix', year: 1999, popularity: 90 },
  { externalId: '2', kind: 'MOVIE', name: 'Amélie', originalTitle: "Le Fabuleux Destin d'Amélie Poulain", year: 2001, popularity: 40 },
  { externalId: '3', kind: 'SERIES', name: 'The Wire', year: 2002, popularity: 70 },
  { externalId: '4', kind: 'ANIME_SERIES', name: 'One Piece', synonyms: ['ワンピース'], year: 1999, popularity: 95 },
  { externalId: '5', kind: 'ANIME_MOVIE', name: 'Akira', year: 1988, popularity: 60 },
  { externalId: '6', kind: 'MOVIE', name: 'Alien', year: 1979, popularity: 80 },
  { externalId: '7', kind: 'MOVIE', name: 'Aliens', year: 1986, popularity: 75 },
  { externalId: '8', kind: 'MOVIE', name: 'A Bug’s Life', year: 1998 },
];

type Page = { titles: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { name: string } }> } };
const LIST = `query($first: Int!, $after: String, $sort: TitleSort!, $descending: Boolean, $filter: TitleFilterInput) {
  titles(first: $first, after: $after, sort: $sort, descending: $descending, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }`;

async function names(vars: Record<string, unknown>): Promise<string[]> {
  const res = await marquee.gql<Page>(LIST, { first: 50, sort: 'CREATED', ...vars });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.titles.edges.map((e) => e.node.name);
}

/** Every page of a listing, following cursors. */
async function allPages(vars: Record<string, unknown>, first: number): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res: { data?: Page } = await marquee.gql<Page>(LIST, { first, after, sort: 'CREATED', ...vars });
    out.push(...res.data!.titles.edges.map((e) => e.node.name));
    if (!res.data!.titles.pageInfo.hasNextPage) return out;
    after = res.data!.titles.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  const items = catalog.map((c) => ({ provider: 'test', ...c }));
  await marquee.gql(`mutation($items: [ImportTitleInput!]!) { internalImportTitles(items: $items) { outcome } }`, { items }, { 'x-marquee-service-token': TEST_SERVICE_TOKEN });
  await eventually(async () => ((await names({})).length === catalog.length ? true : undefined), 'catalog projected');
});

describe('title listings', () => {
  it('sorts by name A→Z ignoring case, accents and a leading article', async () => {
    expect(await names({ sort: 'NAME' })).toEqual(['Akira', 'Alien', 'Aliens', 'Amélie', 'A Bug’s Life', 'The Matrix', 'One Piece', 'The Wire']);
    expect((await names({ sort: 'NAME', descending: true }))[0]).toBe('The Wire');
  });

  it('sorts by popularity and by year', async () => {
    expect((await names({ sort: 'POPULARITY' })).slice(0, 3)).toEqual(['One Piece', 'The Matrix', 'Alien']);
    // Equal years order by name.
    expect(await names({ sort: 'YEAR', descending: false })).toEqual(['Alien', 'Aliens', 'Akira', 'A Bug’s Life', 'The Matrix', 'One Piece', 'Amélie', 'The Wire']);
  });

  it('filters by kinds and year range, with counts', async () => {
    expect(await names({ sort: 'NAME', filter: { kinds: ['MOVIE'] } })).toEqual(['Alien', 'Aliens', 'Amélie', 'A Bug’s Life', 'The Matrix']);
    expect(await names({ sort: 'NAME', filter: { kinds: ['ANIME_SERIES', 'ANIME_MOVIE'] } })).toEqual(['Akira', 'One Piece']);
    expect(await names({ sort: 'NAME', filter: { kinds: ['MOVIE'], yearFrom: 1990, yearTo: 1999 } })).toEqual(['A Bug’s Life', 'The Matrix']);
    const res = await marquee.gql<Page>(LIST, { first: 2, sort: 'NAME', filter: { yearFrom: 1980 } });
    expect(res.data!.titles.totalCount).toBe(7);
  });

  it('pages through with cursors in every sort, never repeating or skipping', async () => {
    for (const sort of ['CREATED', 'NAME', 'POPULARITY', 'YEAR']) {
      const whole = await names({ sort });
      expect(await allPages({ sort }, 3)).toEqual(whole);
    }
    expect(await allPages({ sort: 'NAME', filter: { kinds: ['MOVIE'] } }, 2)).toEqual(['Alien', 'Aliens', 'Amélie', 'A Bug’s Life', 'The Matrix']);
  });

  it('pages backward with last/before, mirroring the forward pages', async () => {
    const BACK = `query($last: Int, $before: String) { titles(last: $last, before: $before, sort: NAME) {
      pageInfo { hasPreviousPage hasNextPage startCursor } edges { node { name } } } }`;
    type Back = { titles: { pageInfo: { hasPreviousPage: boolean; hasNextPage: boolean; startCursor: string | null }; edges: Array<{ node: { name: string } }> } };
    const forward = await names({ sort: 'NAME' });
    const collected: string[] = [];
    let before: string | null = null;
    for (;;) {
      const res: { data?: Back } = await marquee.gql<Back>(BACK, { last: 3, before });
      const page = res.data!.titles;
      collected.unshift(...page.edges.map((e) => e.node.name));
      if (!page.pageInfo.hasPreviousPage) break;
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      before = page.pageInfo.startCursor;
    }
    expect(collected).toEqual(forward);
    const both = await marquee.gql(`{ titles(first: 2, last: 2) { totalCount } }`);
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
  });

  it('a cursor stays valid while titles are added before and after it', async () => {
    const first = await marquee.gql<Page>(LIST, { first: 3, sort: 'NAME' });
    const cursor = first.data!.titles.pageInfo.endCursor;
    await marquee.gql(`mutation { createTitle(input: { kind: MOVIE, name: "Aardvark", year: 2020 }) { id } }`);
    await marquee.gql(`mutation { createTitle(input: { kind: MOVIE, name: "Zodiac", year: 2007 }) { id } }`);
    await eventually(async () => ((await names({})).length === catalog.length + 2 ? true : undefined), 'new titles projected');
    const next = await marquee.gql<Page>(LIST, { first: 3, sort: 'NAME', after: cursor });
    expect(next.data!.titles.edges.map((e) => e.node.name)).toEqual(['Amélie', 'A Bug’s Life', 'The Matrix']);
  });

  it('facet counts per kind and decade', async () => {
    const res = await marquee.gql<{ titleFacets: { kinds: Array<{ kind: string; count: number }>; decades: Array<{ decade: number; count: number }> } }>(
      `query($f: TitleFilterInput) { titleFacets(filter: $f) { kinds { kind count } decades { decade count } } }`,
      { f: { kinds: ['MOVIE'], yearTo: 1999 } },
    );
    const { kinds, decades } = res.data!.titleFacets;
    // Kind counts ignore the kind filter but honour the year filter.
    expect(kinds).toEqual([
      { kind: 'MOVIE', count: 4 },
      { kind: 'SERIES', count: 0 },
      { kind: 'ANIME_SERIES', count: 1 },
      { kind: 'ANIME_MOVIE', count: 1 },
    ]);
    // Decade counts ignore the year filter but honour the kind filter.
    expect(decades).toEqual([
      { decade: 1970, count: 1 },
      { decade: 1980, count: 1 },
      { decade: 1990, count: 2 },
      { decade: 2000, count: 2 },
      { decade: 2020, count: 1 },
    ]);
  });

  it('refuses an inverted year range', async () => {
    const res = await marquee.gql(LIST, { first: 5, sort: 'NAME', filter: { yearFrom: 2000, yearTo: 1990 } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.yearFrom' });
  });
});

describe('search', () => {
  const search = async (query: string) => {
    const res = await marquee.gql<{ searchTitles: Array<{ name: string }> }>(`query($q: String!) { searchTitles(query: $q, first: 10) { name } }`, { q: query });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.searchTitles.map((t) => t.name);
  };

  it('finds by prefix, case- and accent-insensitively, most popular first', async () => {
    expect(await search('ali')).toEqual(['Alien', 'Aliens']);
    expect(await search('AMELIE')).toEqual(['Amélie']);
    expect(await search('the')).toEqual(['The Matrix', 'The Wire']);
  });

  it('matches every word, in any order, over original titles and synonyms', async () => {
    expect(await search('destin poulain')).toEqual(['Amélie']);
    expect(await search('ワンピ')).toEqual(['One Piece']);
    expect(await search('piece one')).toEqual(['One Piece']);
    expect(await search('matrix wire')).toEqual([]);
  });

  it('drops titles moved to the recycle bin', async () => {
    const res = await marquee.gql<{ searchTitles: Array<{ id: string }> }>(`{ searchTitles(query: "zodiac") { id } }`);
    const id = res.data!.searchTitles[0]!.id;
    await marquee.gql(`mutation($id: ID!) { deleteTitle(id: $id) { id } }`, { id });
    await eventually(async () => ((await search('zodiac')).length === 0 ? true : undefined), 'gone from search');
  });

  it('renaming a title moves it in the name listing and the search index', async () => {
    const res = await marquee.gql<{ searchTitles: Array<{ id: string; version: number }> }>(`{ searchTitles(query: "aardvark") { id version } }`);
    const { id, version } = res.data!.searchTitles[0]!;
    await marquee.gql(`mutation($input: UpdateTitleInput!) { updateTitle(input: $input) { id } }`, { input: { id, expectedVersion: version, name: 'Zebra' } });
    await eventually(async () => ((await search('zebra')).length === 1 ? true : undefined), 'renamed in search');
    expect(await search('aardvark')).toEqual([]);
    expect((await names({ sort: 'NAME' })).at(-1)).toBe('Zebra');
  });
});

describe('listings served from title cards', () => {
  type Nodes = { titles: { edges: Array<{ node: Record<string, unknown> }> } };
  const list = async (selection: string, fragments = '') => {
    const res = await marquee.gql<Nodes>(`query { titles(first: 50, sort: NAME) { edges { node { ${selection} } } } } ${fragments}`);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.titles.edges.map((e) => e.node);
  };

  it('answers card-only selections from cards and anything else from full documents, with the same values', async () => {
    const CARD = 'id name year kind version genres popularity createdAt updatedAt deletedAt';
    const fromCards = await list(CARD);
    const fromDocuments = await list(`${CARD} overview synonyms`);
    expect(fromCards.length).toBeGreaterThan(0);
    expect(fromDocuments.map(({ overview: _o, synonyms: _s, ...rest }) => rest)).toEqual(fromCards);

    // Proof of which documents each query read: without its card, a title drops out of card-only
    // listings (a card is missing only between projection writes) but not out of full ones.
    const redis = new Redis(services.redisUrl);
    try {
      const ks = { prefix: services.redisPrefix };
      const ns = await activeNamespace(redis, ks);
      const matrix = fromCards.find((n) => n.name === 'The Matrix')!.id as string;
      const cardKey = keys.doc(ks, ns, 'titlecard', matrix);
      const card = (await redis.get(cardKey))!;
      await redis.del(cardKey);
      try {
        expect((await list('id name')).map((n) => n.name)).not.toContain('The Matrix');
        expect((await list('id name overview')).map((n) => n.name)).toContain('The Matrix');
        // Fields asked for through fragments count too.
        expect((await list('id ...More', 'fragment More on Title { overview }')).map((n) => n.id)).toContain(matrix);
        expect((await list('id ... on Title { credits { character } }')).map((n) => n.id)).toContain(matrix);
        expect((await list('id ...Names', 'fragment Names on Title { name }')).map((n) => n.id)).not.toContain(matrix);
      } finally {
        await redis.set(cardKey, card);
      }
    } finally {
      redis.disconnect();
    }
  });
});
