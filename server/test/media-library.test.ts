import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { fdir } from 'fdir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFile, type FileClass } from '../src/jobs/scan/classify.js';
import { probeFile } from '../src/jobs/scan/probe.js';
import { DEFAULT_LAYOUT, makeMediaLibrary, makeSyntheticTree, mediaClips, type MediaLibraryManifest } from './harness/media-library.js';

let dir: string;
let library: MediaLibraryManifest;
const at = (rel: string) => path.join(library.root, ...rel.split('/'));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'marquee-library-'));
  library = await makeMediaLibrary(path.join(dir, 'library'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('makeMediaLibrary', () => {
  it('writes every file of the layout, and nothing else', async () => {
    const listed = await new fdir().withRelativePaths().crawl(library.root).withPromise();
    expect(listed.sort()).toEqual(DEFAULT_LAYOUT.map((e) => e.path).sort());
    for (const file of library.files) {
      expect(file.size, file.path).toBeGreaterThan(0);
      expect((await stat(at(file.path))).size).toBe(file.size);
    }
  });

  it('builds the realistic tree the scan tests rely on', () => {
    expect(library.byClass).toEqual({ video: 10, audio: 1, subtitle: 4, artwork: 5, nfo: 3, other: 1 });
    const paths = library.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'Movies/The Matrix (1999)/The Matrix (1999).mkv',
        'Movies/The Matrix (1999)/The Matrix (1999).en.srt',
        'Movies/The Matrix (1999)/movie.nfo',
        'Movies/The Matrix (1999)/poster.jpg',
        'Movies/Inception (2010) {tmdb-27205}/Inception (2010).mp4',
        'Series/Breaking Bad (2008)/tvshow.nfo',
        'Series/Breaking Bad (2008)/Season 01/Breaking Bad - S01E01 - Pilot.mkv',
        'Anime/Frieren/[SubsPlease] Frieren - 01 (1080p) [ABCD1234].mkv',
      ]),
    );
    expect(library.files.find((f) => f.path.endsWith('S01E01 - Pilot.mkv'))).toMatchObject({ title: 'Breaking Bad', season: 1, episode: 1 });
  });

  it('expects of each file what describeFile says of it', () => {
    const counts: Record<FileClass, number> = { video: 0, audio: 0, subtitle: 0, artwork: 0, nfo: 0, other: 0 };
    for (const file of library.files) {
      const description = describeFile(file.path);
      expect({ path: file.path, class: description.class, extra: description.extra }).toEqual({
        path: file.path,
        class: file.class,
        extra: file.extra,
      });
      counts[description.class] += 1;
    }
    expect(counts).toEqual(library.byClass);
    expect(library.files.filter((f) => f.extra !== null).map((f) => [f.path, f.extra])).toEqual([
      ['Movies/The Matrix (1999)/Trailers/The Matrix - Official Trailer.mp4', 'trailer'],
      ['Movies/The Matrix (1999)/The Matrix (1999)-sample.mkv', 'sample'],
      ['Movies/Inception (2010) {tmdb-27205}/trailer.mp4', 'trailer'],
    ]);
  });

  it('writes media ffprobe reads, with the streams the clips promise', async () => {
    const matrix = await probeFile(at('Movies/The Matrix (1999)/The Matrix (1999).mkv'));
    expect(matrix.streams.video).toHaveLength(1);
    expect(matrix.streams.audio).toHaveLength(1);
    expect(matrix.streams.subtitle).toEqual([expect.objectContaining({ codec: 'subrip', language: 'en' })]);
    const media = library.files.filter((f) => f.class === 'video' || f.class === 'audio');
    const results = await Promise.all(media.map((f) => probeFile(at(f.path))));
    for (const [i, result] of results.entries()) {
      const { path: rel, class: cls } = media[i]!;
      expect(result.durationSeconds, rel).toBeGreaterThan(0);
      expect(result.streams.audio.length, rel).toBe(1);
      expect(result.streams.video.length, rel).toBe(cls === 'video' ? 1 : 0);
    }
  });

  it('writes a real JPEG for artwork', async () => {
    const bytes = await readFile(at('Movies/The Matrix (1999)/poster.jpg'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('writes Kodi NFOs with the provider ids the manifest names', async () => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      ignoreDeclaration: true,
      attributeNamePrefix: '',
      parseTagValue: false,
      isArray: (name) => name === 'uniqueid',
    });
    type Root = { title: string; uniqueid: { type: string; '#text': string }[] };
    const nfos = library.files.filter((f) => f.class === 'nfo');
    expect(nfos.map((f) => path.posix.basename(f.path)).sort()).toEqual(['movie.nfo', 'season.nfo', 'tvshow.nfo']);
    for (const file of nfos) {
      const [[rootName, root]] = Object.entries(parser.parse(await readFile(at(file.path), 'utf8')) as Record<string, Root>) as [[string, Root]];
      expect(rootName).toBe(path.posix.basename(file.path, '.nfo'));
      if (file.season === undefined) expect(root.title).toBe(file.title);
      if (file.ids === undefined) continue;
      expect(Object.fromEntries(root.uniqueid.map((u) => [u.type, u['#text']]))).toMatchObject(file.ids!);
    }
    expect(library.files.find((f) => f.path.endsWith('movie.nfo'))!.ids).toEqual({ imdb: 'tt0133093', tmdb: '603' });
    expect(library.files.find((f) => f.path.endsWith('tvshow.nfo'))!.ids).toMatchObject({ tvdb: '81189', tmdb: '1396' });
  });

  it('generates the clips once per process and copies them for any layout', async () => {
    const clips = await mediaClips();
    expect(await mediaClips()).toBe(clips);
    const again = await makeMediaLibrary(path.join(dir, 'again'), [
      { path: 'Movies/Heat (1995)/Heat (1995).mkv', source: { clip: 'feature-mkv' }, expect: { class: 'video', title: 'Heat', year: 1995 } },
    ]);
    expect(again.files).toEqual([
      {
        path: 'Movies/Heat (1995)/Heat (1995).mkv',
        class: 'video',
        extra: null,
        title: 'Heat',
        year: 1995,
        clip: 'feature-mkv',
        size: (await stat(clips['feature-mkv'])).size,
      },
    ]);
  });
});

