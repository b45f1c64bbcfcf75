import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { FINISHED_SHARE, LIBRARY_STATUSES, type DomainEvent, type HistoryEntry, type HistorySource, type PlaybackProgress, type UserTitleDoc } from '@marquee/read-models';
import { z } from 'zod';
import { appendToOutbox } from '../domain/outbox/outbox.js';
import { invalidUserInput, UserStateError, UserStateErrorCode } from '../domain/user/user-state.errors.js';
import { mergeHistory, mergeProgress, mergeStates, newest, progressKey } from '../domain/user/user-state-merge.js';
import { UserTitle } from '../domain/user/user-title.entity.js';
import { UserList } from '../domain/user/user-list.entity.js';
import { listEvent } from './user-list.commands.js';
import { parse, UUID } from './command-support.js';

export const parseInput = <T>(schema: z.ZodType<T>, input: unknown): T => parse(schema, input, invalidUserInput);

const id = z.string().regex(UUID, 'must be an id');
/** A device's clock may run a little ahead; further than this in the future is refused. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const when = z
  .union([z.string(), z.date()])
  .transform((v) => new Date(v))
  .refine((d) => !Number.isNaN(d.getTime()), 'must be a date and time')
  .refine((d) => d.getTime() <= Date.now() + MAX_CLOCK_SKEW_MS, 'must not be in the future');
const episodeRef = {
  seasonNumber: z.number().int('must be a whole number').min(0, 'must not be negative').max(10_000).nullable().optional(),
  episodeNumber: z.number().int('must be a whole number').min(0, 'must not be negative').max(100_000).nullable().optional(),
};
/** Season and episode come together (an episode) or not at all (a movie). */
const pairedEpisode: [(v: { seasonNumber?: number | null; episodeNumber?: number | null }) => boolean, { message: string; path: string[] }] = [
  (v) => (v.seasonNumber == null) === (v.episodeNumber == null),
  { message: 'must be given together with seasonNumber (an episode) or left out (a movie)', path: ['episodeNumber'] },
];

const stateSchema = z.object({
  titleId: id,
  status: z.enum(LIBRARY_STATUSES).nullable().optional(),
  favourite: z.boolean().nullish().transform((v) => v ?? undefined),
  rating: z.number().int('must be a whole number').min(1, 'must be between 1 and 10').max(10, 'must be between 1 and 10').nullable().optional(),
  notes: z.string().max(10_000, 'must be at most 10000 characters').nullable().optional().transform((v) => (v === undefined ? undefined : v?.trim() || null)),
  at: when.nullish().transform((v) => v ?? undefined),
});
const progressSchema = z
  .object({
    titleId: id,
    ...episodeRef,
    position: z.number().min(0, 'must not be negative').finite(),
    duration: z.number().positive('must be more than 0').finite(),
    updatedAt: when.nullish().transform((v) => v ?? undefined),
  })
  .refine(...pairedEpisode)
  .refine((v) => v.position <= v.duration, { message: 'must not pass the duration', path: ['position'] });
const watchedSchema = z.object({ titleId: id, ...episodeRef, watchedAt: when.nullish().transform((v) => v ?? undefined) }).refine(...pairedEpisode);
const removeHistorySchema = z.object({ titleId: id, entryId: z.string().min(1).max(100) });

export type SetTitleStateCommand = z.input<typeof stateSchema>;
export type ReportProgressCommand = z.input<typeof progressSchema>;
export type MarkWatchedCommand = z.input<typeof watchedSchema>;

export const userTitleEvent = (row: UserTitle): DomainEvent => ({
  aggregateType: 'usertitle',
  aggregateId: `${row.user.id}:${row.title.id}`,
  aggregateVersion: row.version,
  type: 'UserTitleChanged',
  payload: row.toState(),
});

/**
 * A user's library, progress, history, ratings and notes. Every write takes a row lock on the
 * user's state about the title, so concurrent devices serialise; each part keeps the time of its
 * change and an older change than the stored one is ignored (newest wins, see user-state-merge.ts).
 */
export class UserStateCommands {
  constructor(private readonly orm: MikroORM) {}

