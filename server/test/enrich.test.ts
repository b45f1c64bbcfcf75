import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProviders, type FakeProviders } from './harness/fake-providers.js';
import { eventually, useMarquee } from './harness/marquee.js';
import { makeMediaLibrary } from './harness/media-library.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
let fakes: FakeProviders;
// The fakes start before Marquee, which reads their addresses from this environment.
const env: Record<string, string> = {
  MARQUEE_PROVIDER_RATE_LIMITS: 'off',
  // Generous enough for the fake providers on a loaded machine; the hanging provider still times out twice.
  MARQUEE_PROVIDER_TIMEOUT_MS: '3000',
  MARQUEE_PROVIDER_RETRIES: '1',
  MARQUEE_PROVIDER_BREAKER_THRESHOLD: '2',
  MARQUEE_PROVIDER_BREAKER_RESET_MS: '60000',
};
beforeAll(async () => {
  fakes = await startFakeProviders();
  Object.assign(env, fakes.env);
}, 120_000);
const marquee = useMarquee(services, ['api', 'worker', 'projector'], env);
let root: string;
let libraryId: string;
let starWars: string;
let thrones: string;

async function gqlOk<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await marquee.gql<T>(query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

interface TitleView {
  name: string;
  overview: string | null;
  version: number;
  genres: string[];
  lockedFields: string[];
  provenance: Array<{ field: string; source: string; origin: string | null }>;
  externalIds: Array<{ provider: string; value: string }>;
  artwork: Array<{ id: string; kind: string; url: string; provider: string | null; votes: number | null; score: number; language: string | null; selected: boolean; seasonNumber: number | null }>;
  seasons: Array<{ number: number; episodeCount: number }>;
}
const TITLE = 'name overview version genres lockedFields provenance { field source origin } externalIds { provider value } artwork { id kind url provider votes score language selected seasonNumber } seasons { number episodeCount }';
const title = async (id: string) => (await gqlOk<{ title: TitleView }>(`query($id: ID!) { title(id: $id) { ${TITLE} } }`, { id })).title;
const origin = (t: TitleView, field: string) => t.provenance.find((p) => p.field === field.toUpperCase());

async function jobDone(id: string, states = ['COMPLETED']): Promise<{ state: string; output: Record<string, unknown> | null; error: string | null }> {
  return eventually(async () => {
    const res = await marquee.gql<{ jobRun: { state: string; output: Record<string, unknown> | null; error: string | null } }>(`query($id: ID!) { jobRun(id: $id) { state output error } }`, { id });
    const run = res.data?.jobRun;
    return run && states.includes(run.state) ? run : undefined;
  }, `job ${id} to reach ${states.join('/')}`, 600);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'marquee-enrich-'));
  await makeMediaLibrary(root, [
    { path: 'Movies/Star Wars (1977)/Star Wars (1977).mkv', source: { clip: 'feature-mkv' }, expect: { class: 'video', title: 'Star Wars', year: 1977 } },
    { path: 'Series/Game of Thrones (2011)/Season 01/Game of Thrones - S01E01 - Winter Is Coming.mkv', source: { clip: 'episode-mkv' }, expect: { class: 'video', title: 'Game of Thrones', season: 1, episode: 1 } },
  ]);
  starWars = (await gqlOk<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: MOVIE, name: "Star Wars", year: 1977 }) { id } }`)).createTitle.id;
  await gqlOk(`mutation($id: ID!) { setExternalIds(titleId: $id, externalIds: [{ provider: "tmdb", value: "11" }]) { id } }`, { id: starWars });
  thrones = (await gqlOk<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: SERIES, name: "Game of Thrones", year: 2011 }) { id } }`)).createTitle.id;
  await gqlOk(`mutation($id: ID!) { setExternalIds(titleId: $id, externalIds: [{ provider: "tmdb", value: "1399" }, { provider: "tvdb", value: "121361" }]) { id } }`, { id: thrones });
  libraryId = (await gqlOk<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Media', rootPath: root, kind: 'MIXED', phases: ['ENRICH'] } })).createLibrary.id;
}, 180_000);