describe('makeSyntheticTree', () => {
  it('writes exactly the requested number of empty, realistically named files', async () => {
    const root = path.join(dir, 'synthetic');
    const tree = await makeSyntheticTree(root, 2_000);
    expect(tree.files).toHaveLength(2_000);
    expect(new Set(tree.files).size).toBe(2_000);
    const listed = await new fdir().withRelativePaths().crawl(root).withPromise();
    expect(listed.sort()).toEqual([...tree.files].sort());
    expect((await stat(path.join(root, tree.files[0]!))).size).toBe(0);
    const dirs = new Set(tree.files.map((f) => path.posix.dirname(f)));
    expect(tree.directories).toBe(dirs.size);

    const classes: Record<FileClass, number> = { video: 0, audio: 0, subtitle: 0, artwork: 0, nfo: 0, other: 0 };
    let extras = 0;
    for (const file of tree.files) {
      const description = describeFile(file);
      classes[description.class] += 1;
      if (description.extra !== null) extras += 1;
    }
    expect(classes.video).toBeGreaterThan(1_000);
    expect(classes.subtitle + classes.artwork + classes.nfo).toBeGreaterThan(400);
    expect(extras).toBeGreaterThan(0);
    expect(tree.files.some((f) => /^Series\/.+\/Season 02\/.+ - S02E08 - .+\.mkv$/.test(f))).toBe(true);
    expect(tree.files.some((f) => /^Anime\/.+\/\[\w[\w-]*\] .+ - 12 \(1080p\) \[[0-9A-F]{8}\]\.mkv$/.test(f))).toBe(true);
    expect(tree.files.some((f) => /^Movies\/[\w.]+\.\d{4}\.1080p\.BluRay\.x264-\w+\//.test(f))).toBe(true);
  });
});
