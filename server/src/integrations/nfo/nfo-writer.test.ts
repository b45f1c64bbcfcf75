import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixturesUrl } from '../../../test/harness/fixtures.js';
import { readNfo } from './nfo-reader.js';
import { writeNfo, type WritableNfo } from './nfo-writer.js';
import type { NfoArtwork, NfoDocument } from './nfo.types.js';

const FIXTURES = fileURLToPath(fixturesUrl('nfo'));
const WRITABLE = new Set(['movie', 'tvshow', 'season', 'episode']);

const fixtures = (readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }) as string[])
  .filter((file) => file.endsWith('.nfo'))
  .sort()
  .map((file) => ({ file, doc: readNfo(readFileSync(FIXTURES + file, 'utf8')) }))
  .filter((f): f is { file: string; doc: WritableNfo } => WRITABLE.has(f.doc.kind));

/** Fanart is written in its own `<fanart>` element, so it reads back after the other images. */
const byArtwork = (a: NfoArtwork, b: NfoArtwork) => JSON.stringify(a).localeCompare(JSON.stringify(b));

function comparable(doc: NfoDocument): unknown {
  const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
  if (doc.kind === 'episode') return strip({ ...doc, episodes: doc.episodes.map((e) => ({ ...e, artwork: [...e.artwork].sort(byArtwork) })) });
  if ('artwork' in doc) return strip({ ...doc, artwork: [...doc.artwork].sort(byArtwork) });
  return strip(doc);
}

describe('writeNfo', () => {
  it('covers every kind it writes among the fixtures', () => {
    expect(new Set(fixtures.map((f) => f.doc.kind))).toEqual(WRITABLE);
    expect(fixtures.length).toBeGreaterThan(20);
  });

  it.each(fixtures.map((f) => [f.file, f.doc] as const))('%s reads back as the same document', (_file, doc) => {
    const text = writeNfo(doc);
    expect(comparable(readNfo(text))).toEqual(comparable(doc));
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    const doc: WritableNfo = {
      kind: 'movie', title: 'Tom & Jerry <The "Movie">', plot: 'Line one\nLine two\u0001', ratings: [], uniqueIds: { tmdb: '1' }, genres: [], tags: [], studios: [], countries: [],
      credits: [], directors: [], actors: [], crew: [], artwork: [], trailers: [], sets: [],
    };
    const text = writeNfo(doc);
    expect(text).toContain('Tom &amp; Jerry &lt;The &quot;Movie&quot;&gt;');
    const back = readNfo(text);
    expect(back).toMatchObject({ kind: 'movie', title: 'Tom & Jerry <The "Movie">', plot: 'Line one\nLine two', uniqueIds: { tmdb: '1' } });
  });

  it('writes one episodedetails root per episode of a multi-episode file', () => {
    const base = { ratings: [], uniqueIds: {}, genres: [], tags: [], studios: [], countries: [], credits: [], directors: [], actors: [], crew: [], artwork: [], trailers: [] };
    const text = writeNfo({ kind: 'episode', episodes: [{ ...base, title: 'Rising (1)', season: 1, episode: 1 }, { ...base, title: 'Rising (2)', season: 1, episode: 2 }] });
    expect(text.match(/<episodedetails>/g)).toHaveLength(2);
    const back = readNfo(text);
    expect(back.kind === 'episode' && back.episodes.map((e) => [e.title, e.episode])).toEqual([['Rising (1)', 1], ['Rising (2)', 2]]);
  });
});
