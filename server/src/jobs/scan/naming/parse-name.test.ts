import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scoreParser } from './accuracy.js';
import { loadGuessitVectors } from './guessit-vectors.js';
import { parseMediaName, type ParsedName, type ParseNameHints } from './parse-name.js';
import { fixturesUrl } from '../../../../test/harness/fixtures.js';

const FIXTURES = fixturesUrl('guessit');

describe('guessit vector loader', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'guessit-vectors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    path.join(dir, 'sample.yml'),
    [
      '? __default__',
      ': type: episode',
      '',
      '? Show.S01E02',
      ': title: Show',
      '',
      '? Show.102',
      '? Show.1x02',
      ': title: Show',
      '  season: 1',
      '',
      '? Show.102',
      ': options: --episode-prefer-number',
      '  episode: 102',
      '',
      '? Film.7',
      ': options: -t movie',
      '  type: movie',
      '',
      '? -Show.S01E02',
      ': season: 2',
    ].join('\n'),
  );
  const vectors = loadGuessitVectors(pathToFileURL(`${dir}/`), 'sample.yml');

  it('keeps duplicate keys in document order', () => {
    expect(vectors.map((v) => v.input)).toEqual(['Show.S01E02', 'Show.102', 'Show.1x02', 'Show.102', 'Film.7', 'Show.S01E02']);
  });

  it('gives a null entry the next expectation and merges __default__', () => {
    expect(vectors[1]!.expected).toEqual({ type: 'episode', title: 'Show', season: 1 });
    expect(vectors[4]!.expected).toEqual({ type: 'movie' });
  });

  it('reads the type option as a hint and flags other options', () => {
    expect(vectors[4]).toMatchObject({ typeHint: 'movie', unsupportedOptions: [] });
    expect(vectors[3]).toMatchObject({ typeHint: null, unsupportedOptions: ['--episode-prefer-number'] });
  });

  it('marks negated inputs', () => {
    expect(vectors[5]).toMatchObject({ negated: true, input: 'Show.S01E02' });
  });

  it('loads the fixture files with the counts SOURCE.md documents', () => {
    const movies = loadGuessitVectors(FIXTURES, 'movies.yml');
    const episodes = loadGuessitVectors(FIXTURES, 'episodes.yml');
    expect([movies.length, episodes.length]).toEqual([207, 522]);
    expect([movies.filter((v) => v.negated).length, episodes.filter((v) => v.negated).length]).toEqual([2, 6]);
  });
});

describe('accuracy on guessit movies.yml and episodes.yml', () => {
  const vectors = [...loadGuessitVectors(FIXTURES, 'movies.yml'), ...loadGuessitVectors(FIXTURES, 'episodes.yml')];
  const accuracy = scoreParser(vectors, parseMediaName);

  it('excludes only vectors whose options the parser cannot honour', () => {
    expect(accuracy.excluded).toHaveLength(27);
    expect(accuracy.excluded.every((v) => v.unsupportedOptions.length > 0)).toBe(true);
  });

  it.each(['title', 'year', 'season', 'episode'] as const)('%s is right in at least 95% of the vectors naming it', (field) => {
    const { expected, correct } = accuracy.fields[field];
    expect(expected).toBeGreaterThan(150);
    expect(correct / expected).toBeGreaterThanOrEqual(0.95);
  });

  it('passes the negated vectors', () => {
    expect(accuracy.negatedChecks.passed).toBe(accuracy.negatedChecks.total);
  });
});

type Expectation = Partial<ParsedName>;

function check(input: string, expected: Expectation, hints?: ParseNameHints): void {
  expect(parseMediaName(input, hints)).toMatchObject(expected);
}