afterAll(async () => {
  await fakes?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('enrichment', () => {
  it('scan → enrich fills metadata with provenance and stores scored artwork candidates without downloading them', async () => {
    const { scanLibrary } = await gqlOk<{ scanLibrary: { id: string } }>(`mutation($l: ID!) { scanLibrary(libraryId: $l) { id } }`, { l: libraryId });
    const scan = await jobDone(scanLibrary.id);
    expect(scan.output).toMatchObject({ matched: 2, followUps: 2 });

    const movie = await eventually(async () => {
      const t = await title(starWars);
      return origin(t, 'overview')?.source === 'PROVIDER' && t.artwork.some((a) => a.provider === 'fanart') ? t : undefined;
    }, 'Star Wars to be enriched', 600);
    expect(movie.overview).toMatch(/Princess Leia/);
    expect(movie.genres).toEqual(['Adventure', 'Action', 'Science Fiction']);
    // A provider agreeing with the user's value leaves the user's provenance.
    expect(origin(movie, 'year')).toMatchObject({ source: 'USER' });
    for (const field of ['overview', 'runtime', 'genres', 'rating', 'studios']) expect(origin(movie, field), field).toMatchObject({ source: 'PROVIDER', origin: 'tmdb' });
    expect(movie.externalIds).toContainEqual({ provider: 'imdb', value: 'tt0137523' });
    const posters = movie.artwork.filter((a) => a.kind === 'POSTER');
    expect(new Set(posters.map((a) => a.provider))).toEqual(new Set(['tmdb', 'fanart']));
    expect(posters.filter((a) => a.selected)).toHaveLength(1);
    // The best score wins: English (the configured language) with the most votes and pixels.
    const best = posters.reduce((a, b) => (b.score > a.score ? b : a));
    expect(best.selected).toBe(true);
    expect(best.language).toBe('en');
    expect(posters.some((a) => a.votes !== null && a.votes > 0)).toBe(true);
    // Candidates are provider URLs: nothing was downloaded.
    expect(movie.artwork.every((a) => /^https:\/\//.test(a.url))).toBe(true);

    const series = await eventually(async () => {
      const t = await title(thrones);
      return origin(t, 'overview')?.origin === 'tmdb' ? t : undefined;
    }, 'Game of Thrones to be enriched', 600);
    expect(series.seasons.length).toBeGreaterThan(0);
    expect(series.seasons.reduce((n, s) => n + s.episodeCount, 0)).toBeGreaterThan(0);
    expect(series.artwork.some((a) => a.kind === 'SEASON_POSTER' && a.seasonNumber === 1)).toBe(true);
    expect(fakes.tvdb.requests.some((r) => r.path.startsWith('/series/121361/extended'))).toBe(true);

    const { providers } = await gqlOk<{ providers: Array<{ name: string; keySet: boolean; priority: number | null; requests: number; breaker: string; errors: number }> }>(
      `query { providers { name keySet priority requests breaker errors cacheHitRate budgetRemaining limitPerSecond } }`,
    );
    expect(providers.find((p) => p.name === 'tmdb')).toMatchObject({ keySet: true, priority: 1, breaker: 'CLOSED', errors: 0 });
    expect(providers.find((p) => p.name === 'tmdb')!.requests).toBeGreaterThan(0);
    expect(providers.find((p) => p.name === 'musicbrainz')).toMatchObject({ priority: null });
    const metrics = await (await fetch(`${marquee.url}/metrics`)).text();
    expect(metrics).toMatch(/marquee_provider_breaker_state\{provider="tmdb",state="CLOSED"\} 1/);
    expect(metrics).toMatch(/marquee_provider_calls\{provider="tmdb",outcome="requests"\} [1-9]/);
  });

  it('a locked field and a chosen artwork survive re-enrichment', async () => {
    const before = await title(starWars);
    await gqlOk(`mutation($i: UpdateTitleInput!) { updateTitle(input: $i) { id } }`, { i: { id: starWars, expectedVersion: before.version, overview: 'My own summary.' } });
    const chosen = before.artwork.find((a) => a.kind === 'POSTER' && !a.selected)!;
    await gqlOk(`mutation($t: ID!, $a: ID!) { selectArtwork(titleId: $t, artworkId: $a) { id } }`, { t: starWars, a: chosen.id });
    const { enrichTitle } = await gqlOk<{ enrichTitle: { id: string } }>(`mutation($t: ID!) { enrichTitle(titleId: $t) { id } }`, { t: starWars });
    const run = await jobDone(enrichTitle.id);
    expect(run.output).toMatchObject({ providers: ['tmdb', 'fanart'], protectedFields: ['overview'] });
    const after = await eventually(async () => {
      const t = await title(starWars);
      return t.version >= before.version + 2 ? t : undefined;
    }, 'the edits to be projected');
    expect(after.overview).toBe('My own summary.');
    expect(origin(after, 'overview')).toMatchObject({ source: 'USER' });
    expect(after.lockedFields).toContain('OVERVIEW');
    expect(after.artwork.find((a) => a.id === chosen.id)!.selected).toBe(true);
  });

  it('enrichment sets cast and crew from TMDB, people get the title in their filmography, and a user\'s credits are locked against it', async () => {
    interface CreditView { role: string; character: string | null; order: number; person: { id: string; name: string } }
    const credits = async (id: string) =>
      (await gqlOk<{ title: { version: number; lockedFields: string[]; provenance: Array<{ field: string; source: string; origin: string | null }>; credits: CreditView[] } }>(
        `query($id: ID!) { title(id: $id) { version lockedFields provenance { field source origin } credits { role character order person { id name } } } }`,
        { id },
      )).title;
    // Prism answers every movie with the spec's example credits (Fight Club's).
    const movie = await credits(starWars);
    const cast = movie.credits.filter((c) => c.role === 'ACTOR').sort((a, b) => a.order - b.order);
    expect(cast).toHaveLength(20);
    expect(cast[0]).toMatchObject({ character: 'The Narrator', order: 0, person: { name: 'Edward Norton' } });
    expect(movie.credits.filter((c) => c.role === 'DIRECTOR').map((c) => c.person.name)).toEqual(['David Fincher']);
    expect(movie.credits.filter((c) => c.role === 'WRITER').map((c) => c.person.name).sort()).toEqual(['Chuck Palahniuk', 'Jim Uhls']);
    expect(movie.provenance.find((p) => p.field === 'CREDITS')).toMatchObject({ source: 'PROVIDER', origin: 'tmdb' });
    expect(movie.lockedFields).not.toContain('CREDITS');
    const series = await credits(thrones);
    expect(series.credits.find((c) => c.role === 'ACTOR' && c.order === 0)).toMatchObject({ character: 'Tyrion Lannister', person: { name: 'Peter Dinklage' } });
    expect(series.credits.filter((c) => c.role === 'DIRECTOR').length).toBeGreaterThan(0);

    const norton = cast[0]!.person.id;
    const filmography = async (id: string) => (await gqlOk<{ person: { name: string; filmography: Array<{ role: string; character: string | null; title: { id: string } }> } }>(`query($id: ID!) { person(id: $id) { name filmography { role character title { id } } } }`, { id })).person;
    await eventually(async () => ((await filmography(norton)).filmography.some((f) => f.title.id === starWars && f.character === 'The Narrator') ? true : undefined), 'the filmography to list the title');

    // The user's cast: locked, so re-enrichment leaves it and reports it protected.
    await gqlOk(`mutation($t: ID!, $c: [CreditInput!]!) { setCredits(titleId: $t, credits: $c) { id } }`, { t: starWars, c: [{ personId: norton, role: 'ACTOR', character: 'Narrator' }] });
    const edited = await eventually(async () => {
      const t = await credits(starWars);
      return t.credits.length === 1 ? t : undefined;
    }, 'the credit edit to be projected');
    expect(edited.lockedFields).toContain('CREDITS');
    expect(edited.provenance.find((p) => p.field === 'CREDITS')).toMatchObject({ source: 'USER' });
    const again = await jobDone((await gqlOk<{ enrichTitle: { id: string } }>(`mutation($t: ID!) { enrichTitle(titleId: $t) { id } }`, { t: starWars })).enrichTitle.id);
    expect(again.output!.protectedFields).toContain('credits');
    const kept = await credits(starWars);
    expect(kept.credits).toEqual([{ role: 'ACTOR', character: 'Narrator', order: 0, person: { id: norton, name: 'Edward Norton' } }]);

    // Unlocked, enrichment restores TMDB's cast and reuses the same people.
    await gqlOk(`mutation($id: ID!) { unlockTitleFields(id: $id, fields: [CREDITS]) { id } }`, { id: starWars });
    const restored = await jobDone((await gqlOk<{ enrichTitle: { id: string } }>(`mutation($t: ID!) { enrichTitle(titleId: $t) { id } }`, { t: starWars })).enrichTitle.id);
    expect(restored.output!.fields).toMatchObject({ credits: 'tmdb' });
    const back = await eventually(async () => {
      const t = await credits(starWars);
      return t.credits.length > 1 ? t : undefined;
    }, 'the provider credits to come back');
    expect(back.credits.find((c) => c.role === 'ACTOR' && c.order === 0)!.person.id).toBe(norton);
    expect(back.credits.filter((c) => c.role === 'ACTOR')).toHaveLength(20);
  });

  it('uploads a custom image as the selected candidate, served from its content address', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const res = await gqlOk<{ uploadArtwork: { artwork: Array<{ url: string; provider: string | null; selected: boolean; kind: string }> } }>(
      `mutation($t: ID!, $d: String!) { uploadArtwork(titleId: $t, kind: FANART, data: $d) { artwork(kind: FANART, selectedOnly: true) { url provider selected kind } } }`,
      { t: starWars, d: png.toString('base64') },
    );
    const [used] = res.uploadArtwork.artwork;
    expect(used).toMatchObject({ provider: null, selected: true, url: expect.stringMatching(/^\/uploads\/artwork\/[0-9a-f]{64}\.png$/) });
    const served = await fetch(`${marquee.url}${used!.url}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    const bad = await marquee.gql(`mutation($t: ID!) { uploadArtwork(titleId: $t, kind: POSTER, data: "aGVsbG8=") { id } }`, { t: starWars });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'data' });
  });

  it('a provider that stops answering opens its breaker, the job is retried later and the breaker state is shown', async () => {
    fakes.tmdb.hang(true);
    try {
      const { enrichTitle } = await gqlOk<{ enrichTitle: { id: string } }>(`mutation($t: ID!) { enrichTitle(titleId: $t) { id } }`, { t: thrones });
      const run = await jobDone(enrichTitle.id, ['RETRY', 'FAILED']);
      expect(run.error).toMatch(/tmdb: .*timed out/);
      const { providers } = await gqlOk<{ providers: Array<{ name: string; breaker: string; timeouts: number; lastError: string | null }> }>(`query { providers { name breaker timeouts lastError } }`);
      expect(providers.find((p) => p.name === 'tmdb')).toMatchObject({ breaker: 'OPEN', timeouts: 2 });
      const metrics = await (await fetch(`${marquee.url}/metrics`)).text();
      expect(metrics).toMatch(/marquee_provider_breaker_state\{provider="tmdb",state="OPEN"\} 1/);
    } finally {
      fakes.tmdb.hang(false);
    }
  });
});
