import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNfo } from '../src/integrations/nfo/nfo-reader.js';
import type { NfoMovie, NfoTvShow } from '../src/integrations/nfo/nfo.types.js';
import { startFakeProviders, type FakeProviders } from './harness/fake-providers.js';
import { startImageCdn, type ImageCdn } from './harness/image-cdn.js';
import { eventually, useMarquee } from './harness/marquee.js';
import { makeMediaLibrary } from './harness/media-library.js';
import { finished, gqlOf, listFiles, tempFiles } from './harness/publishing.js';
import { useTestServices } from './harness/services.js';

/**
 * The two halves of issue 8 end to end: scan → enrich (fake TMDB/TVDB/Fanart.tv on their specs)
 * → publish (NFOs and artwork downloaded from the providers' image URLs, served by a local CDN)
 * through the pipeline alone, then a user's lock and upload surviving re-enrichment and republish.
 */
const services = useTestServices();
let fakes: FakeProviders;
let cdn: ImageCdn;
const env: Record<string, string> = { MARQUEE_PROVIDER_RATE_LIMITS: 'off' };
beforeAll(async () => {
  cdn = await startImageCdn();
  fakes = await startFakeProviders({ fanartImageUrl: `${cdn.url}/fanart` });
  Object.assign(env, fakes.env, { MARQUEE_TMDB_IMAGE_URL: `${cdn.url}/tmdb` });
}, 120_000);
const marquee = useMarquee(services, ['api', 'worker', 'projector'], env);
const gql = gqlOf(marquee);
let root: string;
let libraryId: string;
let starWars: string;
let thrones: string;

const MOVIE = 'Movies/Star Wars (1977)';
const STEM = `${MOVIE}/Star Wars (1977)`;
const SHOW = 'Series/Game of Thrones (2011)';
const disk = (rel: string) => readFile(path.join(root, ...rel.split('/')));

interface Art {
  kind: string;
  url: string;
  selected: boolean;
  seasonNumber: number | null;
}
interface TitleView {
  version: number;
  overview: string | null;
  lockedFields: string[];
  artwork: Art[];
}
const title = async (id: string) =>
  (await gql<{ title: TitleView }>(`query($id: ID!) { title(id: $id) { version overview lockedFields artwork { kind url selected seasonNumber } } }`, { id })).title;

interface Run {
  id: string;
  titleId: string | null;
  state: string;
  output: Record<string, unknown> | null;
}
async function publishRuns(titleId: string): Promise<Run[]> {
  const { jobRuns } = await gql<{ jobRuns: { edges: Array<{ node: Run }> } }>(
    `query($l: ID!) { jobRuns(libraryId: $l, queue: "publish-assets", first: 200) { edges { node { id titleId state output } } } }`,
    { l: libraryId },
  );
  return jobRuns.edges.map((e) => e.node).filter((r) => r.titleId === titleId);
}
/** Waits for the title's `count`-th publish run to complete (runs are newest first). */
const publishedTimes = (titleId: string, count: number) =>
  eventually(async () => {
    const runs = await publishRuns(titleId);
    if (runs.some((r) => r.state === 'FAILED')) throw new Error(`a publish run failed: ${JSON.stringify(runs)}`);
    const done = runs.filter((r) => r.state === 'COMPLETED');
    return done.length >= count && runs.length === done.length ? done[0]! : undefined;
  }, `publish run ${count} of ${titleId}`, 1200, 100);

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'marquee-enrich-publish-'));
  await makeMediaLibrary(root, [
    { path: `${STEM}.mkv`, source: { clip: 'feature-mkv' }, expect: { class: 'video', title: 'Star Wars', year: 1977 } },
    { path: `${SHOW}/Season 01/Game of Thrones - S01E01 - Winter Is Coming.mkv`, source: { clip: 'episode-mkv' }, expect: { class: 'video', title: 'Game of Thrones', season: 1, episode: 1 } },
  ]);
  starWars = (await gql<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: MOVIE, name: "Star Wars", year: 1977 }) { id } }`)).createTitle.id;
  await gql(`mutation($id: ID!) { setExternalIds(titleId: $id, externalIds: [{ provider: "tmdb", value: "11" }]) { id } }`, { id: starWars });
  thrones = (await gql<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: SERIES, name: "Game of Thrones", year: 2011 }) { id } }`)).createTitle.id;
  await gql(`mutation($id: ID!) { setExternalIds(titleId: $id, externalIds: [{ provider: "tmdb", value: "1399" }, { provider: "tvdb", value: "121361" }]) { id } }`, { id: thrones });
  libraryId = (await gql<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Media', rootPath: root, kind: 'MIXED', phases: ['ENRICH', 'PUBLISH'] } }))
    .createLibrary.id;
}, 180_000);