describe('folder context', () => {
  it.each<[string, Expectation]>([
    ['Show Name (2010)/Season 01/S01E02.mkv', { kind: 'episode', title: 'Show Name', year: 2010, season: 1, episode: 2 }],
    ['Show Name (2010)/Season 01/Show Name - S01E02 - Pilot.mkv', { title: 'Show Name', year: 2010, episode: 2, episodeTitle: 'Pilot' }],
    ['Breaking Bad/Season 1/Pilot.mkv', { kind: 'episode', title: 'Breaking Bad', season: 1, episode: null, episodeTitle: 'Pilot' }],
    ['Breaking Bad/Season 2/05.mkv', { kind: 'episode', title: 'Breaking Bad', season: 2, episode: 5 }],
    ['Doctor Who/Season 06/E13 - The Wedding of River Song.mkv', { title: 'Doctor Who', season: 6, episode: 13, episodeTitle: 'The Wedding of River Song' }],
    ['Show/Specials/Show - S00E01 - Making Of.mkv', { kind: 'episode', title: 'Show', season: 0, episode: 1 }],
    ['Show/Specials/Behind the Scenes.mkv', { kind: 'episode', title: 'Show', season: 0, episodeTitle: 'Behind the Scenes' }],
    ['TV Shows/Severance/Season 2/Severance.S02E03.1080p.WEB.h264-GRP.mkv', { title: 'Severance', season: 2, episode: 3 }],
    ['Movies/Heat (1995)/heat.1080p.bluray.x264.mkv', { kind: 'movie', title: 'Heat', year: 1995 }],
    ['Show.Name.S02E05.720p.HDTV.x264-GRP/a1b2c3d4e5f6.mkv', { title: 'Show Name', season: 2, episode: 5 }],
    ['TV/9-1-1/Season 5/9-1-1 - S05E01 - Wasted.mkv', { title: '9-1-1', season: 5, episode: 1, absoluteEpisode: null }],
    [
      'Movies/The Lord of the Rings - The Fellowship of the Ring (2001)/The Lord of the Rings - The Fellowship of the Ring (2001) Bluray-1080p.mkv',
      { kind: 'movie', title: 'The Lord of the Rings - The Fellowship of the Ring', year: 2001 },
    ],
    ['Anime/Mob Psycho 100/[HorribleSubs] Mob Psycho 100 - 03 [1080p].mkv', { title: 'Mob Psycho 100', season: null, episode: 3 }],
  ])('%s', (input, expected) => check(input, expected));
});

describe('id tags', () => {
  it.each<[string, Expectation]>([
    ['Movie (1999) {tmdb-603}/file.mkv', { kind: 'movie', title: 'Movie', year: 1999, externalIds: { tmdb: '603' } }],
    ['The Matrix (1999) [tmdbid-603]/The Matrix (1999).mkv', { title: 'The Matrix', externalIds: { tmdb: '603' } }],
    ['The Matrix (1999) [imdbid-tt0133093]/The Matrix (1999).mkv', { title: 'The Matrix', year: 1999, externalIds: { imdb: 'tt0133093' } }],
    ['The Matrix (1999) {imdb-tt0133093}.mkv', { title: 'The Matrix', year: 1999, externalIds: { imdb: 'tt0133093' } }],
    ['Breaking Bad (2008) {tvdb-81189}/Season 1/Breaking Bad - S01E01.mkv', { title: 'Breaking Bad', externalIds: { tvdb: '81189' } }],
    ['Show [tvdbid-81189]/Season 1/S01E01.mkv', { title: 'Show', externalIds: { tvdb: '81189' } }],
    ['Cowboy Bebop [anidbid-23]/Cowboy Bebop - 01.mkv', { title: 'Cowboy Bebop', externalIds: { anidb: '23' } }],
    ['Star Wars (1977) [tmdbid=11]/Star Wars.mkv', { title: 'Star Wars', year: 1977, externalIds: { tmdb: '11' } }],
    ["Movie (2001) {edition-Director's Cut}/Movie (2001) {edition-Director's Cut}.mkv", { title: 'Movie', edition: "Director's Cut" }],
  ])('%s', (input, expected) => check(input, expected));
});

describe('episode numbering', () => {
  it.each<[string, Expectation]>([
    ['Example S01E01E02.avi', { season: 1, episode: [1, 2] }],
    ['Example S01E01-E03.avi', { season: 1, episode: [1, 2, 3] }],
    ['Example S01E01-03.avi', { season: 1, episode: [1, 2, 3] }],
    ['Example.1x02.1x03.avi', { season: 1, episode: [2, 3] }],
    ['Show Name - S02E31 - Episode 55.mkv', { season: 2, episode: 31 }],
    ['Friends.S01-S03.COMPLETE.720p.BluRay.x264-GRP', { season: 1, seasons: [1, 2, 3], episode: null }],
    ['Show.Name.102.HDTV.XViD-Group', { season: 1, episode: 2 }],
  ])('%s', (input, expected) => check(input, expected));
});

