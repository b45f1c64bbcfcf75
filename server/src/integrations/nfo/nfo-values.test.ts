import { describe, expect, it } from 'vitest';
import { idsFromUrls, normaliseId, normaliseProvider } from './nfo-provider-ids.js';
import { cleanBlock, parseDate, parseDateTime, parseDecimal, parseInteger, parseMinutes, splitValues } from './nfo-values.js';

describe('NFO value parsing', () => {
  it.each([
    ['7.5', 7.5],
    ['7,5', 7.5],
    [' 6.400000 ', 6.4],
    ['.5', 0.5],
    ['-1.000000', -1],
    ['7.5.1', undefined],
    ['1e3', undefined],
    ['', undefined],
  ])('parseDecimal(%j) is %j', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
  });

  it.each([
    ['2', 2],
    ['-1', -1],
    ['3,998', 3998],
    ['1.234.567', 1234567],
    ['1,23', undefined],
    ['1.5', undefined],
    ['99999999999999999999', undefined],
  ])('parseInteger(%j) is %j', (text, value) => {
    expect(parseInteger(text)).toBe(value);
  });

  it.each([
    ['120', 120],
    ['140 min', 140],
    ['89.6', 90],
    ['1h 30m', undefined],
  ])('parseMinutes(%j) is %j', (text, value) => {
    expect(parseMinutes(text)).toBe(value);
  });

  it.each([
    ['2017-11-15', '2017-11-15'],
    ['2017-4-3', '2017-04-03'],
    ['2019-08-06 09:01:18', '2019-08-06'],
    ['2004/07/16', '2004-07-16'],
    ['19.08.2009', '2009-08-19'],
    ['2017-02-30', undefined],
    ['Dublin, Ireland (1976)', undefined],
    ['', undefined],
  ])('parseDate(%j) is %j', (text, value) => {
    expect(parseDate(text)).toBe(value);
  });

  it.each([
    ['2019-08-06 09:01:18', '2019-08-06T09:01:18'],
    ['2019-08-06T09:01', '2019-08-06T09:01:00'],
    ['2019-08-06T09:01:18.250Z', '2019-08-06T09:01:18Z'],
    ['2019-08-06 09:01:18+02:00', '2019-08-06T09:01:18+02:00'],
    ['2016-12-29', '2016-12-29'],
    ['2019-08-06 25:00:00', undefined],
  ])('parseDateTime(%j) is %j', (text, value) => {
    expect(parseDateTime(text)).toBe(value);
  });

  it('cleanBlock keeps line breaks and drops the indentation of wrapped XML', () => {
    expect(cleanBlock('\n   First line\r\n      second line.\n  ')).toBe('First line\nsecond line.');
  });

  it.each<[string[], Parameters<typeof splitValues>[1], string[]]>([
    [['Drama / Comedy'], { slash: 'any', commas: true }, ['Drama', 'Comedy']],
    [['Action/Adventure', 'Action'], { slash: 'any', commas: true }, ['Action', 'Adventure']],
    [['|Paramount Pictures, Bad Robot|'], { slash: 'spaced', commas: true }, ['Paramount Pictures', 'Bad Robot']],
    [['AC/DC'], { slash: 'spaced', commas: true }, ['AC/DC']],
    [['Focus Films, inc', 'Starz Animation'], { slash: 'spaced', commas: true }, ['Focus Films, inc', 'Starz Animation']],
    [['Zack Snyder,'], { slash: 'any', commas: true }, ['Zack Snyder']],
    [['A; B|C'], { slash: 'any', commas: false }, ['A', 'B', 'C']],
    [['Korea, Republic of'], { slash: 'any', commas: false }, ['Korea, Republic of']],
    [['  ', ''], { slash: 'any', commas: true }, []],
  ])('splitValues(%j, %o) is %j', (values, rule, expected) => {
    expect(splitValues(values, rule)).toEqual(expected);
  });
});

describe('NFO provider ids', () => {
  it.each([
    ['imdb', 'imdb'],
    ['IMDB', 'imdb'],
    ['Tmdb', 'tmdb'],
    ['tmdbcol', 'tmdbcollection'],
    ['TmdbCollection', 'tmdbcollection'],
    ['themoviedb', 'tmdb'],
    ['myanimelist', 'mal'],
    ['sonarr', 'sonarr'],
    ['unknown', undefined],
    ['__proto__', undefined],
    ['has space', undefined],
  ])('normaliseProvider(%j) is %j', (name, provider) => {
    expect(normaliseProvider(name)).toBe(provider);
  });

  it.each([
    [' tt0133093 ', 'tt0133093'],
    ['0', undefined],
    ['-1', undefined],
    ['', undefined],
    ['12 34', undefined],
  ])('normaliseId(%j) is %j', (id, normalised) => {
    expect(normaliseId(id)).toBe(normalised);
  });

  it.each([
    ['https://www.imdb.com/title/tt0944947/', [['imdb', 'tt0944947']]],
    ['http://m.imdb.com/de/title/tt0944947/reference', [['imdb', 'tt0944947']]],
    ['tt0944947', [['imdb', 'tt0944947']]],
    ['https://www.themoviedb.org/movie/30287-fallo', [['tmdb', '30287']]],
    ['https://www.themoviedb.org/tv/1399', [['tmdb', '1399']]],
    ['https://www.themoviedb.org/collection/10', [['tmdbcollection', '10']]],
    ['https://www.thetvdb.com/?tab=series&id=121361', [['tvdb', '121361']]],
    ['https://thetvdb.com/?tab=episode&seriesid=121361&id=3254641', [['tvdb', '121361']]],
    ['https://thetvdb.com/dereferrer/series/121361', [['tvdb', '121361']]],
    ['https://anidb.net/anime/69', [['anidb', '69']]],
    ['http://anidb.net/perl-bin/animedb.pl?show=anime&aid=69', [['anidb', '69']]],
    ['https://myanimelist.net/anime/21/One_Piece', [['mal', '21']]],
    ['https://anilist.co/anime/21', [['anilist', '21']]],
    ['https://kitsu.app/anime/12', [['kitsu', '12']]],
    ['https://www.tvmaze.com/shows/82/game-of-thrones', [['tvmaze', '82']]],
    ['<https://www.imdb.com/title/tt0944947/>.', [['imdb', 'tt0944947']]],
    ['https://evil.example/www.imdb.com/title/tt0944947/', []],
    ['see imdb.com/title/tt0944947', []],
  ])('idsFromUrls(%j) is %j', (text, ids) => {
    expect(idsFromUrls(text)).toEqual(ids);
  });
});
