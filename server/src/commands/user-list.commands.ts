import { randomBytes, randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import { LIST_VISIBILITIES, revokedLinkKey, type DomainEvent, type KeySpace, type ListVisibility, type UserListDoc } from '@marquee/read-models';
import { z } from 'zod';
import { User } from '../auth/auth.entities.js';
import { appendToOutbox } from '../domain/outbox/outbox.js';
import { UserList } from '../domain/user/user-list.entity.js';
import { UserStateError, UserStateErrorCode } from '../domain/user/user-state.errors.js';
import { UUID } from './command-support.js';
import { parseInput } from './user-state.commands.js';

const MAX_ENTRIES = 5_000;
const MAX_SECTIONS = 200;

const id = z.string().regex(UUID, 'must be an id');
const name = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'));
const optionalText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .nullable()
    .optional()
    .transform((v) => (v === undefined ? undefined : v?.trim() || null));
const expectedVersion = z.number().int().min(1).nullish().transform((v) => v ?? undefined);

const createSchema = z.object({ name, description: optionalText(5_000), visibility: z.enum(LIST_VISIBILITIES).nullish().transform((v) => v ?? undefined) });
const updateSchema = z.object({ id, expectedVersion, name: name.nullish().transform((v) => v ?? undefined), description: optionalText(5_000), visibility: z.enum(LIST_VISIBILITIES).nullish().transform((v) => v ?? undefined) });
const addEntrySchema = z.object({ listId: id, expectedVersion, titleId: id, sectionId: z.string().nullable().optional(), note: optionalText(2_000), index: z.number().int().min(0).nullish().transform((v) => v ?? undefined) });
const updateEntrySchema = z.object({ listId: id, expectedVersion, entryId: z.string().min(1), note: optionalText(2_000) });
const removeEntrySchema = z.object({ listId: id, expectedVersion, entryId: z.string().min(1) });
const addSectionSchema = z.object({ listId: id, expectedVersion, name, index: z.number().int().min(0).nullish().transform((v) => v ?? undefined) });
const updateSectionSchema = z.object({ listId: id, expectedVersion, sectionId: z.string().min(1), name });
const removeSectionSchema = z.object({ listId: id, expectedVersion, sectionId: z.string().min(1) });
const arrangeSchema = z.object({
  listId: id,
  expectedVersion,
  sectionIds: z.array(z.string()),
  entries: z.array(z.object({ entryId: z.string(), sectionId: z.string().nullish().transform((v) => v ?? null) })),
});

export type CreateListCommand = z.input<typeof createSchema>;
export type ArrangeListCommand = z.input<typeof arrangeSchema>;

/** 16 random bytes, URL-safe: unguessable, so an unlisted list is found only through its link. */
const newSlug = () => randomBytes(16).toString('base64url');
const displayName = (u: User) => u.displayName || u.username;

export const listEvent = (list: UserList): DomainEvent => ({
  aggregateType: 'userlist',
  aggregateId: list.id,
  aggregateVersion: list.version,
  type: 'UserListChanged',
  payload: list.toState(displayName(list.owner as User)),
});

const invalid = (field: string, message: string) => new UserStateError(UserStateErrorCode.InvalidInput, message, field);

/**
 * Users' lists: ordered titles in optional sections with notes, private, unlisted (secret link)
 * or public. Only the owner can read (through the owner's queries) or change a list; anyone can
 * read an unlisted or public one at its slug and duplicate it into a list of their own.
 */
export class UserListCommands {
  constructor(
    private readonly orm: MikroORM,
    private readonly redis: Redis,
    private readonly ks: KeySpace,
  ) {}

  /** One change to one of the user's lists, under a row lock; a stale expectedVersion is CONFLICT. */
  private async change(userId: string, listId: string, expected: number | undefined, work: (list: UserList, em: EntityManager) => Promise<DomainEvent[] | void> | DomainEvent[] | void): Promise<UserListDoc> {
    const { state, revoked, restored } = await this.orm.em.fork().transactional(async (em) => {
      const list = await em.findOne(UserList, { id: listId, owner: userId }, { populate: ['owner'], lockMode: LockMode.PESSIMISTIC_WRITE });
      // Another user's list is reported exactly like a missing one.
      if (!list) throw new UserStateError(UserStateErrorCode.ListNotFound, `List ${listId} was not found`, 'listId');
      if (expected !== undefined && expected !== list.version) {
        throw new UserStateError(UserStateErrorCode.Conflict, `List ${listId} changed since you read it (version ${list.version}); reload and try again`, 'expectedVersion');
      }
      const before = { slug: list.slug, visibility: list.visibility };
      const extra = (await work(list, em)) ?? [];
      list.version += 1;
      list.updatedAt = new Date();
      await em.flush();
      await appendToOutbox(em, [...extra, listEvent(list)]);
      const hidden = before.visibility !== 'PRIVATE' && list.visibility === 'PRIVATE';
      return {
        state: { ...list.toState(displayName(list.owner as User)), version: list.version },
        revoked: before.slug !== list.slug || hidden ? before.slug : null,
        restored: before.visibility === 'PRIVATE' && list.visibility !== 'PRIVATE' ? list.slug : null,
      };
    });
    // After the commit: a revoked link stops answering at once, before the projector catches up.
    if (revoked) await this.redis.set(revokedLinkKey(this.ks, revoked), '1');
    if (restored) await this.redis.del(revokedLinkKey(this.ks, restored));
    return state;
  }

  async createList(userId: string, input: CreateListCommand, from?: { sections: UserList['sections']; entries: UserList['entries']; slug: string }): Promise<UserListDoc> {
    const cmd = parseInput(createSchema, input);
    return this.orm.em.fork().transactional(async (em) => {
      const owner = await em.findOneOrFail(User, { id: userId });
      const list = em.create(UserList, {
        owner,
        name: cmd.name,
        description: cmd.description ?? null,
        visibility: cmd.visibility ?? 'PRIVATE',
        slug: newSlug(),
        sections: from?.sections ?? [],
        entries: from?.entries ?? [],
        forkedFromSlug: from?.slug ?? null,
      });
      await em.flush();
      await appendToOutbox(em, [listEvent(list)]);
      return { ...list.toState(displayName(owner)), version: list.version };
    });
  }

  async updateList(userId: string, input: z.input<typeof updateSchema>): Promise<UserListDoc> {
    const cmd = parseInput(updateSchema, input);
    return this.change(userId, cmd.id, cmd.expectedVersion, (list) => {
      if (cmd.name !== undefined) list.name = cmd.name;
      if (cmd.description !== undefined) list.description = cmd.description;
      if (cmd.visibility !== undefined) list.visibility = cmd.visibility as ListVisibility;
    });
  }

  /** A new secret link; the old one answers NOT_FOUND from now on. */
  async revokeLink(userId: string, listId: string): Promise<UserListDoc> {
    parseInput(z.object({ listId: id }), { listId });
    return this.change(userId, listId, undefined, (list) => {
      const old = list.slug;
      list.slug = newSlug();
      return [{ aggregateType: 'userlist', aggregateId: list.id, aggregateVersion: list.version + 1, type: 'UserListLinkRevoked', payload: { id: list.id, slug: old } }];
    });
  }

  async deleteList(userId: string, listId: string): Promise<string> {
    parseInput(z.object({ listId: id }), { listId });
    const slug = await this.orm.em.fork().transactional(async (em) => {
      const list = await em.findOne(UserList, { id: listId, owner: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!list) throw new UserStateError(UserStateErrorCode.ListNotFound, `List ${listId} was not found`, 'listId');
      const { slug, version } = list;
      em.remove(list);
      await em.flush();
      await appendToOutbox(em, [{ aggregateType: 'userlist', aggregateId: listId, aggregateVersion: version + 1, type: 'UserListRemoved', payload: { id: listId, ownerId: userId, slug } }]);
      return slug;
    });
    await this.redis.set(revokedLinkKey(this.ks, slug), '1');
    return listId;
  }

  async addEntry(userId: string, input: z.input<typeof addEntrySchema>): Promise<UserListDoc> {
    const cmd = parseInput(addEntrySchema, input);
    return this.change(userId, cmd.listId, cmd.expectedVersion, async (list, em) => {
      const live = await em.execute<Array<{ id: string }>>('select id from title where id = ? and deleted_at is null', [cmd.titleId]);
      if (live.length === 0) throw new UserStateError(UserStateErrorCode.TitleNotFound, `Title ${cmd.titleId} was not found`, 'titleId');
      if (list.entries.some((e) => e.titleId === cmd.titleId)) throw invalid('titleId', 'the title is already in the list');
      if (list.entries.length >= MAX_ENTRIES) throw invalid('titleId', `a list holds at most ${MAX_ENTRIES} titles`);
      const sectionId = cmd.sectionId ?? null;
      if (sectionId !== null && !list.sections.some((s) => s.id === sectionId)) throw invalid('sectionId', `section ${sectionId} is not in the list`);
      const entry = { id: randomUUID(), titleId: cmd.titleId, sectionId, note: cmd.note ?? null };
      list.entries = ordered(list.sections, insertInSection(list.entries, entry, cmd.index));
    });
  }

  async updateEntry(userId: string, input: z.input<typeof updateEntrySchema>): Promise<UserListDoc> {
    const cmd = parseInput(updateEntrySchema, input);
    return this.change(userId, cmd.listId, cmd.expectedVersion, (list) => {
      const entry = list.entries.find((e) => e.id === cmd.entryId);
      if (!entry) throw invalid('entryId', `entry ${cmd.entryId} is not in the list`);
      list.entries = list.entries.map((e) => (e.id === cmd.entryId && cmd.note !== undefined ? { ...e, note: cmd.note } : e));
    });
  }

  async removeEntry(userId: string, input: z.input<typeof removeEntrySchema>): Promise<UserListDoc> {
    const cmd = parseInput(removeEntrySchema, input);
    return this.change(userId, cmd.listId, cmd.expectedVersion, (list) => {
      if (!list.entries.some((e) => e.id === cmd.entryId)) throw invalid('entryId', `entry ${cmd.entryId} is not in the list`);
      list.entries = list.entries.filter((e) => e.id !== cmd.entryId);
    });
  }

  async addSection(userId: string, input: z.input<typeof addSectionSchema>): Promise<UserListDoc> {
    const cmd = parseInput(addSectionSchema, input);
    return this.change(userId, cmd.listId, cmd.expectedVersion, (list) => {
      if (list.sections.length >= MAX_SECTIONS) throw invalid('name', `a list has at most ${MAX_SECTIONS} sections`);
      const sections = [...list.sections];
      sections.splice(cmd.index ?? sections.length, 0, { id: randomUUID(), name: cmd.name });
      list.sections = sections;
    });
  }

  async updateSection(userId: string, input: z.input<typeof updateSectionSchema>): Promise<UserListDoc> {
    const cmd = parseInput(updateSectionSchema, input);
    return this.change(userId, cmd.listId, cmd.expectedVersion, (list) => {
      if (!list.sections.some((s) => s.id === cmd.sectionId)) throw invalid('sectionId', `section ${cmd.sectionId} is not in the list`);
      list.sections = list.sections.map((s) => (s.id === cmd.sectionId ? { ...s, name: cmd.name } : s));
    });
  }

  /** Removes a section; its entries stay, moving to the section before it (or to no section). */
  async removeSection(userId: string, input: z.input<typeof removeSectionSchema>): Promise<UserListDoc> {
    const cmd = parseInput(removeSectionSchema, input);
    return this.change(userId, cmd.listId, cmd.expectedVersion, (list) => {
      const at = list.sections.findIndex((s) => s.id === cmd.sectionId);
      if (at < 0) throw invalid('sectionId', `section ${cmd.sectionId} is not in the list`);
      const into = at > 0 ? list.sections[at - 1]!.id : null;
      list.sections = list.sections.filter((s) => s.id !== cmd.sectionId);
      list.entries = ordered(list.sections, list.entries.map((e) => (e.sectionId === cmd.sectionId ? { ...e, sectionId: into } : e)));
    });
  }

  /**
   * The whole layout at once (what a drag and drop produces): the sections in order and every
   * entry, in order, with its section. It must name exactly the list's sections and entries.
   */
  async arrange(userId: string, input: ArrangeListCommand): Promise<UserListDoc> {
    const cmd = parseInput(arrangeSchema, input);
    return this.change(userId, cmd.listId, cmd.expectedVersion, (list) => {
      const sections = new Map(list.sections.map((s) => [s.id, s]));
      if (cmd.sectionIds.length !== sections.size || new Set(cmd.sectionIds).size !== sections.size || cmd.sectionIds.some((s) => !sections.has(s))) {
        throw invalid('sectionIds', 'must name every section of the list once');
      }
      const entries = new Map(list.entries.map((e) => [e.id, e]));
      if (cmd.entries.length !== entries.size || new Set(cmd.entries.map((e) => e.entryId)).size !== entries.size || cmd.entries.some((e) => !entries.has(e.entryId))) {
        throw invalid('entries', 'must name every entry of the list once');
      }
      const bad = cmd.entries.findIndex((e) => e.sectionId !== null && !sections.has(e.sectionId));
      if (bad >= 0) throw invalid(`entries.${bad}.sectionId`, `section ${cmd.entries[bad]!.sectionId} is not in the list`);
      list.sections = cmd.sectionIds.map((s) => sections.get(s)!);
      list.entries = ordered(list.sections, cmd.entries.map((e) => ({ ...entries.get(e.entryId)!, sectionId: e.sectionId })));
    });
  }

  /** Duplicates an unlisted or public list (anyone's, by its slug) into a new private list of the user's. */
  async fork(userId: string, slug: string, newName?: string | null): Promise<UserListDoc> {
    const source = await this.orm.em.fork().findOne(UserList, { slug, visibility: { $ne: 'PRIVATE' } });
    if (!source || (await this.redis.exists(revokedLinkKey(this.ks, slug)))) throw new UserStateError(UserStateErrorCode.ListNotFound, `List ${slug} was not found`, 'slug');
    const sectionIds = new Map(source.sections.map((s) => [s.id, randomUUID()]));
    return this.createList(userId, { name: newName ?? source.name, description: source.description }, {
      slug,
      sections: source.sections.map((s) => ({ id: sectionIds.get(s.id)!, name: s.name })),
      entries: source.entries.map((e) => ({ ...e, id: randomUUID(), sectionId: e.sectionId ? sectionIds.get(e.sectionId)! : null })),
    });
  }
}

/** Entries grouped in section order (entries without a section first), keeping their order within a section. */
function ordered<E extends { sectionId: string | null }>(sections: readonly { id: string }[], entries: readonly E[]): E[] {
  const rank = new Map<string | null, number>([[null, -1], ...sections.map((s, i) => [s.id, i] as const)]);
  return entries.map((e, i) => ({ e, i })).sort((a, b) => rank.get(a.e.sectionId)! - rank.get(b.e.sectionId)! || a.i - b.i).map((x) => x.e);
}

/** Inserts an entry at `index` within its section (at the end when absent). */
function insertInSection<E extends { sectionId: string | null }>(entries: readonly E[], entry: E, index?: number): E[] {
  const positions = entries.map((e, i) => (e.sectionId === entry.sectionId ? i : -1)).filter((i) => i >= 0);
  const out = [...entries];
  if (index === undefined || index >= positions.length) {
    const after = positions.length ? positions[positions.length - 1]! + 1 : out.length;
    out.splice(after, 0, entry);
  } else {
    out.splice(positions[index]!, 0, entry);
  }
  return out;
}
