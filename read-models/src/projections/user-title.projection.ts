import type { LibraryStatus, PlaybackProgress, UserTitleState } from '../events.js';
import type { ListingEntry, Projection } from '../projection.js';

export interface UserTitleDoc extends UserTitleState {
  version: number;
}

/** Read-model id of a user's state about a title (also the aggregate id). */
export const userTitleId = (userId: string, titleId: string) => `${userId}:${titleId}`;

/**
 * A user's listings (members are title ids unless noted; scores are ms since the epoch):
 * every title the user has state about (for export), every title with a status, one per status, favourites, rated titles, titles being watched
 * (continue watching), titles with episode activity (up next) and history entries
 * (`<titleId>\0<entryId>`, scored by when they were watched).
 */
export const userListings = {
  all: (userId: string) => `user:${userId}:all`,
  library: (userId: string) => `user:${userId}:library`,
  status: (userId: string, status: LibraryStatus) => `user:${userId}:status:${status}`,
  favourites: (userId: string) => `user:${userId}:favourites`,
  rated: (userId: string) => `user:${userId}:rated`,
  continueWatching: (userId: string) => `user:${userId}:continue`,
  episodic: (userId: string) => `user:${userId}:episodic`,
  history: (userId: string) => `user:${userId}:history`,
} as const;

/** Playback counts as started after this many seconds and as finished past this share of the duration. */
export const STARTED_AFTER_SECONDS = 30;
export const FINISHED_SHARE = 0.9;

export const inProgress = (p: PlaybackProgress) => p.position >= STARTED_AFTER_SECONDS && p.position < p.duration * FINISHED_SHARE;

/** The most recently updated progress of a title, if it is unfinished. */
export function resumePoint(doc: UserTitleState): PlaybackProgress | null {
  let latest: PlaybackProgress | null = null;
  for (const p of doc.progress) if (!latest || p.updatedAt > latest.updatedAt) latest = p;
  return latest && inProgress(latest) ? latest : null;
}

export const userTitleProjection: Projection<UserTitleDoc> = {
  name: 'usertitle',
  version: 1,
  handles: ['UserTitleChanged', 'UserTitleRemoved'],
  documentId: (event) => event.aggregateId,
  apply(doc, event) {
    switch (event.type) {
      case 'UserTitleChanged':
        return { ...event.payload, version: event.aggregateVersion };
      case 'UserTitleRemoved':
        return null;
      default:
        return doc;
    }
  },
  listings(doc): ListingEntry[] {
    const u = doc.userId;
    const t = doc.titleId;
    const at = (iso: string | null) => (iso ? Date.parse(iso) : 0);
    const entries: ListingEntry[] = [{ listing: userListings.all(u), member: t, score: at(doc.createdAt) }];
    if (doc.status) {
      entries.push({ listing: userListings.library(u), member: t, score: at(doc.statusAt) });
      entries.push({ listing: userListings.status(u, doc.status), member: t, score: at(doc.statusAt) });
    }
    if (doc.favourite) entries.push({ listing: userListings.favourites(u), member: t, score: at(doc.favouriteAt) });
    if (doc.rating !== null) entries.push({ listing: userListings.rated(u), member: t, score: at(doc.ratingAt) });
    const resume = resumePoint(doc);
    if (resume && doc.status !== 'DROPPED') entries.push({ listing: userListings.continueWatching(u), member: t, score: at(resume.updatedAt) });
    let episodic = 0;
    for (const p of doc.progress) if (p.episodeNumber !== null) episodic = Math.max(episodic, at(p.updatedAt));
    for (const h of doc.history) {
      entries.push({ listing: userListings.history(u), member: `${t}\u0000${h.id}`, score: at(h.watchedAt) });
      if (h.episodeNumber !== null) episodic = Math.max(episodic, at(h.watchedAt));
    }
    if (episodic > 0 && doc.status !== 'DROPPED' && doc.status !== 'COMPLETED') entries.push({ listing: userListings.episodic(u), member: t, score: episodic });
    return entries;
  },
};
