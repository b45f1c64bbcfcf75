import type { TitleState } from '../events.js';
import type { Projection } from '../projection.js';

export interface TitleDoc extends TitleState {
  version: number;
}

export const TITLE_LISTING_CREATED = 'titles:created';

export const titleProjection: Projection<TitleDoc> = {
  name: 'title',
  version: 1,
  handles: ['TitleCreated', 'TitleUpdated', 'TitleDeleted'],
  listingNames: [TITLE_LISTING_CREATED],
  documentId: (event) => event.aggregateId,
  apply(doc, event) {
    switch (event.type) {
      case 'TitleCreated':
      case 'TitleUpdated':
        return { ...event.payload, version: event.aggregateVersion };
      case 'TitleDeleted':
        return null;
      default:
        return doc;
    }
  },
  listings: (doc) => ({ [TITLE_LISTING_CREATED]: Date.parse(doc.createdAt) }),
};

