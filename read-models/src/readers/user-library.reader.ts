import type { Redis } from 'ioredis';
import type { HistoryEntry, LibraryStatus } from '../events.js';
import { keys, type KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';
import type { SeasonDoc } from '../projections/season.projection.js';
import type { TitleDoc } from '../projections/title.projection.js';
import { FINISHED_SHARE, resumePoint, userListings, userTitleId, type UserTitleDoc } from '../projections/user-title.projection.js';
import { DocumentReader } from './documents.js';
import { readWindow, toPage, type Page, type PageWindow } from './listing-page.js';

export type LibraryShelf = { kind: 'all' } | { kind: 'status'; status: LibraryStatus } | { kind: 'favourites' } | { kind: 'rated' };

export interface HistoryItem {
  entry: HistoryEntry;
  state: UserTitleDoc;
}

export interface UpNextItem {
  state: UserTitleDoc;
  seasonNumber: number;
  episodeNumber: number;
  episodeName: string | null;
}

/** A user's library, progress, history and ratings, from the per-user read models. */
export class UserLibraryReader {
  private readonly states: DocumentReader<UserTitleDoc>;
  private readonly titles: DocumentReader<TitleDoc>;
  private readonly seasons: DocumentReader<SeasonDoc>;

  constructor(
    private readonly redis: Redis,
    private readonly ks: KeySpace,
    private readonly namespaces: NamespaceTracker,
  ) {
    this.states = new DocumentReader(redis, ks, namespaces, 'usertitle');
    this.titles = new DocumentReader(redis, ks, namespaces, 'title');
    this.seasons = new DocumentReader(redis, ks, namespaces, 'season');
  }

  /** The user's state about each title (null where there is none). */
  getStates(userId: string, titleIds: readonly string[]): Promise<(UserTitleDoc | null)[]> {
    return this.states.getMany(titleIds.map((t) => userTitleId(userId, t)));
  }

  private async listing(name: string): Promise<string> {
    return keys.listing(this.ks, await this.namespaces.get(), name);
  }

  /** Titles on a shelf, latest change first. */
  async library(userId: string, shelf: LibraryShelf, window: PageWindow): Promise<Page<UserTitleDoc>> {
    const name =
      shelf.kind === 'status'
        ? userListings.status(userId, shelf.status)
        : shelf.kind === 'favourites'
          ? userListings.favourites(userId)
          : shelf.kind === 'rated'
            ? userListings.rated(userId)
            : userListings.library(userId);
    const w = await readWindow(this.redis, await this.listing(name), true, window);
    return toPage(w, await this.getStates(userId, w.entries.map((e) => e.m)));
  }

  /** Every title the user keeps state about (for export). */
  async everything(userId: string): Promise<UserTitleDoc[]> {
    const ids = await this.redis.zrange(await this.listing(userListings.all(userId)), '0', '-1');
    return (await this.getStates(userId, ids)).filter((d): d is UserTitleDoc => d !== null);
  }

  /** Unfinished movies and episodes, most recently played first. */
  async continueWatching(userId: string, limit: number): Promise<UserTitleDoc[]> {
    const ids = await this.redis.zrevrange(await this.listing(userListings.continueWatching(userId)), 0, limit - 1);
    return (await this.getStates(userId, ids)).filter((d): d is UserTitleDoc => d !== null);
  }

  /** Watch history, newest first; each entry with the state it belongs to. */
  async history(userId: string, window: PageWindow): Promise<Page<HistoryItem>> {
    const w = await readWindow(this.redis, await this.listing(userListings.history(userId)), true, window);
    const members = w.entries.map((e) => e.m.split('\u0000') as [string, string]);
    const states = await this.getStates(userId, members.map(([t]) => t));
    const items = members.map(([, entryId], i) => {
      const state = states[i];
      const entry = state?.history.find((h) => h.id === entryId);
      return state && entry ? { entry, state } : null;
    });
    return toPage(w, items);
  }

  /**
   * For series with recent activity: the episode after the furthest one watched (or played past
   * the finished share), skipping specials; series whose next episode is unknown are left out.
   */
  async upNext(userId: string, limit: number): Promise<UpNextItem[]> {
    const ids = await this.redis.zrevrange(await this.listing(userListings.episodic(userId)), 0, limit * 3 - 1);
    const [states, titles] = await Promise.all([this.getStates(userId, ids), this.titles.getMany(ids)]);
    const wanted: Array<{ state: UserTitleDoc; season: number; episode: number; title: TitleDoc }> = [];
    states.forEach((state, i) => {
      const title = titles[i];
      if (!state || !title || title.deletedAt) return;
      let last: [number, number] | null = null;
      const consider = (s: number | null, e: number | null) => {
        if (s === null || e === null || s === 0) return;
        if (!last || s > last[0] || (s === last[0] && e > last[1])) last = [s, e];
      };
      for (const h of state.history) consider(h.seasonNumber, h.episodeNumber);
      for (const p of state.progress) if (p.position >= p.duration * FINISHED_SHARE) consider(p.seasonNumber, p.episodeNumber);
      if (last) wanted.push({ state, season: last[0], episode: last[1], title });
    });
    const seasonIds = [...new Set(wanted.flatMap((w) => w.title.seasons.filter((s) => s.number >= w.season).map((s) => s.id)))];
    const seasons = new Map((await this.seasons.getMany(seasonIds)).filter((s): s is SeasonDoc => s !== null).map((s) => [s.id, s]));
    const out: UpNextItem[] = [];
    for (const w of wanted) {
      const resume = resumePoint(w.state);
      const candidates = w.title.seasons
        .filter((s) => s.number >= w.season)
        .sort((a, b) => a.number - b.number)
        .flatMap((s) => (seasons.get(s.id)?.episodes ?? []).map((e) => ({ season: s.number, episode: e.number, name: e.name })))
        .filter((c) => c.season > w.season || c.episode > w.episode);
      const next = candidates[0];
      // An episode already in progress is in Continue watching instead.
      if (!next || (resume && resume.seasonNumber === next.season && resume.episodeNumber === next.episode)) continue;
      out.push({ state: w.state, seasonNumber: next.season, episodeNumber: next.episode, episodeName: next.name });
      if (out.length === limit) break;
    }
    return out;
  }
}
