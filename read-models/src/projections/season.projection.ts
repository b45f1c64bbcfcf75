import type { SeasonState } from '../events.js';
import type { Projection } from '../projection.js';

export interface SeasonDoc extends SeasonState {
  version: number;
}

/**
 * Season detail with its episodes. Seasons are part of the title aggregate, so the version guard
 * uses the title's version: monotonic, and a season document only moves forward.
 */
export const seasonProjection: Projection<SeasonDoc> = {
  name: 'season',
  version: 1,
  handles: ['SeasonChanged', 'SeasonRemoved'],
  documentId: (event) => (event.payload as { id: string }).id,
  apply(doc, event) {
    switch (event.type) {
      case 'SeasonChanged':
        return { ...event.payload, version: event.aggregateVersion };
      case 'SeasonRemoved':
        return null;
      default:
        return doc;
    }
  },
  listings: () => [],
};
