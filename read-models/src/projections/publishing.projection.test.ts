import { describe, expect, it } from 'vitest';
import type { DomainEvent, RecycleEntryState } from '../events.js';
import { publishedFilesProjection, recycleEntryProjection, RECYCLE_ENTRIES } from './publishing.projection.js';

const entry: RecycleEntryState = {
  id: 'e1', kind: 'TITLE', label: 'The Matrix', titleId: 't1', libraryId: null,
  files: [{ libraryId: 'l1', path: 'Movies/The Matrix (1999)/The Matrix (1999)-poster.jpg', size: 10 }],
  deletedAt: '2026-11-21T10:00:00.000Z', purgeAfter: '2026-12-21T10:00:00.000Z',
};
const changed: DomainEvent = { aggregateType: 'recycle', aggregateId: 'e1', aggregateVersion: 1, type: 'RecycleEntryChanged', payload: entry };
const removed: DomainEvent = { aggregateType: 'recycle', aggregateId: 'e1', aggregateVersion: 2, type: 'RecycleEntryRemoved', payload: { id: 'e1' } };

describe('recycle entry projection', () => {
  it('gives the same document when an event is applied twice', () => {
    const once = recycleEntryProjection.apply(null, changed);
    expect(recycleEntryProjection.apply(once, changed)).toEqual(once);
    expect(recycleEntryProjection.listings(once!)).toEqual([{ listing: RECYCLE_ENTRIES, member: 'e1', score: Date.parse(entry.deletedAt) }]);
  });

  it('removes the document on restore or purge', () => {
    expect(recycleEntryProjection.apply(recycleEntryProjection.apply(null, changed), removed)).toBeNull();
  });
});

describe('published files projection', () => {
  it('replaces the whole list with each event', () => {
    const event = (version: number, paths: string[]): DomainEvent => ({
      aggregateType: 'published', aggregateId: 't1', aggregateVersion: version, type: 'PublishedFilesChanged',
      payload: { titleId: 't1', publishedAt: '2026-11-21T10:00:00.000Z', files: paths.map((p) => ({ libraryId: 'l1', path: p, role: 'NFO', kind: 'movie', sha256: 'ab', size: 1, warning: null, updatedAt: '2026-11-21T10:00:00.000Z' })) },
    });
    const first = publishedFilesProjection.apply(null, event(1, ['a.nfo', 'b.nfo']));
    const second = publishedFilesProjection.apply(first, event(2, ['a.nfo']));
    expect(second).toMatchObject({ version: 2, files: [{ path: 'a.nfo' }] });
    expect(publishedFilesProjection.apply(second, event(2, ['a.nfo']))).toEqual(second);
  });
});
