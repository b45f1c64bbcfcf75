import type { ListEntry, ListSection, UserListState } from '../events.js';
import type { ListingEntry, Projection } from '../projection.js';

export interface UserListDoc extends UserListState {
  version: number;
}

/** A user's own lists, latest change first (members: list ids). */
export const userListsListing = (userId: string) => `user:${userId}:lists`;
/** Every public list, latest change first (members: slugs). Unlisted lists are never listed. */
export const PUBLIC_LISTS = 'lists:public';

/** The owner's view: the whole list. */
export const userListProjection: Projection<UserListDoc> = {
  name: 'userlist',
  version: 1,
  handles: ['UserListChanged', 'UserListRemoved'],
  documentId: (event) => event.aggregateId,
  apply(doc, event) {
    switch (event.type) {
      case 'UserListChanged':
        return { ...event.payload, version: event.aggregateVersion };
      case 'UserListRemoved':
        return null;
      default:
        return doc;
    }
  },
  listings: (doc) => [{ listing: userListsListing(doc.ownerId), member: doc.id, score: Date.parse(doc.updatedAt) }],
};

/**
 * What anyone with the link sees, keyed by slug: no list id, no owner id, only the owner's
 * display name. A private list has no public document; a revoked slug loses its document.
 */
export interface PublicListDoc {
  slug: string;
  name: string;
  description: string | null;
  ownerName: string;
  visibility: 'UNLISTED' | 'PUBLIC';
  sections: ListSection[];
  entries: Array<Omit<ListEntry, 'id'> & { id: string }>;
  updatedAt: string;
  version: number;
}

export const publicListProjection: Projection<PublicListDoc> = {
  name: 'publiclist',
  version: 1,
  handles: ['UserListChanged', 'UserListRemoved', 'UserListLinkRevoked'],
  documentId: (event) => (event.payload as { slug: string }).slug,
  apply(doc, event) {
    switch (event.type) {
      case 'UserListChanged': {
        const s = event.payload;
        if (s.visibility === 'PRIVATE') return null;
        return {
          slug: s.slug,
          name: s.name,
          description: s.description,
          ownerName: s.ownerName,
          visibility: s.visibility,
          sections: s.sections.map((x) => ({ ...x })),
          entries: s.entries.map((e) => ({ ...e })),
          updatedAt: s.updatedAt,
          version: event.aggregateVersion,
        };
      }
      case 'UserListRemoved':
      case 'UserListLinkRevoked':
        return null;
      default:
        return doc;
    }
  },
  listings: (doc) => (doc.visibility === 'PUBLIC' ? [{ listing: PUBLIC_LISTS, member: doc.slug, score: Date.parse(doc.updatedAt) }] : []),
};
