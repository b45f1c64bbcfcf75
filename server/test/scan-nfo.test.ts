import { readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProviders, type FakeProviders } from './harness/fake-providers.js';
import { fixturesDir } from './harness/fixtures.js';
import { eventually, useMarquee } from './harness/marquee.js';
import { makeMediaLibrary, MATRIX_NFO, type LibraryEntry } from './harness/media-library.js';
import { finished, gqlOf } from './harness/publishing.js';
import { useTestServices } from './harness/services.js';

/**
 * A Kodi / Jellyfin / tinyMediaManager library full of NFOs, scanned: titles the catalog lacks are
 * created from their NFOs, titles it has are filled in, with provenance `nfo`, locks respected, an
 * edited NFO applied again, an unchanged rescan writing nothing, and an NFO Marquee published
 * never read back (until someone edits it by hand).
 */
const services = useTestServices();
let fakes: FakeProviders;
const env: Record<string, string> = { MARQUEE_PROVIDER_RATE_LIMITS: 'off' };
beforeAll(async () => {
  fakes = await startFakeProviders();
  Object.assign(env, fakes.env);
}, 120_000);
const marquee = useMarquee(services, ['api', 'worker', 'projector'], env);
const gql = gqlOf(marquee);
let root: string;
let libraryId: string;
let matrixId: string;
let db: pg.Client;

const fixture = (rel: string) => readFile(path.join(fixturesDir(), 'nfo', rel), 'utf8');
const JL = 'Movies/Justice League (2017)';
const ENDGAME = 'Movies/Avengers Endgame (2019)';
const MATRIX = 'Movies/The Matrix (1999)';
const GODS = 'Series/American Gods';
const FUTURAMA = 'Series/Futurama (1999)';

interface Provenance {
  field: string;
  source: string;
  origin: string | null;
}
interface EpisodeView {
  number: number;
  name: string | null;
  airDate: string | null;
  overview: string | null;
  provenance: Provenance[];
}
interface TitleView {
  id: string;
  kind: string;
  name: string;
  originalTitle: string | null;
  year: number | null;
  overview: string | null;
  runtime: number | null;
  rating: number | null;
  votes: number | null;
  status: string | null;
  genres: string[];
  studios: string[];
  lockedFields: string[];
  version: number;
  externalIds: Array<{ provider: string; value: string }>;
  credits: Array<{ role: string; character: string | null; person: { name: string } }>;
  provenance: Provenance[];
  seasons: Array<{ number: number; name: string | null; airDate: string | null; provenance: Provenance[]; episodes: EpisodeView[] }>;
}
const PROV = 'provenance { field source origin }';
const TITLE = `id kind name originalTitle year overview runtime rating votes status genres studios lockedFields version externalIds { provider value }
  credits { role character person { name } } ${PROV}
  seasons { number name airDate ${PROV} episodes { number name airDate overview ${PROV} } }`;
const title = async (id: string) => (await gql<{ title: TitleView }>(`query($id: ID!) { title(id: $id) { ${TITLE} } }`, { id })).title;
const sourceOf = (t: { provenance: Provenance[] }, field: string) => t.provenance.find((p) => p.field === field);

interface FileView {
  path: string;
  match: { titleId: string | null; method: string | null; confidence: number; seasonNumber: number | null; episodeNumbers: number[] } | null;
}
async function files(): Promise<FileView[]> {
  const res = await gql<{ mediaFiles: { edges: Array<{ node: FileView }> } }>(
    `query($l: ID!) { mediaFiles(libraryId: $l, first: 50) { edges { node { path match { titleId method confidence seasonNumber episodeNumbers } } } } }`,
    { l: libraryId },
  );
  return res.mediaFiles.edges.map((e) => e.node);
}
const titleOfFile = async (p: string) => {
  const f = (await files()).find((x) => x.path === p);
  expect(f?.match?.titleId, p).toBeTruthy();
  return f!.match!.titleId!;
};

