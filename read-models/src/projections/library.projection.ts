import type { LibraryState } from '../events.js';
import type { Projection } from '../projection.js';
import { sortName } from '../text.js';

export interface LibraryDoc extends LibraryState {
  version: number;
}

/** Every library, by name: members `<sort name>\0<id>`. */
export const LIBRARY_LISTING = 'libraries';

export const libraryProjection: Projection<LibraryDoc> = {
  name: 'library',
  version: 1,
  handles: ['LibraryChanged', 'LibraryRemoved'],
  documentId: (event) => event.aggregateId,
  apply(doc, event) {
    switch (event.type) {
      case 'LibraryChanged':
        return { ...event.payload, version: event.aggregateVersion };
      case 'LibraryRemoved':
        return null;
      default:
        return doc;
    }
  },
  listings: (doc) => [{ listing: LIBRARY_LISTING, member: `${sortName(doc.name)}\u0000${doc.id}`, score: 0 }],
};
