import type { MediaFileState } from '../events.js';
import type { ListingEntry, Projection } from '../projection.js';
import { fileStatEntries } from './stats.listings.js';

export interface MediaFileDoc extends MediaFileState {
  version: number;
}

/** A library's files by path: members `<path>\0<id>`, score 0 (lexicographic). */
export const libraryFilesListing = (libraryId: string) => `library:${libraryId}:files`;
/** A title's files by path; score 0 while the file is on disk, 1 while it is missing. */
export const titleFilesListing = (titleId: string) => `title:${titleId}:files`;
/** Main video files no title matched, newest first. */
export const UNMATCHED_FILES = 'files:unmatched';
/** Files gone from disk, by when they went. */
export const MISSING_FILES = 'files:missing';

export const fileMember = (doc: Pick<MediaFileState, 'id' | 'path'>) => `${doc.path}\u0000${doc.id}`;

/** Whether a file is main media that should belong to a title. */
export const isMainMedia = (doc: Pick<MediaFileState, 'class' | 'extra'>) => (doc.class === 'VIDEO' || doc.class === 'AUDIO') && doc.extra === null;

export const mediaFileProjection: Projection<MediaFileDoc> = {
  name: 'file',
  version: 1,
  handles: ['MediaFileChanged', 'MediaFileRemoved'],
  documentId: (event) => event.aggregateId,
  apply(doc, event) {
    switch (event.type) {
      case 'MediaFileChanged':
        return { ...event.payload, version: event.aggregateVersion };
      case 'MediaFileRemoved':
        return null;
      default:
        return doc;
    }
  },
  listings(doc): ListingEntry[] {
    const member = fileMember(doc);
    const entries: ListingEntry[] = [{ listing: libraryFilesListing(doc.libraryId), member, score: 0 }];
    if (doc.missingSince) entries.push({ listing: MISSING_FILES, member, score: Date.parse(doc.missingSince) });
    const titleId = doc.match?.titleId;
    if (titleId) entries.push({ listing: titleFilesListing(titleId), member, score: doc.missingSince ? 1 : 0 });
    else if (isMainMedia(doc) && !doc.missingSince) entries.push({ listing: UNMATCHED_FILES, member, score: Date.parse(doc.createdAt) });
    entries.push(...fileStatEntries(doc));
    return entries;
  },
};