  /** Locks (creating if needed) the user's state about a live title. */
  private async lock(em: EntityManager, userId: string, titleId: string): Promise<UserTitle> {
    const live = await em.execute<Array<{ id: string }>>('select id from title where id = ? and deleted_at is null', [titleId]);
    if (live.length === 0) throw new UserStateError(UserStateErrorCode.TitleNotFound, `Title ${titleId} was not found`, 'titleId');
    await em.execute('insert into user_title (id, user_id, title_id, created_at, updated_at) values (?, ?, ?, now(), now()) on conflict (user_id, title_id) do nothing', [
      randomUUID(),
      userId,
      titleId,
    ]);
    return em.findOneOrFail(UserTitle, { user: userId, title: titleId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  private async change(userId: string, titleId: string, work: (row: UserTitle) => boolean): Promise<UserTitleDoc> {
    return this.orm.em.fork().transactional(async (em) => {
      const row = await this.lock(em, userId, titleId);
      if (work(row)) {
        row.version += 1;
        row.updatedAt = new Date();
        await em.flush();
        await appendToOutbox(em, [userTitleEvent(row)]);
      }
      return { ...row.toState(), version: row.version };
    });
  }

  /** Status, favourite, rating and notes; parts not given stay; `at` (default now) decides conflicts. */
  async setTitleState(userId: string, input: SetTitleStateCommand): Promise<UserTitleDoc> {
    const cmd = parseInput(stateSchema, input);
    const at = cmd.at ?? new Date();
    return this.change(userId, cmd.titleId, (row) => {
      let changed = false;
      const apply = <K extends 'status' | 'favourite' | 'rating' | 'notes'>(field: K, value: UserTitle[K] | undefined) => {
        if (value === undefined) return;
        const atField = `${field}At` as `${K}At`;
        const won = newest({ value: row[field], at: row[atField] }, { value, at });
        if (won.at === at) {
          row[field] = value;
          row[atField] = at;
          changed = true;
        }
      };
      apply('status', cmd.status);
      apply('favourite', cmd.favourite);
      apply('rating', cmd.rating);
      apply('notes', cmd.notes);
      return changed;
    });
  }

  /**
   * A device reports where playback is. Newer than the stored report of the same movie or episode
   * wins; reaching the finished share records a watch in the history (once per viewing) and puts
   * an untracked title in the library as watching (or a movie as completed).
   */
  async reportProgress(userId: string, input: ReportProgressCommand): Promise<UserTitleDoc> {
    const cmd = parseInput(progressSchema, input);
    const at = cmd.updatedAt ?? new Date();
    const report: PlaybackProgress = {
      seasonNumber: cmd.seasonNumber ?? null,
      episodeNumber: cmd.episodeNumber ?? null,
      position: cmd.position,
      duration: cmd.duration,
      updatedAt: at.toISOString(),
    };
    return this.change(userId, cmd.titleId, (row) => {
      const before = row.progress.find((p) => progressKey(p) === progressKey(report));
      const merged = mergeProgress(row.progress, [report]);
      if (!merged.changed) return false;
      row.progress = merged.progress;
      const finished = report.position >= report.duration * FINISHED_SHARE;
      const wasFinished = before ? before.position >= before.duration * FINISHED_SHARE : false;
      if (finished && !wasFinished) row.history = mergeHistory(row.history, [historyEntry(report.seasonNumber, report.episodeNumber, at, 'PLAYBACK')]).history;
      if (row.status === null) {
        row.status = finished && report.episodeNumber === null ? 'COMPLETED' : 'WATCHING';
        row.statusAt = at;
      }
      return true;
    });
  }

  /** Records a watch (default now) of a movie or an episode. */
  async markWatched(userId: string, input: MarkWatchedCommand): Promise<UserTitleDoc> {
    const cmd = parseInput(watchedSchema, input);
    const entry = historyEntry(cmd.seasonNumber ?? null, cmd.episodeNumber ?? null, cmd.watchedAt ?? new Date(), 'USER');
    return this.change(userId, cmd.titleId, (row) => {
      const merged = mergeHistory(row.history, [entry]);
      row.history = merged.history;
      return merged.changed;
    });
  }

  /**
   * Watches found outside Marquee (an NFO's <lastplayed>), recorded as history of one user. A watch
   * already in the history (same item, same time) is not added twice, so importing again changes
   * nothing. Returns how many titles' state changed.
   */
  async importHistory(userId: string, watches: ReadonlyArray<{ titleId: string; seasonNumber: number | null; episodeNumber: number | null; watchedAt: Date }>, source: HistorySource = 'NFO'): Promise<number> {
    const byTitle = new Map<string, HistoryEntry[]>();
    for (const w of watches) {
      const list = byTitle.get(w.titleId) ?? [];
      list.push(historyEntry(w.seasonNumber, w.episodeNumber, w.watchedAt, source));
      byTitle.set(w.titleId, list);
    }
    let changed = 0;
    for (const [titleId, entries] of byTitle) {
      try {
        await this.change(userId, titleId, (row) => {
          const merged = mergeHistory(row.history, entries);
          row.history = merged.history;
          if (merged.changed) changed += 1;
          return merged.changed;
        });
      } catch (err) {
        // A title deleted meanwhile has no state to keep.
        if (!(err instanceof UserStateError && err.code === UserStateErrorCode.TitleNotFound)) throw err;
      }
    }
    return changed;
  }

  async removeHistoryEntry(userId: string, input: z.input<typeof removeHistorySchema>): Promise<UserTitleDoc> {
    const cmd = parseInput(removeHistorySchema, input);
    return this.change(userId, cmd.titleId, (row) => {
      if (!row.history.some((h) => h.id === cmd.entryId)) throw new UserStateError(UserStateErrorCode.InvalidInput, `history entry ${cmd.entryId} was not found`, 'entryId');
      row.history = row.history.filter((h) => h.id !== cmd.entryId);
      return true;
    });
  }
}

function historyEntry(seasonNumber: number | null, episodeNumber: number | null, watchedAt: Date, source: HistorySource): HistoryEntry {
  return { id: randomUUID(), seasonNumber, episodeNumber, watchedAt: watchedAt.toISOString(), source };
}

/**
 * Title merge hook (catalog.commands mergeTitles): every user's state about the source title moves
 * to the target, merged part by part with any state the user already had about the target; list
 * entries follow too. Runs inside the merge transaction; returns the events to append.
 */
export async function userStateFollowsMerge(em: EntityManager, sourceId: string, targetId: string): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  const moving = await em.find(UserTitle, { title: sourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  for (const from of moving) {
    const userId = from.user.id;
    const gone: DomainEvent = { aggregateType: 'usertitle', aggregateId: `${userId}:${sourceId}`, aggregateVersion: from.version + 1, type: 'UserTitleRemoved', payload: { userId, titleId: sourceId } };
    const into = await em.findOne(UserTitle, { user: userId, title: targetId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (into) {
      Object.assign(into, mergeStates(into, from));
      into.version = Math.max(into.version, from.version) + 1;
      into.updatedAt = new Date();
      em.remove(from);
      await em.flush();
      events.push(gone, userTitleEvent(into));
    } else {
      await em.execute('update user_title set title_id = ?, version = version + 1, updated_at = now() where id = ?', [targetId, from.id]);
      const moved = await em.findOneOrFail(UserTitle, { id: from.id }, { refresh: true });
      events.push(gone, userTitleEvent(moved));
    }
  }
  const listIds = await em.execute<Array<{ id: string }>>('select id from user_list where entries @> ?::jsonb for update', [JSON.stringify([{ titleId: sourceId }])]);
  const lists = listIds.length ? await em.find(UserList, { id: { $in: listIds.map((l) => l.id) } }, { populate: ['owner'] }) : [];
  for (const list of lists) {
    const kept = list.entries.find((e) => e.titleId === targetId);
    list.entries = list.entries.flatMap((e) => {
      if (e.titleId !== sourceId) return [e];
      if (!kept) return [{ ...e, titleId: targetId }];
      if (!kept.note && e.note) kept.note = e.note;
      return [];
    });
    list.version += 1;
    list.updatedAt = new Date();
    await em.flush();
    events.push(listEvent(list));
  }
  em.clear();
  return events;
}
