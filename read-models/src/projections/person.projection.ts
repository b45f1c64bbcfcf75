import type { PersonState } from '../events.js';
import type { Projection } from '../projection.js';
import { searchTokens } from '../text.js';

export interface PersonDoc extends PersonState {
  version: number;
}

/** Search index of people: `<folded token>\0<id>`. */
export const PERSON_SEARCH_INDEX = 'people:search';

/** Person detail; the filmography is a listing the title projection maintains. */
export const personProjection: Projection<PersonDoc> = {
  name: 'person',
  version: 1,
  handles: ['PersonCreated', 'PersonUpdated'],
  documentId: (event) => event.aggregateId,
  apply(doc, event) {
    switch (event.type) {
      case 'PersonCreated':
      case 'PersonUpdated':
        return { ...event.payload, version: event.aggregateVersion };
      default:
        return doc;
    }
  },
  listings: (doc) =>
    searchTokens([doc.name, ...(doc.originalName ? [doc.originalName] : [])]).map((t) => ({ listing: PERSON_SEARCH_INDEX, member: `${t}\u0000${doc.id}`, score: 0 })),
};