describe('anime', () => {
  it.each<[string, Expectation, ParseNameHints?]>([
    ['[SubsPlease] Frieren - 12 (1080p) [ABCD1234].mkv', { kind: 'episode', title: 'Frieren', season: null, episode: 12, absoluteEpisode: 12, releaseGroup: 'SubsPlease' }],
    ['[Erai-raws] One Piece - 1071 [1080p].mkv', { title: 'One Piece', episode: 1071, absoluteEpisode: 1071 }],
    ['Frieren/Season 1/[SubsPlease] Frieren - 05 (1080p) [ABCD1234].mkv', { title: 'Frieren', season: 1, episode: 5, absoluteEpisode: 5 }, { libraryKind: 'anime' }],
    [
      'Demon Slayer/Season 1/[SubsPlease] Kimetsu no Yaiba - 26 (1080p) [6A3B4C5D].mkv',
      { title: 'Demon Slayer', episode: 26, absoluteEpisode: 26, episodeTitle: null },
      { libraryKind: 'anime' },
    ],
    ['[SGKK] Bleach 312v1 [720p/MKV].mkv', { title: 'Bleach', episode: 312, resolution: '720p' }],
    ['Bleach - s16e03-04 - 313-314.mkv', { title: 'Bleach', season: 16, episode: [3, 4], absoluteEpisode: [313, 314] }],
    ['Show Name - S01E13 - 13 - Title [HDTV-1080p].mkv', { season: 1, episode: 13, absoluteEpisode: 13, episodeTitle: 'Title' }, { libraryKind: 'anime' }],
  ])('%s', (input, expected, hints) => check(input, expected, hints));
});

describe('daily shows', () => {
  it.each<[string, Expectation]>([
    ['The.Daily.Show.2024.03.14.Guest.Name.1080p.WEB.h264-GRP.mkv', { kind: 'episode', title: 'The Daily Show', date: '2024-03-14', season: null, episode: null, year: null }],
    ['The Daily Show/The Daily Show - 2024-03-14 - Guest Name.mkv', { kind: 'episode', title: 'The Daily Show', date: '2024-03-14', episodeTitle: 'Guest Name' }],
    ['Date.Show.03-29-2012.HDTV.XViD-FlexGet', { kind: 'episode', date: '2012-03-29' }],
  ])('%s', (input, expected) => check(input, expected));
});

describe('movies and hints', () => {
  it.each<[string, Expectation, ParseNameHints?]>([
    ['Apollo 13 (1995).mkv', { kind: 'movie', title: 'Apollo 13', year: 1995, episode: null }],
    ['Blade.Runner.2049.2017.2160p.UHD.BluRay.x265-TERMiNAL.mkv', { title: 'Blade Runner 2049', year: 2017, resolution: '2160p', releaseGroup: 'TERMiNAL' }],
    ['2001.A.Space.Odyssey.1968.1080p.mkv', { title: '2001 A Space Odyssey', year: 1968 }],
    ['The.French.Connection.1971.1080p.BluRay.x264.mkv', { title: 'The French Connection', year: 1971 }],
    ['The Godfather Part 3.mkv', { kind: 'movie', title: 'The Godfather', part: 3 }],
    ['Apollo.13.720p.BluRay.x264.mkv', { kind: 'movie', title: 'Apollo 13', episode: null }, { libraryKind: 'movies' }],
    ['Open Season 2 (2008).mkv', { kind: 'movie', title: 'Open Season 2', season: null }, { kind: 'movie' }],
    ['FooBar.7.PDTV-FlexGet', { kind: 'episode', title: 'FooBar', episode: 7 }, { kind: 'episode' }],
  ])('%s', (input, expected, hints) => check(input, expected, hints));
});

describe('paths without useful information', () => {
  it.each(['', '/', 'S01E02.720p.HDTV.x264-GRP.mkv'])('%j yields no title', (input) => {
    expect(parseMediaName(input).title).toBeNull();
  });

  it('returns only what is there for a bare name', () => {
    expect(parseMediaName('Downloads/video.mkv')).toEqual({
      kind: 'movie',
      title: 'video',
      year: null,
      season: null,
      seasons: null,
      episode: null,
      absoluteEpisode: null,
      episodeTitle: null,
      date: null,
      part: null,
      edition: null,
      resolution: null,
      releaseGroup: null,
      externalIds: {},
    });
  });
});
