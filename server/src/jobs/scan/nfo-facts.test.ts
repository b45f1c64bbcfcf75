import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../test/harness/fixtures.js';
import { readNfo } from '../../integrations/nfo/nfo-reader.js';
import type { NfoEpisodeDocument, NfoMovie, NfoSeason, NfoTvShow, NfoUrlDocument } from '../../integrations/nfo/nfo.types.js';
import { episodeFacts, fitsKind, kindFor, seasonFacts, titleFacts, titleStatus } from './nfo-facts.js';
import { describingNfos, nfoCandidates, possibleNfoPaths } from './nfo-sidecars.js';

const read = <T>(rel: string) => readNfo(readFileSync(path.join(fixturesDir(), 'nfo', rel), 'utf8')) as T;

describe('titleFacts', () => {
  it('a Jellyfin movie: fields, the default rating, the title ids (not its collection) and people', () => {
    const facts = titleFacts(read<NfoMovie>('jellyfin/Justice League.nfo'));
    expect(facts.fields).toMatchObject({ name: 'Justice League', originalTitle: 'Justice League', year: 2017, runtime: 120, genres: ['Action', 'Adventure', 'Fantasy', 'Sci-Fi'], studios: ['DC Comics'] });
    expect(facts.fields.overview).toMatch(/^Fueled by his restored faith/);
    expect(facts.fields.rating).toBeGreaterThan(0);
    expect(facts.fields.status).toBeUndefined();
    expect(facts.externalIds).toEqual([{ provider: 'imdb', value: 'tt0974015' }, { provider: 'tmdb', value: '141052' }]);
    expect(facts.credits.filter((c) => c.role === 'DIRECTOR').map((c) => c.name)).toEqual(['Zack Snyder']);
    expect(facts.credits[0]).toMatchObject({ role: 'ACTOR', order: 0 });
    expect(facts.credits.map((c) => c.order)).toEqual(facts.credits.map((_, i) => i));
  });

  it('a tvshow.nfo gives the status; what the file leaves out stays undefined (never cleared)', () => {
    const facts = titleFacts(read<NfoTvShow>('jellyfin/American Gods.nfo'));
    expect(facts.fields).toMatchObject({ name: 'American Gods', year: 2017, status: 'ENDED', studios: ['Starz'] });
    expect('runtime' in facts.fields).toBe(false);
    expect('tags' in facts.fields).toBe(false);
  });

  it('a file of provider URLs gives ids only', () => {
    expect(titleFacts(read<NfoUrlDocument>('jellyfin/Radarr.nfo'))).toEqual({ fields: {}, externalIds: [{ provider: 'imdb', value: 'tt4154796' }, { provider: 'tmdb', value: '583689' }], credits: [] });
  });

  it.each([
    ['Continuing', 'CONTINUING'],
    ['Returning Series', 'CONTINUING'],
    ['ended', 'ENDED'],
    ['Canceled', 'CANCELLED'],
    ['In Production', 'IN_PRODUCTION'],
    ['Planned', 'ANNOUNCED'],
    ['whatever', undefined],
  ])('status %s → %s', (text, status) => {
    expect(titleStatus(text)).toBe(status);
  });
});

describe('season and episode facts', () => {
  it('season.nfo: number, name, air date', () => {
    expect(seasonFacts(read<NfoSeason>('jellyfin/Season 01.nfo'), null)).toMatchObject({ number: 1, name: 'Season 1', airDate: '2019-11-08' });
  });

  it('an episode NFO names its numbers; one without takes the file’s', () => {
    const bone = read<NfoEpisodeDocument>('jellyfin/The Bone Orchard.nfo');
    expect(episodeFacts(bone, { season: 9, episodes: [9] })).toEqual([expect.objectContaining({ season: 1, number: 1, name: 'The Bone Orchard', airDate: '2017-04-30' })]);
    const bare: NfoEpisodeDocument = { kind: 'episode', episodes: [{ ...bone.episodes[0]!, season: undefined, episode: undefined }] };
    expect(episodeFacts(bare, { season: 2, episodes: [5] })).toMatchObject([{ season: 2, number: 5 }]);
    expect(episodeFacts(bare, { season: null, episodes: [5] })).toEqual([]);
  });

  it('a multi-episode NFO gives one entry per root', () => {
    const rising = read<NfoEpisodeDocument>('jellyfin/Rising.nfo');
    expect(episodeFacts(rising, { season: 1, episodes: [1, 2] }).map((e) => [e.season, e.number])).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });
});

describe('kinds', () => {
  it('the document and the library decide the kind of a created title', () => {
    const movie = read<NfoMovie>('jellyfin/Justice League.nfo');
    const show = read<NfoTvShow>('jellyfin/American Gods.nfo');
    expect(kindFor(movie, 'MIXED', 'episode')).toBe('MOVIE');
    expect(kindFor(show, 'ANIME', 'movie')).toBe('ANIME_SERIES');
    expect(kindFor(show, 'MOVIES', 'movie')).toBeNull();
    expect(kindFor({ kind: 'url', uniqueIds: {} }, 'MIXED', 'episode')).toBe('SERIES');
    expect(fitsKind(movie, 'SERIES')).toBe(false);
    expect(fitsKind(read<NfoSeason>('jellyfin/Season 01.nfo'), 'ANIME_SERIES')).toBe(true);
  });
});

describe('sidecar NFO paths', () => {
  it('nearest first, tvshow.nfo up to the root, season.nfo beside the episode', () => {
    expect(possibleNfoPaths('Series/Show/Season 01/e1.mkv')).toEqual({
      stem: 'Series/Show/Season 01/e1.nfo',
      movie: 'Series/Show/Season 01/movie.nfo',
      season: 'Series/Show/Season 01/season.nfo',
      shows: ['Series/Show/Season 01/tvshow.nfo', 'Series/Show/tvshow.nfo', 'Series/tvshow.nfo', 'tvshow.nfo'],
    });
    const present = new Set(['Series/Show/tvshow.nfo', 'Series/Show/Season 01/season.nfo', 'Series/Show/Season 01/e1.nfo']);
    expect(nfoCandidates('Series/Show/Season 01/e1.mkv', present)).toEqual(['Series/Show/Season 01/e1.nfo', 'Series/Show/tvshow.nfo']);
    expect(describingNfos('Series/Show/Season 01/e1.mkv', present)).toEqual(['Series/Show/Season 01/e1.nfo', 'Series/Show/tvshow.nfo', 'Series/Show/Season 01/season.nfo']);
  });
});
