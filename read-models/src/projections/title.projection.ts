import type { TitleState } from '../events.js';
import type { Projection } from '../projection.js';

export interface TitleDoc extends TitleState {
  version: number;
}

export const TITLE_LISTING_CREATED = 'titles:created';
/** The recycle bin, by deletion time. */
export const TITLE_LISTING_RECYCLED = 'titles:recycled';

export const titleProjection: Projection<TitleDoc> = {
  name: 'title',
  version: 1,
  handles: ['TitleCreated', 'TitleUpdated', 'TitleDeleted', 'TitleRestored', 'TitlePurged'],
  listingNames: [TITLE_LISTING_CREATED, TITLE_LISTING_RECYCLED],
  documentId: (event) => event.aggregateId,
  apply(doc, event) {
    switch (event.type) {
      case 'TitleCreated':
      case 'TitleUpdated':
      case 'TitleDeleted':
      case 'TitleRestored':
        return { ...event.payload, version: event.aggregateVersion };
      case 'TitlePurged':
        return null;
      default:
        return doc;
    }
  },
  listings: (doc): Record<string, number> =>
    doc.deletedAt ? { [TITLE_LISTING_RECYCLED]: Date.parse(doc.deletedAt) } : { [TITLE_LISTING_CREATED]: Date.parse(doc.createdAt) },
};

