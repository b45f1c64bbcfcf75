import { describe, expect, it } from 'vitest';
import type { TitleEvent, TitleState } from '../events.js';
import { emptyTitleState } from '../title-state.js';
import { titleCardProjection } from './title-card.projection.js';
import { titleKindListing, titleProjection, TITLE_LISTING_RECYCLED, TITLE_SEARCH_INDEX, TITLE_SORTS, type TitleDoc } from './title.projection.js';

const state = (name: string, deletedAt: string | null = null): TitleState =>
  emptyTitleState({
    id: 't1',
    kind: 'MOVIE',
    name,
    year: 1999,
    genres: ['Science Fiction'],
    externalIds: [{ provider: 'tmdb', value: '603' }],
    provenance: { name: { source: 'user', origin: null, at: '2026-01-02T00:00:00.000Z' } },
    locks: ['name'],
    deletedAt,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
  });
const created: TitleEvent = { aggregateType: 'title', aggregateId: 't1', aggregateVersion: 1, type: 'TitleCreated', payload: state('A') };
const updated: TitleEvent = { aggregateType: 'title', aggregateId: 't1', aggregateVersion: 2, type: 'TitleUpdated', payload: state('B') };
const deleted: TitleEvent = { aggregateType: 'title', aggregateId: 't1', aggregateVersion: 3, type: 'TitleDeleted', payload: state('B', '2026-02-01T00:00:00.000Z') };
const restored: TitleEvent = { aggregateType: 'title', aggregateId: 't1', aggregateVersion: 4, type: 'TitleRestored', payload: state('B') };
const purged: TitleEvent = { aggregateType: 'title', aggregateId: 't1', aggregateVersion: 5, type: 'TitlePurged', payload: { id: 't1' } };

describe('titleProjection', () => {
  it('applied twice gives the same document', () => {
    const once = titleProjection.apply(null, created);
    const twice = titleProjection.apply(once, created);
    expect(twice).toEqual(once);
    expect(once).toEqual({ ...state('A'), version: 1 });
  });

  it('carries the aggregate version and the latest state', () => {
    const doc = titleProjection.apply(titleProjection.apply(null, created), updated) as TitleDoc;
    expect(doc).toMatchObject({ name: 'B', version: 2 });
  });

  it('a delete moves the document to the recycle bin listing; restore brings it back; purge removes it', () => {
    const inBin = titleProjection.apply({ ...state('B'), version: 2 }, deleted)!;
    expect(inBin.deletedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(titleProjection.listings(inBin)).toEqual([{ listing: TITLE_LISTING_RECYCLED, member: 'b\u0000t1', score: Date.parse('2026-02-01T00:00:00.000Z') }]);
    const back = titleProjection.apply(inBin, restored)!;
    expect(titleProjection.listings(back).map((e) => e.listing)).not.toContain(TITLE_LISTING_RECYCLED);
    expect(titleProjection.listings(back)).toContainEqual({ listing: TITLE_SORTS.CREATED, member: 'b\u0000t1', score: Date.parse('2026-01-01T00:00:00.000Z') });
    expect(titleProjection.apply(back, purged)).toBeNull();
  });

  it('keeps locks and provenance in the document', () => {
    expect(titleProjection.apply(null, created)).toMatchObject({ locks: ['name'], provenance: { name: { source: 'user' } } });
  });

  it('lists an active title in every sort, its kind filter and the search index', () => {
    const entries = titleProjection.listings({ ...state('The Matrix'), synonyms: ['Matrix'], popularity: 5, version: 1 });
    const member = 'matrix\u0000t1';
    expect(entries).toEqual(
      expect.arrayContaining([
        { listing: TITLE_SORTS.CREATED, member, score: Date.parse('2026-01-01T00:00:00.000Z') },
        { listing: TITLE_SORTS.UPDATED, member, score: Date.parse('2026-01-02T00:00:00.000Z') },
        { listing: TITLE_SORTS.YEAR, member, score: 1999 },
        { listing: TITLE_SORTS.POPULARITY, member, score: 5 },
        { listing: titleKindListing('MOVIE'), member, score: 0 },
        { listing: TITLE_SEARCH_INDEX, member: 'the matrix\u0000t1', score: 0 },
        { listing: TITLE_SEARCH_INDEX, member: 'matrix\u0000t1', score: 0 },
        { listing: 'titles:genre:science fiction', member, score: 0 },
        { listing: 'titles:extid', member: 'tmdb:603\u0000t1', score: 0 },
      ]),
    );
  });
});

describe('titleCardProjection', () => {
  it('keeps only the listing fields, follows the version, and goes with a purge', () => {
    const card = titleCardProjection.apply(null, created);
    expect(card).toEqual({
      id: 't1', kind: 'MOVIE', name: 'A', originalTitle: null, year: 1999, runtime: null, status: null, rating: null, votes: null, popularity: null,
      genres: ['Science Fiction'], deletedAt: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z', version: 1,
    });
    expect(titleCardProjection.apply(card, created)).toEqual(card);
    expect(titleCardProjection.apply(card, updated)).toMatchObject({ name: 'B', version: 2 });
    expect(titleCardProjection.apply(card, purged)).toBeNull();
    expect(titleCardProjection.listings(card!)).toEqual([]);
  });
});
