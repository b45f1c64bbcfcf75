import { cp, mkdtemp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, useMarquee } from './harness/marquee.js';
import { makeMediaLibrary, type MediaLibraryManifest } from './harness/media-library.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'worker', 'projector']);
let root: string;
let manifest: MediaLibraryManifest;
let libraryId: string;
let db: pg.Client;
let matrixId: string;

const FILE_FIELDS = 'id path class extra missingSince subtitle { language forced sdh } media { container video { codec width height } audio { codec channels } subtitles { language } } parsed { kind title year season episodes absoluteEpisodes } match { titleId method confidence locked seasonNumber episodeNumbers }';

interface FileNode {
  id: string;
  path: string;
  class: string;
  extra: string | null;
  missingSince: string | null;
  subtitle: { language: string | null; forced: boolean; sdh: boolean } | null;
  media: { container: string | null; video: Array<{ codec: string; width: number }>; audio: Array<{ codec: string }>; subtitles: Array<{ language: string | null }> } | null;
  parsed: { kind: string; title: string | null; year: number | null; season: number | null; episodes: number[]; absoluteEpisodes: number[] } | null;
  match: { titleId: string | null; method: string | null; confidence: number; locked: boolean; seasonNumber: number | null; episodeNumbers: number[] } | null;
}

async function gqlOk<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await marquee.gql<T>(query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

/** Runs a scan to its end and waits until the projector has caught up with everything it wrote. */
async function scan(pathInLibrary: string | null = null): Promise<Record<string, number>> {
  const { scanLibrary } = await gqlOk<{ scanLibrary: { id: string } }>(`mutation($l: ID!, $p: String) { scanLibrary(libraryId: $l, path: $p) { id } }`, { l: libraryId, p: pathInLibrary });
  const run = await eventually(async () => {
    const res = await marquee.gql<{ jobRun: { state: string; output: Record<string, number> | null; error: string | null } }>(`query($id: ID!) { jobRun(id: $id) { state output error } }`, { id: scanLibrary.id });
    const state = res.data?.jobRun.state;
    if (state === 'FAILED') throw new Error(res.data!.jobRun.error ?? 'scan failed');
    return state === 'COMPLETED' ? res.data!.jobRun : undefined;
  }, 'the scan to complete', 600);
  await caughtUp();
  return run.output!;
}

async function caughtUp(): Promise<void> {
  const { rows } = await db.query<{ max: string }>('select coalesce(max(id), 0)::text as max from outbox');
  await eventually(async () => {
    const res = await fetch(`${marquee.url}/ready`);
    const body = (await res.json()) as { checks?: { projector?: { lag?: number } } };
    return body.checks?.projector?.lag === 0 ? true : undefined;
  }, `projection up to outbox ${rows[0]!.max}`);
}

async function files(): Promise<FileNode[]> {
  const out: FileNode[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { mediaFiles: { edges: Array<{ node: FileNode }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await gqlOk(
      `query($l: ID!, $a: String) { mediaFiles(libraryId: $l, first: 20, after: $a) { edges { node { ${FILE_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
      { l: libraryId, a: after },
    );
    out.push(...page.mediaFiles.edges.map((e) => e.node));
    if (!page.mediaFiles.pageInfo.hasNextPage) return out;
    after = page.mediaFiles.pageInfo.endCursor;
  }
}

const byPath = (list: FileNode[], p: string) => list.find((f) => f.path === p);

async function outboxCount(type: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>('select count(*)::text as n from outbox where aggregate_type = $1', [type]);
  return Number(rows[0]!.n);
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
  root = await mkdtemp(path.join(tmpdir(), 'marquee-scan-'));
  manifest = await makeMediaLibrary(root);
  const created = await gqlOk<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: MOVIE, name: "The Matrix", year: 1999 }) { id } }`);
  matrixId = created.createTitle.id;
  await gqlOk(`mutation($id: ID!) { setExternalIds(titleId: $id, externalIds: [{ provider: "imdb", value: "tt0133093" }]) { id } }`, { id: matrixId });
  await gqlOk(`mutation { createTitle(input: { kind: SERIES, name: "Breaking Bad", year: 2008 }) { id } }`);
  const lib = await gqlOk<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Everything', rootPath: root, kind: 'MIXED' } });
  libraryId = lib.createLibrary.id;
}, 120_000);

afterAll(async () => {
  await db?.end();
  await rm(root, { recursive: true, force: true });
});

describe('library scan', () => {
  it('classifies, probes and identifies a library of real media files', async () => {
    const output = await scan();
    expect(output.added).toBe(manifest.files.length);
    const list = await files();
    expect(list).toHaveLength(manifest.files.length);
    for (const expected of manifest.files) {
      const f = byPath(list, expected.path)!;
      expect(f, expected.path).toBeDefined();
      expect(f.class, expected.path).toBe(expected.class.toUpperCase());
      expect(f.extra, expected.path).toBe(expected.extra);
    }
    const matrix = list.find((f) => f.class === 'VIDEO' && f.extra === null && f.path.startsWith('Movies/The Matrix'))!;
    expect(matrix.match).toMatchObject({ titleId: matrixId, method: 'NFO_ID', locked: false });
    expect(matrix.media?.video[0]?.codec).toBe('h264');
    expect(matrix.media?.audio.length).toBeGreaterThan(0);
    const episode = list.find((f) => f.class === 'VIDEO' && /S01E02/.test(f.path))!;
    expect(episode.parsed).toMatchObject({ kind: 'episode', title: 'Breaking Bad', season: 1, episodes: [2] });
    expect(episode.match?.titleId).not.toBeNull();
    expect(episode.match).toMatchObject({ seasonNumber: 1, episodeNumbers: [2] });
    const sub = list.find((f) => f.class === 'SUBTITLE' && f.subtitle?.language === 'en');
    expect(sub).toBeDefined();

    const title = await gqlOk<{ title: { files: Array<{ id: string }> } }>(`query($id: ID!) { title(id: $id) { files { id } } }`, { id: matrixId });
    expect(title.title.files.map((f) => f.id)).toContain(matrix.id);
  });

  it('an unchanged rescan writes nothing and probes nothing', async () => {
    const before = await outboxCount('mediafile');
    const { rows: probedBefore } = await db.query('select id, probed_at, version from media_file order by id');
    const output = await scan();
    expect(output).toMatchObject({ added: 0, changed: 0, moved: 0, missing: 0, probed: 0 });
    expect(await outboxCount('mediafile')).toBe(before);
    const { rows: probedAfter } = await db.query('select id, probed_at, version from media_file order by id');
    expect(probedAfter).toEqual(probedBefore);
  });

  it('follows a moved file (same id, match kept), marks a deleted one missing and restores it', async () => {
    const list = await files();
    const matrix = list.find((f) => f.class === 'VIDEO' && f.extra === null && f.path.startsWith('Movies/The Matrix'))!;
    await mkdir(path.join(root, 'Moved'), { recursive: true });
    await rename(path.join(root, matrix.path), path.join(root, 'Moved', 'matrix-renamed.mkv'));
    const gone = list.find((f) => f.class === 'VIDEO' && /S01E01/.test(f.path))!;
    const keep = path.join(tmpdir(), `marquee-keep-${process.pid}.mkv`);
    await rename(path.join(root, gone.path), keep);

    const output = await scan();
    expect(output).toMatchObject({ moved: 1, missing: 1, added: 0 });
    const after = await files();
    const moved = byPath(after, 'Moved/matrix-renamed.mkv')!;
    expect(moved.id).toBe(matrix.id);
    expect(moved.match?.titleId).toBe(matrixId);
    expect(byPath(after, gone.path)!.missingSince).not.toBeNull();

    await rename(keep, path.join(root, gone.path));
    expect(await scan()).toMatchObject({ restored: 1, missing: 0 });
    expect(byPath(await files(), gone.path)!.missingSince).toBeNull();
  });

  it('lists titles by their files: with files on disk, without, and with files gone missing', async () => {
    const ids = async (files: string) => {
      const res = await gqlOk<{ titles: { edges: Array<{ node: { id: string } }>; totalCount: number } }>(
        `query($f: TitleFilesFilter!) { titles(first: 100, filter: { files: $f }) { edges { node { id } } totalCount } }`,
        { f: files },
      );
      expect(res.titles.totalCount).toBe(res.titles.edges.length);
      return res.titles.edges.map((e) => e.node.id);
    };
    const all = await gqlOk<{ titles: { totalCount: number } }>('{ titles(first: 1) { totalCount } }');
    const [withFiles, withoutFiles] = [await ids('WITH_FILES'), await ids('WITHOUT_FILES')];
    expect(withFiles).toContain(matrixId);
    expect(withFiles.length + withoutFiles.length).toBe(all.titles.totalCount);
    expect(await ids('MISSING_FILES')).toEqual([]);

    const matrix = (await files()).find((f) => f.class === 'VIDEO' && f.extra === null && f.match?.titleId === matrixId)!;
    const keep = path.join(tmpdir(), `marquee-keep-matrix-${process.pid}.mkv`);
    await rename(path.join(root, matrix.path), keep);
    expect(await scan()).toMatchObject({ missing: 1 });
    expect(await ids('WITH_FILES')).not.toContain(matrixId);
    expect(await ids('WITHOUT_FILES')).toContain(matrixId);
    expect(await ids('MISSING_FILES')).toEqual([matrixId]);
    // Combined with the other filters, and counted in the facets the same way.
    const facets = await gqlOk<{ titleFacets: { kinds: Array<{ kind: string; count: number }> } }>(`{ titleFacets(filter: { files: MISSING_FILES }) { kinds { kind count } } }`);
    expect(facets.titleFacets.kinds.filter((k) => k.count > 0)).toEqual([{ kind: 'MOVIE', count: 1 }]);
    const movies = await gqlOk<{ titles: { totalCount: number } }>(`{ titles(first: 1, filter: { files: MISSING_FILES, kinds: [SERIES] }) { totalCount } }`);
    expect(movies.titles.totalCount).toBe(0);

    await rename(keep, path.join(root, matrix.path));
    expect(await scan()).toMatchObject({ restored: 1 });
    expect(await ids('WITH_FILES')).toContain(matrixId);
    expect(await ids('MISSING_FILES')).toEqual([]);
  });

  it('a file copied to a new inode is recognised by its content hash', async () => {
    const list = await files();
    const episode = list.find((f) => f.class === 'VIDEO' && /S01E02/.test(f.path))!;
    const target = path.join(root, 'Series', 'Breaking Bad - 1x02.mkv');
    await cp(path.join(root, episode.path), target);
    await rm(path.join(root, episode.path));
    expect(await scan()).toMatchObject({ moved: 1, added: 0 });
    expect(byPath(await files(), 'Series/Breaking Bad - 1x02.mkv')!.id).toBe(episode.id);
  });

  it('matchFile fixes an unmatched file by hand and later scans keep it', async () => {
    await writeFile(path.join(root, 'Movies', 'zz unknown home video.mkv'), Buffer.alloc(2048, 7));
    await scan('Movies/zz unknown home video.mkv');
    const unmatched = await gqlOk<{ mediaFiles: { edges: Array<{ node: FileNode }> } }>(`query { mediaFiles(unmatched: true, first: 20) { edges { node { ${FILE_FIELDS} } } } }`);
    const file = unmatched.mediaFiles.edges.map((e) => e.node).find((f) => f.path === 'Movies/zz unknown home video.mkv')!;
    expect(file).toBeDefined();
    expect(file.match?.titleId).toBeNull();
    await gqlOk(`mutation($f: ID!, $t: ID!) { matchFile(fileId: $f, titleId: $t) }`, { f: file.id, t: matrixId });
    await writeFile(path.join(root, 'Movies', 'zz unknown home video.mkv'), Buffer.alloc(4096, 8));
    await scan();
    await caughtUp();
    const again = byPath(await files(), 'Movies/zz unknown home video.mkv')!;
    expect(again.match).toMatchObject({ titleId: matrixId, method: 'MANUAL', locked: true });
  });

  it('a targeted scan of a new path adds just that file', async () => {
    await mkdir(path.join(root, 'Movies', 'Heat (1995)'), { recursive: true });
    await writeFile(path.join(root, 'Movies', 'Heat (1995)', 'Heat (1995).mkv'), Buffer.alloc(1024, 1));
    const { scanPath } = await gqlOk<{ scanPath: { id: string } }>(`mutation($p: String!) { scanPath(path: $p) { id } }`, { p: path.join(root, 'Movies', 'Heat (1995)') });
    await eventually(async () => {
      const f = byPath(await files(), 'Movies/Heat (1995)/Heat (1995).mkv');
      return f ? f : undefined;
    }, 'the targeted file in the read model');
    const run = await gqlOk<{ jobRun: { target: string; state: string } }>(`query($id: ID!) { jobRun(id: $id) { target state } }`, { id: scanPath.id });
    expect(run.jobRun.target).toBe('Movies/Heat (1995)');
  });

  it('imports Kodi watched state from NFOs as the first user’s history when asked, once', async () => {
    const list = await files();
    const movie = list.find((f) => f.class === 'VIDEO' && f.extra === null && f.match?.titleId === matrixId && !f.missingSince)!;
    const episode = list.find((f) => f.class === 'VIDEO' && f.extra === null && f.match?.titleId && (f.match?.episodeNumbers.length ?? 0) > 0 && !f.missingSince)!;
    const nfoOf = (p: string) => path.join(root, p.replace(/\.[^./]+$/, '.nfo'));
    await writeFile(nfoOf(movie.path), '<?xml version="1.0" encoding="UTF-8"?>\n<movie><title>The Matrix</title><playcount>2</playcount><lastplayed>2024-03-01 20:15:00</lastplayed></movie>');
    await writeFile(nfoOf(episode.path), '<?xml version="1.0" encoding="UTF-8"?>\n<episodedetails><title>Pilot</title><watched>true</watched><lastplayed>2023-11-05 21:00:00</lastplayed></episodedetails>');
    const history = async (titleId: string) =>
      (await gqlOk<{ myTitleState: { history: Array<{ seasonNumber: number | null; episodeNumber: number | null; watchedAt: string; source: string }> } | null }>(
        `query($t: ID!) { myTitleState(titleId: $t) { history { seasonNumber episodeNumber watchedAt source } } }`,
        { t: titleId },
      )).myTitleState?.history ?? [];
    const scanImporting = async () => {
      const { scanLibrary } = await gqlOk<{ scanLibrary: { id: string } }>(`mutation($l: ID!) { scanLibrary(libraryId: $l, importWatchState: true) { id } }`, { l: libraryId });
      return eventually(async () => {
        const res = await gqlOk<{ jobRun: { state: string; output: { watchState?: { watches: number; titles: number } } | null } }>(`query($id: ID!) { jobRun(id: $id) { state output } }`, { id: scanLibrary.id });
        return res.jobRun.state === 'COMPLETED' ? res.jobRun.output! : undefined;
      }, 'the importing scan');
    };

    // A plain scan leaves watch state alone.
    await scan();
    await caughtUp();
    expect(await history(matrixId)).toEqual([]);

    expect((await scanImporting()).watchState).toEqual({ watches: 2, titles: 2 });
    await caughtUp();
    const movieHistory = await history(matrixId);
    expect(movieHistory).toEqual([{ seasonNumber: null, episodeNumber: null, watchedAt: new Date('2024-03-01T20:15:00').toISOString(), source: 'NFO' }]);
    const episodeHistory = await history(episode.match!.titleId!);
    expect(episodeHistory).toEqual([{ seasonNumber: episode.match!.seasonNumber, episodeNumber: episode.match!.episodeNumbers[0], watchedAt: new Date('2023-11-05T21:00:00').toISOString(), source: 'NFO' }]);

    // Importing again finds the same watches: nothing changes.
    expect((await scanImporting()).watchState).toEqual({ watches: 2, titles: 0 });
    await caughtUp();
    expect(await history(matrixId)).toEqual(movieHistory);
  });

  it('job runs are listed, newest first', async () => {
    const res = await gqlOk<{ jobRuns: { totalCount: number; edges: Array<{ node: { queue: string; state: string; libraryId: string } }> } }>(
      `query($l: ID!) { jobRuns(libraryId: $l, first: 50) { totalCount edges { node { queue state libraryId } } } }`,
      { l: libraryId },
    );
    expect(res.jobRuns.totalCount).toBeGreaterThanOrEqual(6);
    expect(res.jobRuns.edges.every((e) => e.node.queue === 'scan-library' && e.node.libraryId === libraryId)).toBe(true);
  });
});
