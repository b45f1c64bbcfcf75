import type { HistoryEntry, LibraryStatus, PlaybackProgress } from '@marquee/read-models';

/**
 * Conflict rules between devices and between merged titles: every part of a user's state
 * (status, favourite, rating, notes, each movie's or episode's progress) carries the time of its
 * change, and the newest change wins; a change that is not newer than the stored one is ignored.
 * History is a set of entries: merging unites them.
 */

export interface Stamped<T> {
  value: T;
  at: Date | null;
}

/** The newer of two stamped values; on a tie the stored one stays. */
export function newest<T>(stored: Stamped<T>, incoming: Stamped<T>): Stamped<T> {
  if (!incoming.at) return stored;
  if (!stored.at || incoming.at.getTime() > stored.at.getTime()) return incoming;
  return stored;
}

export const progressKey = (p: Pick<PlaybackProgress, 'seasonNumber' | 'episodeNumber'>) => `${p.seasonNumber ?? '-'}:${p.episodeNumber ?? '-'}`;

/** Progress per movie/episode, newest report of each winning. Returns the result and whether `incoming` changed anything. */
export function mergeProgress(stored: readonly PlaybackProgress[], incoming: readonly PlaybackProgress[]): { progress: PlaybackProgress[]; changed: boolean } {
  const byKey = new Map(stored.map((p) => [progressKey(p), p]));
  let changed = false;
  for (const p of incoming) {
    const old = byKey.get(progressKey(p));
    if (!old || Date.parse(p.updatedAt) > Date.parse(old.updatedAt)) {
      byKey.set(progressKey(p), p);
      changed = true;
    }
  }
  const progress = [...byKey.values()].sort((a, b) => (a.seasonNumber ?? -1) - (b.seasonNumber ?? -1) || (a.episodeNumber ?? -1) - (b.episodeNumber ?? -1));
  return { progress, changed };
}

/** History entries united by id (and by item + time, so an import run twice adds nothing), newest first. */
export function mergeHistory(stored: readonly HistoryEntry[], incoming: readonly HistoryEntry[]): { history: HistoryEntry[]; changed: boolean } {
  const sameWatch = (h: HistoryEntry) => `${progressKey(h)}@${Date.parse(h.watchedAt)}`;
  const ids = new Set(stored.map((h) => h.id));
  const watches = new Set(stored.map(sameWatch));
  const added = incoming.filter((h) => !ids.has(h.id) && !watches.has(sameWatch(h)));
  const history = [...stored, ...added].sort((a, b) => Date.parse(b.watchedAt) - Date.parse(a.watchedAt) || a.id.localeCompare(b.id));
  return { history, changed: added.length > 0 };
}

/** The parts of a user's state about a title that can be merged. */
export interface MergeableState {
  status: LibraryStatus | null;
  statusAt: Date | null;
  favourite: boolean;
  favouriteAt: Date | null;
  rating: number | null;
  ratingAt: Date | null;
  notes: string | null;
  notesAt: Date | null;
  progress: PlaybackProgress[];
  history: HistoryEntry[];
}

/** Two states about the same title (two titles merged): each part from whichever changed it last. */
export function mergeStates(into: MergeableState, from: MergeableState): MergeableState {
  const status = newest({ value: into.status, at: into.statusAt }, { value: from.status, at: from.statusAt });
  const favourite = newest({ value: into.favourite, at: into.favouriteAt }, { value: from.favourite, at: from.favouriteAt });
  const rating = newest({ value: into.rating, at: into.ratingAt }, { value: from.rating, at: from.ratingAt });
  const notes = newest({ value: into.notes, at: into.notesAt }, { value: from.notes, at: from.notesAt });
  return {
    status: status.value,
    statusAt: status.at,
    favourite: favourite.value,
    favouriteAt: favourite.at,
    rating: rating.value,
    ratingAt: rating.at,
    notes: notes.value,
    notesAt: notes.at,
    progress: mergeProgress(into.progress, from.progress).progress,
    history: mergeHistory(into.history, from.history).history,
  };
}
