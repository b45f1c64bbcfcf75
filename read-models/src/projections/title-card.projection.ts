import type { TitleState } from '../events.js';
import type { Projection } from '../projection.js';
import { fromTitleEvent, TITLE_EVENTS } from './title.projection.js';

/**
 * The fields of a title that listings show. A listing of 50 titles reads 50 cards instead of 50
 * full documents (overview, credits, artwork candidates, provenance), so Redis and the API move a
 * fraction of the bytes; a listing that asks for any other field reads the full documents.
 */
export const TITLE_CARD_FIELDS = [
  'id',
  'kind',
  'name',
  'originalTitle',
  'year',
  'runtime',
  'status',
  'rating',
  'votes',
  'popularity',
  'genres',
  'deletedAt',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof TitleState)[];

export type TitleCard = Pick<TitleState, (typeof TITLE_CARD_FIELDS)[number]> & { version: number };

export function titleCard(state: TitleState, version: number): TitleCard {
  const card = { version } as TitleCard;
  for (const field of TITLE_CARD_FIELDS) (card as Record<string, unknown>)[field] = state[field];
  return card;
}

/** Follows the title document; the title projection owns every listing, cards add none. */
export const titleCardProjection: Projection<TitleCard> = {
  name: 'titlecard',
  version: 1,
  handles: TITLE_EVENTS,
  documentId: (event) => event.aggregateId,
  apply: (doc, event) => fromTitleEvent(doc, event, titleCard),
  listings: () => [],
};
