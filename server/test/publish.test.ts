import { appendFile, mkdtemp, readFile, rm, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNfo } from '../src/integrations/nfo/nfo-reader.js';
import type { NfoEpisodeDocument, NfoMovie } from '../src/integrations/nfo/nfo.types.js';
import { startArtworkServer, type ArtworkServer } from './harness/artwork-server.js';
import { eventually, useMarquee } from './harness/marquee.js';
import { BREAKING_BAD_NFO, DEFAULT_LAYOUT, makeMediaLibrary } from './harness/media-library.js';
import { asService, finished, gqlOf, IMPORT, listFiles, tempFiles } from './harness/publishing.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'worker', 'projector']);
const gql = gqlOf(marquee);
let db: pg.Client;
let art: ArtworkServer;
let root: string;
let libraryId: string;
let matrixId: string;
let showId: string;

const MOVIE = 'Movies/The Matrix (1999)';
const MOVIE_NFO = `${MOVIE}/The Matrix (1999).nfo`;
const SHOW = 'Series/Breaking Bad (2008)';
const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const disk = (rel: string) => readFile(path.join(root, ...rel.split('/')));
const hashOnDisk = async (rel: string) => sha(await disk(rel));

async function publish(titleId: string): Promise<Record<string, unknown>> {
  const { publishTitle } = await gql<{ publishTitle: Array<{ id: string; queue: string }> }>(`mutation($t: ID!) { publishTitle(titleId: $t) { id queue } }`, { t: titleId });
  expect(publishTitle).toHaveLength(1);
  expect(publishTitle[0]!.queue).toBe('publish-assets');
  return (await finished(marquee, publishTitle[0]!.id)).output!;
}

async function runJob(mutation: string): Promise<Record<string, unknown>> {
  const data = await gql<Record<string, { id: string }>>(mutation, { l: libraryId });
  return (await finished(marquee, Object.values(data)[0]!.id)).output!;
}

async function importTitles(items: unknown[]): Promise<string[]> {
  const { internalImportTitles } = await gql<{ internalImportTitles: Array<{ outcome: string; titleId: string; error: unknown }> }>(IMPORT, { items }, asService);
  for (const r of internalImportTitles) expect(r.error).toBeNull();
  return internalImportTitles.map((r) => r.titleId);
}

const matrixItem = (changes: Record<string, unknown> = {}) => ({
  provider: 'tmdb',
  externalId: '603',
  externalIds: [{ provider: 'imdb', value: 'tt0133093' }],
  kind: 'MOVIE',
  name: 'The Matrix',
  year: 1999,
  overview: 'A hacker learns the truth about his reality.',
  genres: ['Action', 'Science Fiction'],
  studios: ['Warner Bros. Pictures'],
  rating: 8.2,
  votes: 26000,
  runtime: 136,
  artwork: [
    { kind: 'POSTER', url: `${art.url}/poster.jpg`, score: 5 },
    { kind: 'FANART', url: `${art.url}/fanart.jpg`, score: 5 },
    { kind: 'CLEARLOGO', url: `${art.url}/logo.png`, score: 5 },
  ],
  ...changes,
});

