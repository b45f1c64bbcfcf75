import type { PublishedFilesState, RecycleEntryState } from '../events.js';
import type { ListingEntry, Projection } from '../projection.js';

export interface PublishedFilesDoc extends PublishedFilesState {
  version: number;
}

export interface RecycleEntryDoc extends RecycleEntryState {
  version: number;
}

/** Every recycle-bin entry, most recently deleted first (score: deleted at, ms); members are ids. */
export const RECYCLE_ENTRIES = 'recycle:entries';

/** A title's published files (the manifest's rows for it), one document per title. */
export const publishedFilesProjection: Projection<PublishedFilesDoc> = {
  name: 'published',
  version: 1,
  handles: ['PublishedFilesChanged'],
  documentId: (event) => event.aggregateId,
  apply: (doc, event) => (event.type === 'PublishedFilesChanged' ? { ...event.payload, version: event.aggregateVersion } : doc),
  listings: () => [],
};

export const recycleEntryProjection: Projection<RecycleEntryDoc> = {
  name: 'recycle',
  version: 1,
  handles: ['RecycleEntryChanged', 'RecycleEntryRemoved'],
  documentId: (event) => event.aggregateId,
  apply(doc, event) {
    switch (event.type) {
      case 'RecycleEntryChanged':
        return { ...event.payload, version: event.aggregateVersion };
      case 'RecycleEntryRemoved':
        return null;
      default:
        return doc;
    }
  },
  listings: (doc): ListingEntry[] => [{ listing: RECYCLE_ENTRIES, member: doc.id, score: Date.parse(doc.deletedAt) }],
};