afterAll(async () => {
  await fakes?.close();
  await cdn?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** The Kodi file name of each selected artwork beside a movie, and the URL it came from. */
function movieArtwork(t: TitleView): Array<{ file: string; url: string }> {
  return t.artwork.filter((a) => a.selected).map((a) => ({ file: `${STEM}-${a.kind.toLowerCase()}${path.extname(new URL(a.url, 'http://x').pathname)}`, url: a.url }));
}

describe('scan → enrich → publish', () => {
  it('a scan alone ends with Kodi NFOs and the selected provider artwork beside the media', async () => {
    const { scanLibrary } = await gql<{ scanLibrary: { id: string } }>(`mutation($l: ID!) { scanLibrary(libraryId: $l) { id } }`, { l: libraryId });
    expect((await finished(marquee, scanLibrary.id)).output).toMatchObject({ matched: 2, followUps: 2 });
    const [moviePublish, showPublish] = await Promise.all([publishedTimes(starWars, 1), publishedTimes(thrones, 1)]);
    expect(moviePublish.output).toMatchObject({ failedArtwork: [], skippedUserFiles: [], edited: [] });
    expect(showPublish.output).toMatchObject({ failedArtwork: [] });

    const movie = await title(starWars);
    const art = movieArtwork(movie);
    expect(art.map((a) => a.file)).toEqual(expect.arrayContaining([`${STEM}-poster.jpg`, `${STEM}-fanart.jpg`]));
    // Every selected image came from the fake providers' image URLs, through the local CDN.
    for (const a of art) expect(a.url.startsWith(cdn.url), a.url).toBe(true);
    const files = await listFiles(root);
    expect(files.filter((f) => f.startsWith(`${MOVIE}/`)).sort()).toEqual([`${STEM}.mkv`, `${STEM}.nfo`, ...art.map((a) => a.file)].sort());
    for (const a of art) expect((await disk(a.file)).equals(await cdn.bytesOf(new URL(a.url).pathname)), a.file).toBe(true);

    const nfo = readNfo((await disk(`${STEM}.nfo`)).toString('utf8')) as NfoMovie;
    expect(nfo.kind).toBe('movie');
    expect(nfo.plot).toBe(movie.overview);
    expect(nfo.plot).toBeTruthy();
    expect(nfo.uniqueIds).toMatchObject({ tmdb: '11' });
    expect(nfo.genres.length).toBeGreaterThan(0);
    expect(nfo.artwork.map((a) => a.url).sort()).toEqual(art.map((a) => a.url).sort());

    const show = await title(thrones);
    const poster = show.artwork.find((a) => a.selected && a.kind === 'POSTER')!;
    expect((await disk(`${SHOW}/poster.jpg`)).equals(await cdn.bytesOf(new URL(poster.url).pathname))).toBe(true);
    const tvshow = readNfo((await disk(`${SHOW}/tvshow.nfo`)).toString('utf8')) as NfoTvShow;
    expect(tvshow).toMatchObject({ kind: 'tvshow', plot: show.overview, uniqueIds: { tmdb: '1399', tvdb: '121361' } });
    const seasonPoster = show.artwork.find((a) => a.selected && a.kind === 'SEASON_POSTER' && a.seasonNumber === 1);
    if (seasonPoster) expect((await disk(`${SHOW}/season01-poster.jpg`)).equals(await cdn.bytesOf(new URL(seasonPoster.url).pathname))).toBe(true);
    expect(await tempFiles(root)).toEqual([]);
  });

  it('a locked field and an uploaded image stay in what is published after re-enrichment', async () => {
    const before = await title(starWars);
    await gql(`mutation($i: UpdateTitleInput!) { updateTitle(input: $i) { id } }`, { i: { id: starWars, expectedVersion: before.version, overview: 'My own summary.' } });
    const png = await sharp({ create: { width: 64, height: 36, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
    await gql(`mutation($t: ID!, $d: String!) { uploadArtwork(titleId: $t, kind: FANART, data: $d) { id } }`, { t: starWars, d: png.toString('base64') });

    const { enrichTitle } = await gql<{ enrichTitle: { id: string } }>(`mutation($t: ID!) { enrichTitle(titleId: $t) { id } }`, { t: starWars });
    expect((await finished(marquee, enrichTitle.id)).output).toMatchObject({ protectedFields: ['overview'], followUps: 1 });
    const republish = await publishedTimes(starWars, 2);
    expect(republish.output).toMatchObject({ failedArtwork: [], written: expect.arrayContaining([`${STEM}.nfo`, `${STEM}-fanart.png`]), recycled: [`${STEM}-fanart.jpg`] });

    const after = await title(starWars);
    expect(after.lockedFields).toContain('OVERVIEW');
    const nfo = readNfo((await disk(`${STEM}.nfo`)).toString('utf8')) as NfoMovie;
    expect(nfo.plot).toBe('My own summary.');
    // The upload is published beside the media; the NFO references only fetchable URLs.
    expect((await disk(`${STEM}-fanart.png`)).equals(png)).toBe(true);
    expect(nfo.artwork.some((a) => a.kind === 'fanart')).toBe(false);
    const files = await listFiles(root);
    expect(files).not.toContain(`${STEM}-fanart.jpg`);
    expect(files).toContain(`${STEM}-poster.jpg`);
  });
});
