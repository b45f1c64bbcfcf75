import { describe, expect, it } from 'vitest';
import type { TitleEvent } from '../events.js';
import { titleProjection, TITLE_LISTING_CREATED, type TitleDoc } from './title.projection.js';

const state = (name: string) => ({ id: 't1', kind: 'MOVIE' as const, name, year: 1999, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' });
const created: TitleEvent = { aggregateType: 'title', aggregateId: 't1', aggregateVersion: 1, type: 'TitleCreated', payload: state('A') };
const updated: TitleEvent = { aggregateType: 'title', aggregateId: 't1', aggregateVersion: 2, type: 'TitleUpdated', payload: state('B') };
const deleted: TitleEvent = { aggregateType: 'title', aggregateId: 't1', aggregateVersion: 3, type: 'TitleDeleted', payload: { id: 't1' } };

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

  it('a delete removes the document', () => {
    expect(titleProjection.apply({ ...state('B'), version: 2 }, deleted)).toBeNull();
  });

  it('lists titles by creation time', () => {
    expect(titleProjection.listings({ ...state('A'), version: 1 })).toEqual({ [TITLE_LISTING_CREATED]: Date.parse('2026-01-01T00:00:00.000Z') });
  });
});
