import type { DomainEvent, DomainEventType, TitleState } from '../events.js';
import type { ListingEntry, Projection } from '../projection.js';
import { fold, searchTokens, sortName, sortScore } from '../text.js';
import { titleStatEntries } from './stats.listings.js';

export interface TitleDoc extends TitleState {
  version: number;
}

/** Sort listings of active titles; each member is `<sort name>\0<id>` so ties order by name. */
export const TITLE_SORTS = {
  CREATED: 'titles:created',
  UPDATED: 'titles:updated',
  NAME: 'titles:name',
  YEAR: 'titles:year',
  POPULARITY: 'titles:popularity',
} as const;
export type TitleSort = keyof typeof TITLE_SORTS;

/** Filter set per kind (score 0; intersected with a sort listing). */
export const titleKindListing = (kind: string) => `titles:kind:${kind}`;
/** The recycle bin, by deletion time. */
export const TITLE_LISTING_RECYCLED = 'titles:recycled';
/** Lexicographic search index: `<folded token>\0<id>`, score 0. */
export const TITLE_SEARCH_INDEX = 'titles:search';
/** Filter set per genre (folded name). */
export const titleGenreListing = (genre: string) => `titles:genre:${fold(genre)}`;
/** A person's filmography: members `<title id>\0<role>\0<character>`, scored by the title's year. */
export const personCreditsListing = (personId: string) => `person:${personId}:credits`;

/** Lexicographic external-id index: `<provider>:<value>\0<id>`, score 0. */
export const TITLE_EXTERNAL_ID_INDEX = 'titles:extid';

export const titleMember = (doc: Pick<TitleState, 'id' | 'name'>) => `${sortName(doc.name)}\u0000${doc.id}`;
export const idOfMember = (member: string) => member.slice(member.lastIndexOf('\u0000') + 1);

/** The events of the title aggregate; each carries the title's whole state (or, for a purge, its id). */
export const TITLE_EVENTS = ['TitleCreated', 'TitleUpdated', 'TitleDeleted', 'TitleRestored', 'TitlePurged'] as const satisfies readonly DomainEventType[];

/** Folds a title event into a document made from the state it carries; a purge removes it. */
export function fromTitleEvent<D>(doc: D | null, event: DomainEvent, make: (state: TitleState, version: number) => D): D | null {
  switch (event.type) {
    case 'TitleCreated':
    case 'TitleUpdated':
    case 'TitleDeleted':
    case 'TitleRestored':
      return make(event.payload, event.aggregateVersion);
    case 'TitlePurged':
      return null;
    default:
      return doc;
  }
}

export const titleProjection: Projection<TitleDoc> = {
  name: 'title',
  version: 2,
  handles: TITLE_EVENTS,
  // Season events touch season documents only (season.projection.ts).
  documentId: (event) => event.aggregateId,
  apply: (doc, event) => fromTitleEvent(doc, event, (state, version) => ({ ...state, version })),
  listings(doc): ListingEntry[] {
    const member = titleMember(doc);
    if (doc.deletedAt) return [{ listing: TITLE_LISTING_RECYCLED, member, score: Date.parse(doc.deletedAt) }];
    const entries: ListingEntry[] = [
      { listing: TITLE_SORTS.CREATED, member, score: Date.parse(doc.createdAt) },
      { listing: TITLE_SORTS.UPDATED, member, score: Date.parse(doc.updatedAt) },
      { listing: TITLE_SORTS.NAME, member, score: sortScore(sortName(doc.name)) },
      { listing: TITLE_SORTS.POPULARITY, member, score: doc.popularity ?? 0 },
      { listing: titleKindListing(doc.kind), member, score: 0 },
    ];
    if (doc.year !== null) entries.push({ listing: TITLE_SORTS.YEAR, member, score: doc.year });
    for (const genre of new Set(doc.genres.map(fold))) if (genre) entries.push({ listing: titleGenreListing(genre), member, score: 0 });
    for (const c of doc.credits) {
      entries.push({ listing: personCreditsListing(c.personId), member: `${doc.id}\u0000${c.role}\u0000${c.character ?? ''}`, score: doc.year ?? 0 });
    }
    for (const x of doc.externalIds) entries.push({ listing: TITLE_EXTERNAL_ID_INDEX, member: `${x.provider}:${x.value}\u0000${doc.id}`, score: 0 });
    for (const token of searchTokens([doc.name, ...(doc.originalTitle ? [doc.originalTitle] : []), ...doc.synonyms])) {
      entries.push({ listing: TITLE_SEARCH_INDEX, member: `${token}\u0000${doc.id}`, score: 0 });
    }
    entries.push(...titleStatEntries(doc));
    return entries;
  },
};