async function publishedFiles(titleId: string): Promise<Array<{ path: string; role: string; kind: string; sha256: string; warning: string | null }>> {
  const { title } = await gql<{ title: { publishedFiles: Array<{ path: string; role: string; kind: string; sha256: string; warning: string | null }> } }>(
    `query($id: ID!) { title(id: $id) { publishedFiles { path role kind sha256 warning } } }`,
    { id: titleId },
  );
  return title.publishedFiles;
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
  art = await startArtworkServer();
  root = await mkdtemp(path.join(tmpdir(), 'marquee-publish-'));
  await makeMediaLibrary(root, DEFAULT_LAYOUT.filter((e) => e.path.startsWith(MOVIE) || e.path.startsWith(SHOW)));
  [matrixId, showId] = await importTitles([
    matrixItem(),
    {
      provider: 'tvdb',
      externalId: '81189',
      externalIds: [{ provider: 'tmdb', value: '1396' }],
      kind: 'SERIES',
      name: 'Breaking Bad',
      year: 2008,
      status: 'ENDED',
      artwork: [
        { kind: 'POSTER', url: `${art.url}/show-poster.jpg`, score: 5 },
        // The same bytes as the film's fanart, from another address: stored once.
        { kind: 'FANART', url: `${art.url}/fanart-mirror.jpg`, score: 5 },
        { kind: 'SEASON_POSTER', seasonNumber: 1, url: `${art.url}/season1.jpg`, score: 5 },
      ],
    },
  ]) as [string, string];
  await gql(`mutation($t: ID!, $s: [SeasonInput!]!) { upsertSeasons(titleId: $t, seasons: $s, lock: false) { id } }`, {
    t: showId,
    s: [{ number: 1, name: 'Season 1', episodes: [{ number: 1, name: 'Pilot', airDate: '2008-01-20' }, { number: 2, name: "Cat's in the Bag..." }] }],
  });
  const { createPerson } = await gql<{ createPerson: { id: string } }>(`mutation { createPerson(input: { name: "Keanu Reeves" }) { id } }`);
  await gql(`mutation($t: ID!, $c: [CreditInput!]!) { setCredits(titleId: $t, credits: $c) { id } }`, { t: matrixId, c: [{ personId: createPerson.id, role: 'ACTOR', character: 'Neo' }] });
  const { createLibrary } = await gql<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Media', rootPath: root, kind: 'MIXED' } });
  libraryId = createLibrary.id;
  const { scanLibrary } = await gql<{ scanLibrary: { id: string } }>(`mutation($l: ID!) { scanLibrary(libraryId: $l) { id } }`, { l: libraryId });
  await finished(marquee, scanLibrary.id);
  const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from media_file where title_id in ($1, $2) and class = 'VIDEO' and extra is null`, [matrixId, showId]);
  expect(Number(rows[0]!.n)).toBe(3);
}, 120_000);

afterAll(async () => {
  await art?.close();
  await db?.end();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('publishing a movie', () => {
  it('writes a Kodi NFO and the selected artwork beside the media, through the cache', async () => {
    const output = await publish(matrixId);
    expect(output).toMatchObject({ unchanged: 0, skippedUserFiles: [], edited: [], recycled: [], failedArtwork: [], downloaded: 3 });
    expect([...(output.written as string[])].sort()).toEqual(
      [`${MOVIE}/The Matrix (1999)-clearlogo.png`, `${MOVIE}/The Matrix (1999)-fanart.jpg`, MOVIE_NFO, `${MOVIE}/The Matrix (1999)-poster.jpg`].sort(),
    );
    expect(await disk(`${MOVIE}/The Matrix (1999)-poster.jpg`)).toEqual(art.images['/poster.jpg']);
    expect(await disk(`${MOVIE}/The Matrix (1999)-fanart.jpg`)).toEqual(art.images['/fanart.jpg']);
    expect(await disk(`${MOVIE}/The Matrix (1999)-clearlogo.png`)).toEqual(art.images['/logo.png']);

    const nfo = readNfo((await disk(MOVIE_NFO)).toString('utf8')) as NfoMovie;
    expect(nfo).toMatchObject({
      kind: 'movie',
      title: 'The Matrix',
      year: 1999,
      runtime: 136,
      // The user's movie.nfo beside the film gave the plot at the scan (an NFO outranks the import).
      plot: expect.stringMatching(/^Set in the 22nd century, The Matrix tells the story/),
      uniqueIds: { tmdb: '603', imdb: 'tt0133093' },
      defaultId: 'imdb',
      genres: ['Action', 'Science Fiction'],
      studios: ['Warner Bros. Pictures'],
      ratings: [{ name: 'themoviedb', value: 8.2, votes: 26000, max: 10, default: true }],
      actors: [{ name: 'Keanu Reeves', role: 'Neo', order: 0 }],
    });
    expect(nfo.artwork.map((a) => `${a.kind} ${a.url}`).sort()).toEqual([`clearlogo ${art.url}/logo.png`, `fanart ${art.url}/fanart.jpg`, `poster ${art.url}/poster.jpg`]);
    expect(nfo.fileInfo?.video[0]).toMatchObject({ codec: 'h264', width: 160, height: 90 });

    // The user's own movie.nfo, poster.jpg and fanart.jpg are untouched.
    const user = DEFAULT_LAYOUT.find((e) => e.path === `${MOVIE}/movie.nfo`)!;
    expect((await disk(`${MOVIE}/movie.nfo`)).toString()).toBe((user.source as { text: string }).text);

    const { rows } = await db.query<{ sha256: string; ext: string; format: string; width: number; height: number }>(`select sha256, ext, format, width, height from cached_asset where format <> 'nfo' order by width`);
    expect(rows.find((r) => r.sha256 === sha(art.images['/poster.jpg']!))).toMatchObject({ ext: 'jpg', format: 'jpeg', width: 200, height: 300 });
    expect(rows.find((r) => r.sha256 === sha(art.images['/logo.png']!))).toMatchObject({ ext: 'png', format: 'png', width: 120, height: 40 });
    const posterSha = sha(art.images['/poster.jpg']!);
    const cached = path.join(marquee.config.dataDir, 'cache', posterSha.slice(0, 2), posterSha.slice(2, 4), `${posterSha}.jpg`);
    expect(await readFile(cached)).toEqual(art.images['/poster.jpg']);

    const listed = await eventually(async () => {
      const files = await publishedFiles(matrixId);
      return files.length === 4 ? files : undefined;
    }, 'the published files read model');
    expect(listed.find((f) => f.path === MOVIE_NFO)).toMatchObject({ role: 'NFO', kind: 'movie', sha256: await hashOnDisk(MOVIE_NFO), warning: null });
    expect(await tempFiles(root)).toEqual([]);
  });

  it('writes nothing when republishing unchanged data', async () => {
    const before = await stat(path.join(root, MOVIE_NFO));
    const events = await db.query<{ n: string }>(`select count(*)::text as n from outbox where aggregate_type = 'published'`);
    const hits = art.hits.get('/poster.jpg');
    const output = await publish(matrixId);
    expect(output).toMatchObject({ written: [], unchanged: 4, downloaded: 0, recycled: [] });
    expect((await stat(path.join(root, MOVIE_NFO))).mtimeMs).toBe(before.mtimeMs);
    expect(art.hits.get('/poster.jpg')).toBe(hits);
    const after = await db.query<{ n: string }>(`select count(*)::text as n from outbox where aggregate_type = 'published'`);
    expect(after.rows[0]!.n).toBe(events.rows[0]!.n);
  });

  it('keeps a locked field in the NFO after a provider changes the metadata', async () => {
    const { rows } = await db.query<{ version: number }>('select version from title where id = $1', [matrixId]);
    await gql(`mutation($i: UpdateTitleInput!) { updateTitle(input: $i) { id } }`, { i: { id: matrixId, expectedVersion: rows[0]!.version, overview: 'My own summary.' } });
    await importTitles([matrixItem({ overview: 'Provider summary, changed.', genres: ['Action', 'Science Fiction', 'Cyberpunk'] })]);
    const output = await publish(matrixId);
    expect(output.written).toEqual([MOVIE_NFO]);
    const nfo = readNfo((await disk(MOVIE_NFO)).toString('utf8')) as NfoMovie;
    expect(nfo.plot).toBe('My own summary.');
    expect(nfo.genres).toEqual(['Action', 'Science Fiction', 'Cyberpunk']);
  });

  it('leaves a published file edited by hand alone, with a warning', async () => {
    await appendFile(path.join(root, MOVIE_NFO), '<!-- my notes -->\n');
    const edited = await disk(MOVIE_NFO);
    await importTitles([matrixItem({ overview: 'Provider summary, changed.', genres: ['Action', 'Science Fiction', 'Cyberpunk'], rating: 8.7 })]);
    const output = await publish(matrixId);
    expect(output).toMatchObject({ written: [], edited: [MOVIE_NFO] });
    expect(await disk(MOVIE_NFO)).toEqual(edited);
    const files = await eventually(async () => {
      const list = await publishedFiles(matrixId);
      return list.find((f) => f.path === MOVIE_NFO)?.warning ? list : undefined;
    }, 'the warning in the read model');
    expect(files.find((f) => f.path === MOVIE_NFO)!.warning).toMatch(/changed since Marquee wrote it/);
    // verify reports it and leaves it too (it is still a readable NFO).
    const report = await runJob(`mutation($l: ID) { verifyLibrary(libraryId: $l) { id } }`);
    expect(report).toMatchObject({ edited: [MOVIE_NFO], repaired: [] });
    expect(await disk(MOVIE_NFO)).toEqual(edited);
  });

  it('verify repairs missing and damaged published files from the cache', async () => {
    await unlink(path.join(root, `${MOVIE}/The Matrix (1999)-poster.jpg`));
    await truncate(path.join(root, `${MOVIE}/The Matrix (1999)-fanart.jpg`), 100);
    const report = await runJob(`mutation($l: ID) { verifyLibrary(libraryId: $l) { id } }`);
    expect([...(report.repaired as string[])].sort()).toEqual([`${MOVIE}/The Matrix (1999)-fanart.jpg`, `${MOVIE}/The Matrix (1999)-poster.jpg`]);
    expect(report.unrepaired).toEqual([]);
    expect(await disk(`${MOVIE}/The Matrix (1999)-poster.jpg`)).toEqual(art.images['/poster.jpg']);
    expect(await disk(`${MOVIE}/The Matrix (1999)-fanart.jpg`)).toEqual(art.images['/fanart.jpg']);
  });

  it('repairMissingArtwork downloads only what the cache lost', async () => {
    const logoSha = sha(art.images['/logo.png']!);
    await unlink(path.join(marquee.config.dataDir, 'cache', logoSha.slice(0, 2), logoSha.slice(2, 4), `${logoSha}.png`));
    await unlink(path.join(root, `${MOVIE}/The Matrix (1999)-clearlogo.png`));
    const before = { logo: art.hits.get('/logo.png') ?? 0, poster: art.hits.get('/poster.jpg') ?? 0 };
    const report = await runJob(`mutation($l: ID) { repairMissingArtwork(libraryId: $l) { id } }`);
    expect(report).toMatchObject({ repaired: [`${MOVIE}/The Matrix (1999)-clearlogo.png`], unrepaired: [] });
    expect(art.hits.get('/logo.png')).toBe(before.logo + 1);
    expect(art.hits.get('/poster.jpg')).toBe(before.poster);
    expect(await disk(`${MOVIE}/The Matrix (1999)-clearlogo.png`)).toEqual(art.images['/logo.png']);
  });
});

describe('publishing a series', () => {
  it("writes episode NFOs and show artwork, and never overwrites the user's files of the same name", async () => {
    const userFiles = ['tvshow.nfo', 'poster.jpg', 'season01-poster.jpg', 'Season 01/season.nfo'].map((f) => `${SHOW}/${f}`);
    const before = await Promise.all(userFiles.map(hashOnDisk));
    const output = await publish(showId);
    expect([...(output.skippedUserFiles as string[])].sort()).toEqual([...userFiles].sort());
    expect([...(output.written as string[])].sort()).toEqual(
      [`${SHOW}/Season 01/Breaking Bad - S01E01 - Pilot.nfo`, `${SHOW}/Season 01/Breaking Bad - S01E02 - Cat's in the Bag....nfo`, `${SHOW}/fanart.jpg`].sort(),
    );
    expect(await Promise.all(userFiles.map(hashOnDisk))).toEqual(before);
    expect((await disk(`${SHOW}/tvshow.nfo`)).toString()).toBe(BREAKING_BAD_NFO);
    const episode = readNfo((await disk(`${SHOW}/Season 01/Breaking Bad - S01E01 - Pilot.nfo`)).toString('utf8')) as NfoEpisodeDocument;
    expect(episode.episodes).toMatchObject([{ title: 'Pilot', showTitle: 'Breaking Bad', season: 1, episode: 1, aired: '2008-01-20' }]);
    // The mirror's bytes equal the film's fanart: one cache entry, one file.
    const fanartSha = sha(art.images['/fanart.jpg']!);
    const { rows } = await db.query<{ n: string }>('select count(*)::text as n from cached_asset where sha256 = $1', [fanartSha]);
    expect(rows[0]!.n).toBe('1');
    expect((await listFiles(path.join(marquee.config.dataDir, 'cache'))).filter((f) => f.includes(fanartSha))).toHaveLength(1);
    expect(await disk(`${SHOW}/fanart.jpg`)).toEqual(art.images['/fanart.jpg']);
  });
});