/** Catalog and file events (a scan's own job run and library summary are always recorded). */
async function outboxRows(): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from outbox where aggregate_type in ('title', 'person', 'mediafile')`);
  return Number(rows[0]!.n);
}

async function caughtUp(): Promise<void> {
  await eventually(async () => {
    const res = await fetch(`${marquee.url}/ready`);
    const body = (await res.json()) as { checks?: { projector?: { lag?: number } } };
    return body.checks?.projector?.lag === 0 ? true : undefined;
  }, 'the projector to catch up');
}

/** Runs a full scan of the library and waits until its writes are projected. */
async function scan(): Promise<Record<string, unknown>> {
  const { scanLibrary } = await gql<{ scanLibrary: { id: string } }>(`mutation($l: ID!) { scanLibrary(libraryId: $l) { id } }`, { l: libraryId });
  const run = await finished(marquee, scanLibrary.id);
  await caughtUp();
  return run.output!;
}

/** Rewrites a file with a later modification time (a rescan must see it changed even within one clock tick). */
async function rewrite(rel: string, text: string): Promise<void> {
  const abs = path.join(root, ...rel.split('/'));
  await writeFile(abs, text);
  const later = new Date(Date.now() + 5_000);
  await utimes(abs, later, later);
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
  root = await mkdtemp(path.join(tmpdir(), 'marquee-scan-nfo-'));
  const video = (p: string, clip: 'feature-mkv' | 'episode-mkv' = 'feature-mkv'): LibraryEntry => ({ path: p, source: { clip }, expect: { class: 'video' } });
  const nfo = (p: string, text: string): LibraryEntry => ({ path: p, source: { text }, expect: { class: 'nfo' } });
  const tmm = 'tinymediamanager/testtvshows/Futurama (1999)';
  await makeMediaLibrary(root, [
    // Jellyfin: a movie NFO beside its video, a tvshow.nfo, season.nfo and an episode NFO.
    video(`${JL}/Justice League (2017).mkv`),
    nfo(`${JL}/Justice League (2017).nfo`, await fixture('jellyfin/Justice League.nfo')),
    video(`${ENDGAME}/Avengers Endgame (2019).mkv`),
    nfo(`${ENDGAME}/Avengers Endgame (2019).nfo`, await fixture('jellyfin/Radarr.nfo')),
    video(`${MATRIX}/The Matrix (1999).mkv`),
    nfo(`${MATRIX}/movie.nfo`, MATRIX_NFO),
    nfo(`${GODS}/tvshow.nfo`, await fixture('jellyfin/American Gods.nfo')),
    nfo(`${GODS}/Season 01/season.nfo`, await fixture('jellyfin/Season 01.nfo')),
    video(`${GODS}/Season 01/American Gods - S01E01 - The Bone Orchard.mkv`, 'episode-mkv'),
    nfo(`${GODS}/Season 01/American Gods - S01E01 - The Bone Orchard.nfo`, await fixture('jellyfin/The Bone Orchard.nfo')),
    video(`${GODS}/Season 01/American Gods - S01E02 - The Secret of Spoons.mkv`, 'episode-mkv'),
    // tinyMediaManager (Kodi 17 style): a tvshow.nfo with a bare <id> and episode NFOs.
    nfo(`${FUTURAMA}/tvshow.nfo`, await fixture(`${tmm}/tvshow.nfo`)),
    video(`${FUTURAMA}/Season 1/Futurama - S01E01 - Space Pilot 3000.mkv`, 'episode-mkv'),
    nfo(`${FUTURAMA}/Season 1/Futurama - S01E01 - Space Pilot 3000.nfo`, await fixture(`${tmm}/Season 1/Futurama - S01E01 - Space Pilot 3000.nfo`)),
    video(`${FUTURAMA}/Season 1/Futurama - S01E02 - The Series Has Landed.mkv`, 'episode-mkv'),
    nfo(`${FUTURAMA}/Season 1/Futurama - S01E02 - The Series Has Landed.nfo`, await fixture(`${tmm}/Season 1/Futurama - S01E02 - The Series Has Landed.nfo`)),
  ]);
  // The Matrix is in the catalog already, and its user wrote their own summary (which locks it).
  const created = (await gql<{ createTitle: { id: string; version: number } }>(`mutation { createTitle(input: { kind: MOVIE, name: "The Matrix", year: 1999 }) { id version } }`)).createTitle;
  matrixId = created.id;
  const version = created.version;
  await gql(`mutation($i: UpdateTitleInput!) { updateTitle(input: $i) { id } }`, { i: { id: matrixId, expectedVersion: version, overview: 'My own summary.' } });
  libraryId = (await gql<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Kodi library', rootPath: root, kind: 'MIXED' } })).createLibrary.id;
}, 180_000);

afterAll(async () => {
  await fakes?.close();
  await db?.end();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('NFO files in a scanned library', () => {
  it('creates the titles the catalog lacks from their NFOs, with provenance nfo, and matches their files', async () => {
    const output = await scan();
    expect(output).toMatchObject({ matched: 7, unmatched: 0, nfo: { created: 4, conflicts: [] } });

    const jlFile = (await files()).find((f) => f.path === `${JL}/Justice League (2017).mkv`)!;
    expect(jlFile.match).toMatchObject({ method: 'NFO_ID', confidence: 0.99 });
    const jl = await title(jlFile.match!.titleId!);
    expect(jl).toMatchObject({ kind: 'MOVIE', name: 'Justice League', originalTitle: 'Justice League', year: 2017, runtime: 120, genres: ['Action', 'Adventure', 'Fantasy', 'Sci-Fi'], studios: ['DC Comics'] });
    expect(jl.overview).toMatch(/^Fueled by his restored faith in humanity/);
    expect(jl.rating).toBeGreaterThan(0);
    expect(jl.externalIds).toEqual(expect.arrayContaining([{ provider: 'imdb', value: 'tt0974015' }, { provider: 'tmdb', value: '141052' }]));
    expect(jl.externalIds.some((x) => x.provider === 'tmdbcollection')).toBe(false);
    for (const field of ['NAME', 'YEAR', 'OVERVIEW', 'RUNTIME', 'GENRES', 'STUDIOS', 'RATING', 'CREDITS']) {
      expect(sourceOf(jl, field), field).toEqual({ field, source: 'NFO', origin: `${JL}/Justice League (2017).nfo` });
    }
    expect(jl.credits.filter((c) => c.role === 'DIRECTOR').map((c) => c.person.name)).toEqual(['Zack Snyder']);
    expect(jl.credits.filter((c) => c.role === 'ACTOR').length).toBeGreaterThan(5);

    // A Radarr NFO holds provider URLs only: the name and year come from the file name.
    const endgame = await title(await titleOfFile(`${ENDGAME}/Avengers Endgame (2019).mkv`));
    expect(endgame).toMatchObject({ kind: 'MOVIE', name: 'Avengers Endgame', year: 2019 });
    expect(endgame.externalIds).toEqual([{ provider: 'imdb', value: 'tt4154796' }, { provider: 'tmdb', value: '583689' }]);

    // tvshow.nfo creates the series; season.nfo and episode NFOs fill seasons and episodes; an episode without one gets its row.
    const gods = await title(await titleOfFile(`${GODS}/Season 01/American Gods - S01E02 - The Secret of Spoons.mkv`));
    expect(await titleOfFile(`${GODS}/Season 01/American Gods - S01E01 - The Bone Orchard.mkv`)).toBe(gods.id);
    expect(gods).toMatchObject({ kind: 'SERIES', name: 'American Gods', year: 2017, status: 'ENDED', studios: ['Starz'] });
    expect(gods.externalIds).toEqual(expect.arrayContaining([{ provider: 'tmdb', value: '46639' }, { provider: 'tvdb', value: '253573' }]));
    const season = gods.seasons.find((s) => s.number === 1)!;
    expect(season).toMatchObject({ name: 'Season 1', airDate: '2019-11-08' });
    expect(sourceOf(season, 'NAME')).toEqual({ field: 'NAME', source: 'NFO', origin: `${GODS}/Season 01/season.nfo` });
    expect(season.episodes.map((e) => e.number)).toEqual([1, 2]);
    const pilot = season.episodes[0]!;
    expect(pilot).toMatchObject({ name: 'The Bone Orchard', airDate: '2017-04-30' });
    expect(pilot.overview).toMatch(/^When Shadow Moon is released from prison/);
    expect(sourceOf(pilot, 'NAME')).toEqual({ field: 'NAME', source: 'NFO', origin: `${GODS}/Season 01/American Gods - S01E01 - The Bone Orchard.nfo` });
    expect(season.episodes[1]).toMatchObject({ name: null, provenance: [] });

    const futurama = await title(await titleOfFile(`${FUTURAMA}/Season 1/Futurama - S01E01 - Space Pilot 3000.mkv`));
    expect(futurama).toMatchObject({ kind: 'SERIES', name: 'Futurama', year: 1999, status: 'ENDED', externalIds: [{ provider: 'tvdb', value: '73871' }] });
    expect(futurama.seasons.find((s) => s.number === 1)!.episodes.map((e) => [e.number, e.name, e.airDate])).toEqual([
      [1, 'Space Pilot 3000', '1999-03-28'],
      [2, 'The Series Has Landed', '1999-04-04'],
    ]);
  });

  it('fills a title the catalog has, never changing a locked field, and adds the NFO ids', async () => {
    const matrixFile = (await files()).find((f) => f.path === `${MATRIX}/The Matrix (1999).mkv`)!;
    expect(matrixFile.match).toMatchObject({ titleId: matrixId, method: 'NFO' });
    const matrix = await title(matrixId);
    expect(matrix.overview).toBe('My own summary.');
    expect(matrix.lockedFields).toEqual(['OVERVIEW']);
    expect(sourceOf(matrix, 'OVERVIEW')?.source).toBe('USER');
    expect(matrix).toMatchObject({ runtime: 136, genres: ['Action', 'Science Fiction'], studios: ['Warner Bros. Pictures'] });
    expect(sourceOf(matrix, 'RUNTIME')).toEqual({ field: 'RUNTIME', source: 'NFO', origin: `${MATRIX}/movie.nfo` });
    expect(matrix.externalIds).toEqual([{ provider: 'imdb', value: 'tt0133093' }, { provider: 'tmdb', value: '603' }]);
  });

  it('an unchanged rescan reads no NFO and writes nothing', async () => {
    const before = await outboxRows();
    const { rows: filesBefore } = await db.query('select id, version, nfo_applied, nfo_read_at from media_file order by id');
    const output = await scan();
    expect(output).toMatchObject({ added: 0, changed: 0, moved: 0, missing: 0 });
    expect(output.nfo).toBeUndefined();
    expect(await outboxRows()).toBe(before);
    const { rows: filesAfter } = await db.query('select id, version, nfo_applied, nfo_read_at from media_file order by id');
    expect(filesAfter).toEqual(filesBefore);
  });

  it('an edited NFO is applied again on the next scan; a locked field still holds', async () => {
    const jlId = await titleOfFile(`${JL}/Justice League (2017).mkv`);
    const before = await title(jlId);
    const jlNfo = `${JL}/Justice League (2017).nfo`;
    const text = (await readFile(path.join(root, jlNfo), 'utf8')).replace(/<plot>[^<]*<\/plot>/, '<plot>Edited in Kodi.</plot>').replace('<runtime>120</runtime>', '<runtime>242</runtime>');
    await rewrite(jlNfo, text);
    await rewrite(`${MATRIX}/movie.nfo`, MATRIX_NFO.replace(/<plot>[^<]*<\/plot>/, '<plot>A plot the lock keeps out.</plot>').replace('<runtime>136</runtime>', '<runtime>150</runtime>'));

    const output = await scan();
    expect(output).toMatchObject({ changed: 2, nfo: { applied: 2, titlesChanged: 2, created: 0 } });
    const after = await title(jlId);
    expect(after).toMatchObject({ overview: 'Edited in Kodi.', runtime: 242, name: 'Justice League' });
    expect(after.version).toBeGreaterThan(before.version);
    expect(sourceOf(after, 'OVERVIEW')).toEqual({ field: 'OVERVIEW', source: 'NFO', origin: jlNfo });

    const matrix = await title(matrixId);
    expect(matrix).toMatchObject({ overview: 'My own summary.', runtime: 150 });

    // Applied once: the next scan has nothing to do.
    const rows = await outboxRows();
    expect((await scan()).nfo).toBeUndefined();
    expect(await outboxRows()).toBe(rows);
  });

  it('an NFO Marquee published is not read back; once edited by hand it is the user’s again', async () => {
    const godsId = await titleOfFile(`${GODS}/Season 01/American Gods - S01E02 - The Secret of Spoons.mkv`);
    // A person names episode 2 without locking it: an automated source could change it again.
    await gql(`mutation($t: ID!, $s: [SeasonInput!]!) { upsertSeasons(titleId: $t, seasons: $s, lock: false) { id } }`, { t: godsId, s: [{ number: 1, episodes: [{ number: 2, name: 'The Secret of Spoons' }] }] });
    const [job] = (await gql<{ publishTitle: Array<{ id: string }> }>(`mutation($t: ID!) { publishTitle(titleId: $t) { id } }`, { t: godsId })).publishTitle;
    const published = await finished(marquee, job!.id);
    const episodeNfo = `${GODS}/Season 01/American Gods - S01E02 - The Secret of Spoons.nfo`;
    // Marquee wrote the NFO the user had not; it left theirs alone.
    expect(published.output).toMatchObject({ written: expect.arrayContaining([episodeNfo]), skippedUserFiles: expect.arrayContaining([`${GODS}/tvshow.nfo`]) });
    const written = await readFile(path.join(root, episodeNfo), 'utf8');
    expect(written).toContain('<title>The Secret of Spoons</title>');

    // The catalog moves on (still unlocked); the published NFO, rescanned, must not pull it back.
    await gql(`mutation($t: ID!, $s: [SeasonInput!]!) { upsertSeasons(titleId: $t, seasons: $s, lock: false) { id } }`, { t: godsId, s: [{ number: 1, episodes: [{ number: 2, name: 'Head Full of Snow' }] }] });
    const first = await scan();
    expect(first).toMatchObject({ added: 1, nfo: { published: 1, applied: 0 } });
    // Touched without a change of content: still Marquee's.
    const abs = path.join(root, ...episodeNfo.split('/'));
    const later = new Date(Date.now() + 10_000);
    await utimes(abs, later, later);
    expect(await scan()).toMatchObject({ changed: 1, nfo: { published: 1, applied: 0 } });
    const episode = async () => (await title(godsId)).seasons.find((s) => s.number === 1)!.episodes.find((e) => e.number === 2)!;
    expect(await episode()).toMatchObject({ name: 'Head Full of Snow' });
    expect(sourceOf(await episode(), 'NAME')?.source).toBe('USER');

    // Edited by hand, the file is the user's: its values are applied with provenance nfo.
    await rewrite(episodeNfo, written.replace('<title>The Secret of Spoons</title>', '<title>Git Gone</title>'));
    expect(await scan()).toMatchObject({ changed: 1, nfo: { published: 0, applied: 1 } });
    expect(await episode()).toMatchObject({ name: 'Git Gone' });
    expect(sourceOf(await episode(), 'NAME')).toEqual({ field: 'NAME', source: 'NFO', origin: episodeNfo });
  });

  it('enrichment from providers keeps what an NFO set and fills in the rest', async () => {
    const jlId = await titleOfFile(`${JL}/Justice League (2017).mkv`);
    const before = await title(jlId);
    const { enrichTitle } = await gql<{ enrichTitle: { id: string } }>(`mutation($t: ID!) { enrichTitle(titleId: $t) { id } }`, { t: jlId });
    const run = await finished(marquee, enrichTitle.id);
    expect(run.output).toMatchObject({ providers: expect.arrayContaining(['tmdb']) });
    expect(run.output!.heldByNfo).toEqual(expect.arrayContaining(['overview', 'runtime']));
    await caughtUp();
    const after = await title(jlId);
    expect(after).toMatchObject({ overview: 'Edited in Kodi.', runtime: 242, name: before.name });
    expect(sourceOf(after, 'OVERVIEW')).toEqual({ field: 'OVERVIEW', source: 'NFO', origin: `${JL}/Justice League (2017).nfo` });
    // What the NFO did not give, the provider did.
    expect(after.provenance.some((p) => p.source === 'PROVIDER')).toBe(true);
  });
});