describe('the recycle bin', () => {
  it('moves a deleted title’s published files to the bin and restores them byte for byte', async () => {
    const owned = [`${MOVIE}/The Matrix (1999)-poster.jpg`, `${MOVIE}/The Matrix (1999)-fanart.jpg`, `${MOVIE}/The Matrix (1999)-clearlogo.png`];
    const hashes = await Promise.all(owned.map(hashOnDisk));
    await gql(`mutation($id: ID!) { deleteTitle(id: $id) { id } }`, { id: matrixId });
    for (const f of owned) await expect(stat(path.join(root, f))).rejects.toThrow();
    // The hand-edited NFO is not Marquee's any more: it stays.
    await expect(stat(path.join(root, MOVIE_NFO))).resolves.toBeTruthy();
    const entry = await eventually(async () => {
      const { recycleBin } = await gql<{ recycleBin: { edges: Array<{ node: { id: string; kind: string; titleId: string; label: string; files: Array<{ path: string }>; purgeAfter: string } }> } }>(
        `query { recycleBin(first: 10) { edges { node { id kind titleId label purgeAfter files { path } } } } }`,
      );
      return recycleBin.edges.map((e) => e.node).find((n) => n.kind === 'TITLE' && n.titleId === matrixId);
    }, 'the title in the recycle bin');
    expect(entry.label).toBe('The Matrix');
    expect(entry.files.map((f) => f.path).sort()).toEqual([...owned].sort());
    expect(Date.parse(entry.purgeAfter) - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    const binned = await listFiles(path.join(marquee.config.dataDir, 'recycle-bin'));
    expect(binned).toHaveLength(3);
    expect(binned[0]).toMatch(/^\d{4}-\d{2}-\d{2}\//);

    await gql(`mutation($id: ID!) { restoreTitle(id: $id) { id } }`, { id: matrixId });
    expect(await Promise.all(owned.map(hashOnDisk))).toEqual(hashes);
    expect(await listFiles(path.join(marquee.config.dataDir, 'recycle-bin'))).toEqual([]);
    // Marquee still knows it wrote them: a republish finds them unchanged.
    const output = await publish(matrixId);
    expect(output).toMatchObject({ written: [], unchanged: 3, edited: [MOVIE_NFO] });
  });

  it('deletes a media file into the bin and restores it and its record', async () => {
    const { rows } = await db.query<{ id: string; rel_path: string }>(`select id, rel_path from media_file where title_id = $1 and class = 'VIDEO' and extra is null`, [matrixId]);
    const file = rows[0]!;
    const hash = await hashOnDisk(file.rel_path);
    const { deleteMediaFile } = await gql<{ deleteMediaFile: { id: string; kind: string } }>(`mutation($f: ID!) { deleteMediaFile(fileId: $f) { id kind } }`, { f: file.id });
    expect(deleteMediaFile.kind).toBe('MEDIA_FILE');
    await expect(stat(path.join(root, file.rel_path))).rejects.toThrow();
    expect((await db.query('select 1 from media_file where id = $1', [file.id])).rowCount).toBe(0);
    const missing = await marquee.gql(`mutation($id: ID!) { restoreRecycleEntry(id: $id) { id } }`, { id: '00000000-0000-0000-0000-000000000000' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const { restoreRecycleEntry } = await gql<{ restoreRecycleEntry: { kind: string; files: number } }>(`mutation($id: ID!) { restoreRecycleEntry(id: $id) { kind files } }`, { id: deleteMediaFile.id });
    expect(restoreRecycleEntry).toEqual({ kind: 'MEDIA_FILE', files: 1 });
    expect(await hashOnDisk(file.rel_path)).toBe(hash);
    await eventually(async () => {
      const res = await marquee.gql<{ mediaFile: { path: string } }>(`query($id: ID!) { mediaFile(id: $id) { path } }`, { id: file.id });
      return res.data?.mediaFile.path === file.rel_path ? true : undefined;
    }, 'the restored file in the read model');
  });

  it('recycles published artwork that is no longer selected, restorable, and purges entries for good', async () => {
    const { rows } = await db.query<{ id: string }>(`select id from artwork where title_id = $1 and kind = 'CLEARLOGO'`, [matrixId]);
    await gql(`mutation($t: ID!, $a: ID!) { removeArtwork(titleId: $t, artworkId: $a) { id } }`, { t: matrixId, a: rows[0]!.id });
    const logo = `${MOVIE}/The Matrix (1999)-clearlogo.png`;
    const output = await publish(matrixId);
    expect(output.recycled).toEqual([logo]);
    await expect(stat(path.join(root, logo))).rejects.toThrow();
    const entries = await eventually(async () => {
      const { recycleBin } = await gql<{ recycleBin: { edges: Array<{ node: { id: string; kind: string; label: string } }> } }>(`query { recycleBin(first: 10) { edges { node { id kind label } } } }`);
      const nodes = recycleBin.edges.map((e) => e.node);
      return nodes.some((n) => n.kind === 'PUBLISHED_FILE') && nodes.some((n) => n.kind === 'ARTWORK') ? nodes : undefined;
    }, 'the artwork and the published file in the bin');
    const published = entries.find((n) => n.kind === 'PUBLISHED_FILE')!;
    expect(published.label).toBe(logo);
    await gql(`mutation($id: ID!) { restoreRecycleEntry(id: $id) { id } }`, { id: published.id });
    expect(await disk(logo)).toEqual(art.images['/logo.png']);

    const artwork = entries.find((n) => n.kind === 'ARTWORK')!;
    await gql(`mutation($id: ID!) { purgeRecycleEntry(id: $id) }`, { id: artwork.id });
    expect((await db.query('select 1 from recycle_entry where id = $1', [artwork.id])).rowCount).toBe(0);
  });

  it('the purge phase deletes entries past the retention and keeps newer ones', async () => {
    await writeFile(path.join(root, `${MOVIE}/keep.txt`), 'user file\n');
    await gql(`mutation($id: ID!) { deleteTitle(id: $id) { id } }`, { id: showId });
    const { rows } = await db.query<{ id: string; folder: string }>(`select id, folder from recycle_entry where kind = 'TITLE' and title_id = $1`, [showId]);
    const entry = rows[0]!;
    expect(await listFiles(path.join(marquee.config.dataDir, "recycle-bin", entry.folder))).toHaveLength(3);
    const { rows: others } = await db.query<{ n: string }>('select count(*)::text as n from recycle_entry where id <> $1', [entry.id]);
    await db.query(`update recycle_entry set deleted_at = now() - interval '31 days' where id = $1`, [entry.id]);
    await db.query(`update title set deleted_at = now() - interval '31 days' where id = $1`, [showId]);
    const report = await runJob(`mutation { purgeRecycleBin { id } }`);
    expect(report).toMatchObject({ purgedEntries: 1, retentionDays: 30 });
    expect((await db.query('select 1 from title where id = $1', [showId])).rowCount).toBe(0);
    await expect(stat(path.join(marquee.config.dataDir, 'recycle-bin', entry.folder))).rejects.toThrow();
    const { rows: left } = await db.query<{ n: string }>('select count(*)::text as n from recycle_entry');
    expect(left[0]!.n).toBe(others[0]!.n);
    expect((await readFile(path.join(root, `${MOVIE}/keep.txt`))).toString()).toBe('user file\n');
  });
});
