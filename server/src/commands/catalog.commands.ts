import { hash } from 'node:crypto';
import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { EPISODE_FIELDS, KNOWN_ID_PROVIDERS, RELEASE_SEASONS, TITLE_FORMATS, SEASON_FIELDS, TITLE_FIELDS, TITLE_KINDS, TITLE_STATUSES, TITLE_VALUE_FIELDS, type TitleEvent, type TitleField, type TitleKind, type TitleValueField } from '@marquee/read-models';
import { z } from 'zod';
import { CatalogError, CatalogErrorCode } from '../domain/catalog/catalog.errors.js';
import { ExternalId } from '../domain/catalog/external-id.entity.js';
import { Episode, Season } from '../domain/catalog/season.entity.js';
import { SourceRecord } from '../domain/catalog/source-record.entity.js';
import { artworkInputSchema, creditsInputSchema, externalIdsSchema, seasonsInputSchema } from './season.schemas.js';
import { Credit, Person } from '../domain/catalog/person.entity.js';
import { Artwork } from '../domain/catalog/artwork.entity.js';
import { autoSelect, selectByUser } from '../domain/catalog/artwork-selection.js';
import { applyFieldChanges, applyTitleChanges, initialProvenance, setLocks, type ChangeSource, type TitleChanges } from '../domain/catalog/title-changes.js';
import { Title } from '../domain/catalog/title.entity.js';
import { appendToOutbox } from '../domain/outbox/outbox.js';
import { appendEvents, MediaFileStore } from '../domain/library/media-file.repository.js';
import { insertNewTitles, NewTitle } from '../domain/catalog/new-titles.js';
import { executeBound } from '../infra/sql.js';
import { parse, UUID, writeTransaction } from './command-support.js';
import { userStateFollowsMerge } from './user-state.commands.js';

const text = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

/** A list of short names, deduplicated ignoring case; null clears it. */
const nameList = (max: number) =>
  z
    .array(text(100), { error: 'must be a list of names' })
    .max(max, `must have at most ${max} names`)
    .nullable()
    .transform((names) => {
      const seen = new Set<string>();
      return (names ?? []).filter((n) => !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
    });

/** Validation of every editable field; used by create, update and import alike. */
export const fieldSchemas = {
  kind: z.enum(TITLE_KINDS, { error: `must be one of ${TITLE_KINDS.join(', ')}` }),
  name: text(500),
  originalTitle: text(500).nullable(),
  synonyms: z
    .array(text(500), { error: 'must be a list of names' })
    .max(200, 'must have at most 200 names')
    .nullable()
    .transform((names) => [...new Set(names ?? [])]),
  year: z.number().int('must be a whole year').min(1870, 'must be 1870 or later').max(2100, 'must be 2100 or earlier').nullable(),
  overview: z.string().trim().max(20_000, 'must be at most 20000 characters').nullable().transform((v) => (v ? v : null)),
  runtime: z.number().int('must be whole minutes').min(1, 'must be at least 1 minute').max(10_000, 'must be at most 10000 minutes').nullable(),
  status: z.enum(TITLE_STATUSES, { error: `must be one of ${TITLE_STATUSES.join(', ')}` }).nullable(),
  rating: z.number().min(0, 'must be between 0 and 10').max(10, 'must be between 0 and 10').nullable(),
  votes: z.number().int('must be a whole number').min(0, 'must not be negative').nullable(),
  popularity: z.number().min(0, 'must not be negative').finite('must be a number').nullable(),
  genres: nameList(50),
  studios: nameList(50),
  tags: nameList(200),
  format: z.enum(TITLE_FORMATS, { error: `must be one of ${TITLE_FORMATS.join(', ')}` }).nullable(),
  releaseSeason: z.enum(RELEASE_SEASONS, { error: `must be one of ${RELEASE_SEASONS.join(', ')}` }).nullable(),
  episodeCount: z.number().int('must be a whole number').min(0, 'must not be negative').max(100_000, 'must be at most 100000').nullable(),
} satisfies Record<TitleValueField, z.ZodType>;

const changesSchema = z.object(fieldSchemas).partial();
const createSchema = changesSchema.extend({ kind: fieldSchemas.kind, name: fieldSchemas.name });
const importItemSchema = createSchema.extend({
  provider: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be a lower-case provider name'),
  externalId: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  externalIds: externalIdsSchema.optional(),
  artwork: artworkInputSchema.optional(),
  /** Related entries of the source (sequels, side stories), kept with its provenance. */
  related: externalIdsSchema.optional(),
});
const fieldListSchema = z.array(z.enum(TITLE_FIELDS)).min(1, 'must name at least one field');

export type CreateTitleCommand = z.input<typeof createSchema>;
export type UpdateTitleCommand = { id: string; expectedVersion: number; changes: z.input<typeof changesSchema>; lock?: boolean };
export type ImportOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'FAILED';

export interface EnsureTitleCommand {
  /** The kind a new title gets. */
  kind: TitleKind;
  /** Kinds an existing title may have to be this one (an id of another kind is another title). */
  compatibleKinds: readonly TitleKind[];
  name: string;
  year: number | null;
  /** In matching order. */
  externalIds: ReadonlyArray<{ provider: string; value: string }>;
  /** Who says so (`radarr`): the provenance of a new title's fields and the provider of its source record. */
  origin: string;
  payload: Record<string, unknown>;
}
export type EnsureTitleOutcome = 'CREATED' | 'LINKED' | 'UNCHANGED' | 'RECYCLED';

export interface ImportItemResult {
  index: number;
  outcome: ImportOutcome;
  titleId: string | null;
  /** Fields the import wanted to change but the user had locked. */
  protectedFields: TitleField[];
  error: { code: string; field?: string; message: string } | null;
}


export function titleEvent(type: 'TitleCreated' | 'TitleUpdated' | 'TitleDeleted' | 'TitleRestored', title: Title): TitleEvent {
  return { aggregateType: 'title', aggregateId: title.id, aggregateVersion: title.version, type, payload: title.toState() };
}

function contentHash(value: unknown): string {
  return hashOf(JSON.stringify(value));
}

/** SHA-256 in hex; the one-shot form costs a fraction of a Hash object for a short input. */
function hashOf(json: string): string {
  return hash('sha256', json, 'hex');
}

/** What a title's state (and its events) is built from. */
export const TITLE_GRAPH = ['externalIds', 'artwork', 'credits', 'credits.person', 'seasons', 'seasons.episodes'] as const;

/** Collections do not dirty the row; touching it makes the version (and updatedAt) move. */
export function touch(title: Title): void {
  title.updatedAt = new Date();
}

export function seasonEvent(title: Title, season: Season): TitleEvent {
  return { aggregateType: 'title', aggregateId: title.id, aggregateVersion: title.version, type: 'SeasonChanged', payload: season.toState() };
}


/** Write side of the catalog: every change goes through here, with its outbox events. */
export class CatalogCommands {
  constructor(private readonly orm: MikroORM) {}

  /** One transaction with optimistic-lock failures reported as CONFLICT. */
  private write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return writeTransaction(this.orm, 'The title', work);
  }

  private async load(em: EntityManager, id: string, opts: { includeDeleted?: boolean } = {}): Promise<Title> {
    const title = UUID.test(id) ? await em.findOne(Title, { id }, { populate: TITLE_GRAPH }) : null;
    if (!title || (title.deletedAt && !opts.includeDeleted)) {
      throw new CatalogError(CatalogErrorCode.TitleNotFound, `Title ${id} was not found`, 'id');
    }
    return title;
  }

  /** A person adds a title; provenance says so, nothing is locked yet so providers can enrich it. */
  async createTitle(input: CreateTitleCommand | Record<string, unknown>): Promise<Title> {
    const data = parse(createSchema, input);
    return this.write(async (em) => {
      const title = em.create(Title, { ...data, provenance: initialProvenance(data as TitleChanges, { source: 'user' }) });
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleCreated', title)]);
      return title;
    });
  }

  /**
   * An outside manager (Radarr, Sonarr) tracks a title: afterwards the catalog has it. The live
   * title of a compatible kind holding one of the ids (earliest id first) is it: it gains the ids
   * of providers it has none of, and nothing else (its fields, and a person's own ids, stay). With
   * none live, a recycled one holding an id is handed back (`RECYCLED`) for the recycle bin to
   * restore. Otherwise a title is created with the ids, its fields recorded as coming from
   * `origin` and left unlocked so enrichment completes them, and the manager's record kept as its
   * source. Ids another title already holds are never taken from it.
   */
  async ensureTitle(cmd: EnsureTitleCommand): Promise<{ title: Title; outcome: EnsureTitleOutcome }> {
    const ids = parse(externalIdsSchema, cmd.externalIds);
    const fields = parse(createSchema, { kind: cmd.kind, name: cmd.name, year: cmd.year });
    if (ids.length === 0) throw new CatalogError(CatalogErrorCode.InvalidInput, 'at least one external id is needed to find the title by', 'externalIds');
    return this.write(async (em) => {
      const held = await em.find(ExternalId, { $or: ids.map((x) => ({ provider: x.provider, value: x.value })) }, { populate: ['title'] });
      const holder = (x: { provider: string; value: string }) => held.find((h) => h.provider === x.provider && h.value === x.value)?.title;
      const matches = ids.map(holder).filter((t): t is Title => t !== undefined && cmd.compatibleKinds.includes(t.kind));
      const live = matches.find((t) => !t.deletedAt);
      if (live) {
        const title = await this.load(em, live.id);
        const have = new Set(title.externalIds.getItems().map((x) => x.provider));
        const missing = ids.filter((x) => !have.has(x.provider) && !holder(x));
        for (const x of missing) title.externalIds.add(em.create(ExternalId, { title, ...x }));
        if (missing.length === 0) return { title, outcome: 'UNCHANGED' as const };
        touch(title);
        await em.flush();
        await appendToOutbox(em, [titleEvent('TitleUpdated', title)]);
        return { title, outcome: 'LINKED' as const };
      }
      const recycled = matches.find((t) => t.deletedAt);
      if (recycled) return { title: recycled, outcome: 'RECYCLED' as const };
      const by: ChangeSource = { source: 'provider', origin: cmd.origin };
      const title = em.create(Title, { ...fields, provenance: initialProvenance(fields as TitleChanges, by) });
      for (const x of ids) if (!holder(x)) title.externalIds.add(em.create(ExternalId, { title, ...x }));
      const sourceId = `${ids[0]!.provider}:${ids[0]!.value}`;
      if (!(await em.findOne(SourceRecord, { provider: cmd.origin, externalId: sourceId }))) {
        em.create(SourceRecord, { provider: cmd.origin, externalId: sourceId, title, contentHash: contentHash(cmd.payload), payload: cmd.payload });
      }
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleCreated', title)]);
      return { title, outcome: 'CREATED' as const };
    });
  }

  /**
   * A person edits a title. `expectedVersion` must be the version they read (stale: CONFLICT).
   * The changed fields are locked unless `lock` is false.
   */
  async updateTitle(cmd: UpdateTitleCommand): Promise<Title> {
    const changes = parse(changesSchema, cmd.changes);
    return this.write(async (em) => {
      const title = await this.load(em, cmd.id);
      if (title.version !== cmd.expectedVersion) {
        throw new CatalogError(CatalogErrorCode.VersionConflict, `Title ${cmd.id} is at version ${title.version}, not ${cmd.expectedVersion}; reload and try again`, 'expectedVersion');
      }
      const outcome = applyTitleChanges(title, changes as TitleChanges, { source: 'user' }, { lock: cmd.lock ?? true });
      if (outcome.changed.length === 0) return title;
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleUpdated', title)]);
      return title;
    });
  }

  async setFieldLocks(id: string, fields: readonly string[], locked: boolean): Promise<Title> {
    const list = parse(fieldListSchema, fields);
    return this.write(async (em) => {
      const title = await this.load(em, id);
      if (!setLocks(title, list, locked)) return title;
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleUpdated', title)]);
      return title;
    });
  }

  /** Moves a title to the recycle bin; it stays restorable until purged. */
  async deleteTitle(id: string): Promise<Title> {
    return this.write(async (em) => {
      const title = await this.load(em, id, { includeDeleted: true });
      if (title.deletedAt) return title;
      title.deletedAt = new Date();
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleDeleted', title)]);
      return title;
    });
  }

  async restoreTitle(id: string): Promise<Title> {
    return this.write(async (em) => {
      const title = await this.load(em, id, { includeDeleted: true });
      if (!title.deletedAt) return title;
      title.deletedAt = null;
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleRestored', title)]);
      return title;
    });
  }

  /** Deletes a recycled title for good, with its source records. */
  async purgeTitle(id: string): Promise<{ id: string }> {
    return this.write(async (em) => {
      const title = await this.load(em, id, { includeDeleted: true });
      if (!title.deletedAt) {
        throw new CatalogError(CatalogErrorCode.VersionConflict, `Title ${id} is not in the recycle bin; delete it first`, 'id');
      }
      const version = title.version + 1;
      // Its files stay, unmatched, and are offered for a new match.
      await new MediaFileStore(em).detachTitle(title.id);
      await em.nativeDelete(SourceRecord, { title: title.id });
      em.remove(title);
      await em.flush();
      await appendToOutbox(em, [{ aggregateType: 'title', aggregateId: id, aggregateVersion: version, type: 'TitlePurged', payload: { id } }]);
      return { id };
    });
  }

  /**
   * Adds artwork candidates (or updates those already known by kind, season and URL), then picks
   * the artwork in use per kind: a user's choice stays, otherwise the best score.
   */
  async addArtwork(titleId: string, items: unknown): Promise<Title> {
    const input = parse(artworkInputSchema, items);
    return this.write(async (em) => {
      const title = await this.load(em, titleId);
      let changed = upsertArtwork(em, title, input);
      changed = autoSelect(title.artwork.getItems()) || changed;
      if (!changed) return title;
      touch(title);
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleUpdated', title)]);
      return title;
    });
  }

  /** A user's choice of artwork for its kind; automation never replaces it. */
  async selectArtwork(titleId: string, artworkId: string): Promise<Title> {
    return this.write(async (em) => {
      const title = await this.load(em, titleId);
      const chosen = title.artwork.getItems().find((a) => a.id === artworkId);
      if (!chosen) throw new CatalogError(CatalogErrorCode.TitleNotFound, `Title ${titleId} has no artwork ${artworkId}`, 'artworkId');
      if (chosen.selected && chosen.selectedBy === 'user') return title;
      selectByUser(title.artwork.getItems(), chosen);
      touch(title);
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleUpdated', title)]);
      return title;
    });
  }

  /** Removes a candidate; if it was in use, the best remaining one takes its place. */
  async removeArtwork(titleId: string, artworkId: string): Promise<Title> {
    return this.write(async (em) => {
      const title = await this.load(em, titleId);
      const target = title.artwork.getItems().find((a) => a.id === artworkId);
      if (!target) throw new CatalogError(CatalogErrorCode.TitleNotFound, `Title ${titleId} has no artwork ${artworkId}`, 'artworkId');
      title.artwork.remove(target);
      autoSelect(title.artwork.getItems());
      touch(title);
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleUpdated', title)]);
      return title;
    });
  }

  /** Replaces a title's cast and crew; every person must exist. */
  async setCredits(titleId: string, credits: unknown): Promise<Title> {
    const input = parse(creditsInputSchema, credits);
    return this.write(async (em) => {
      const title = await this.load(em, titleId);
      const ids = [...new Set(input.map((c) => c.personId))];
      const people = ids.length ? await em.find(Person, { id: { $in: ids.filter((i) => UUID.test(i)) } }) : [];
      const byId = new Map(people.map((p) => [p.id, p]));
      for (const [i, c] of input.entries()) {
        if (!byId.has(c.personId)) throw new CatalogError(CatalogErrorCode.TitleNotFound, `Person ${c.personId} was not found`, `${i}.personId`);
      }
      const key = (c: { personId: string; role: string; character: string | null; order: number }) => JSON.stringify([c.personId, c.role, c.character, c.order]);
      const before = title.credits.getItems().map((c) => key(c.toState())).sort();
      const after = input.map((c) => key({ ...c, character: c.character ?? null, order: c.order ?? 0 })).sort();
      if (before.length === after.length && before.every((k, i) => k === after[i])) return title;
      title.credits.removeAll();
      for (const [i, c] of input.entries()) {
        title.credits.add(em.create(Credit, { title, person: byId.get(c.personId)!, role: c.role, character: c.character ?? null, order: c.order ?? i }));
      }
      // A user's cast and crew: enrichment leaves them alone until the user unlocks `credits`.
      title.provenance = { ...title.provenance, credits: { source: 'user', origin: null, at: new Date().toISOString() } };
      setLocks(title, ['credits'], true);
      touch(title);
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleUpdated', title)]);
      return title;
    });
  }

  /** Replaces a title's external ids; an id another title already has is a CONFLICT. */
  async setExternalIds(id: string, ids: unknown): Promise<Title> {
    const wanted = parse(externalIdsSchema, ids);
    return this.write(async (em) => {
      const title = await this.load(em, id);
      for (const [i, x] of wanted.entries()) {
        const owner = await em.findOne(ExternalId, { provider: x.provider, value: x.value }, { populate: ['title'] });
        if (owner && owner.title.id !== title.id) {
          throw new CatalogError(CatalogErrorCode.VersionConflict, `${x.provider} id ${x.value} already belongs to title ${owner.title.id}; merge the titles instead`, `externalIds.${i}`);
        }
      }
      const key = (x: { provider: string; value: string }) => `${x.provider}:${x.value}`;
      const keep = new Set(wanted.map(key));
      const have = new Set(title.externalIds.getItems().map(key));
      for (const x of title.externalIds.getItems()) if (!keep.has(key(x))) title.externalIds.remove(x);
      for (const x of wanted) if (!have.has(key(x))) title.externalIds.add(em.create(ExternalId, { title, ...x }));
      if (keep.size === have.size && [...keep].every((k) => have.has(k))) return title;
      touch(title);
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleUpdated', title)]);
      return title;
    });
  }

  /**
   * Creates or updates seasons and their episodes by number, with the same rules as title fields:
   * changed fields are recorded, a user's changes lock (unless lock is false), automated sources
   * never change a locked field. Seasons and episodes not mentioned are left as they are.
   */
  async upsertSeasons(titleId: string, seasons: unknown, by: ChangeSource = { source: 'user' }, opts: { lock?: boolean } = {}): Promise<Title> {
    const input = parse(seasonsInputSchema, seasons);
    return this.write(async (em) => {
      const title = await this.load(em, titleId);
      const changed = mergeSeasons(em, title, input, by, opts);
      if (changed.size === 0) return title;
      touch(title);
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleUpdated', title), ...[...changed].map((season) => seasonEvent(title, season))]);
      return title;
    });
  }

  async removeSeason(titleId: string, number: number): Promise<Title> {
    return this.write(async (em) => {
      const title = await this.load(em, titleId);
      const season = title.seasons.getItems().find((x) => x.number === number);
      if (!season) throw new CatalogError(CatalogErrorCode.TitleNotFound, `Title ${titleId} has no season ${number}`, 'number');
      const seasonId = season.id;
      title.seasons.remove(season);
      touch(title);
      await em.flush();
      await appendToOutbox(em, [
        titleEvent('TitleUpdated', title),
        { aggregateType: 'title', aggregateId: title.id, aggregateVersion: title.version, type: 'SeasonRemoved', payload: { id: seasonId, titleId: title.id } },
      ]);
      return title;
    });
  }

  /**
   * Merges `sourceId` into `targetId`: external ids, source records, credits, artwork and seasons
   * (episodes of a season both have are merged by number) move to the target, the target's own
   * winning where both have one (its credits keep their billing first); empty target fields take the
   * source's values with their provenance; name lists are united and the source's name becomes a
   * synonym. The source title is then gone; its id answers NOT_FOUND.
   */
  async mergeTitles(targetId: string, sourceId: string): Promise<Title> {
    if (targetId === sourceId) throw new CatalogError(CatalogErrorCode.InvalidInput, 'a title cannot be merged into itself', 'sourceId');
    return this.write(async (em) => {
      const before = await this.load(em, sourceId);
      await this.load(em, targetId);
      const sourceVersion = before.version;
      const sourceSeasonIds = new Map(before.seasons.getItems().map((x) => [x.number, x.id]));
      em.clear();
      // Rows move in SQL first, in this transaction, so unique keys never see two owners.
      // Season documents move from the source to the target, so the target's version must pass
      // the source's: the read side never accepts an older version for a document.
      await em.execute('update title set version = greatest(version, ?) where id = ?', [sourceVersion + 1, targetId]);
      await em.execute('update external_id set title_id = ? where title_id = ?', [targetId, sourceId]);
      await em.execute('update source_record set title_id = ? where title_id = ?', [targetId, sourceId]);
      // Files (and through them the user's data about them) follow the title they belong to.
      await new MediaFileStore(em).reassignTitle(sourceId, targetId);
      // Users' library state, progress, history, ratings and list entries follow the title too.
      const userStateEvents = await userStateFollowsMerge(em, sourceId, targetId);
      await em.execute(
        `update credit set title_id = ?, "order" = "order" + 10000
          where title_id = ? and (person_id, role) not in (select person_id, role from credit where title_id = ?)`,
        [targetId, sourceId, targetId],
      );
      await em.execute('update artwork set title_id = ?, selected = false, selected_by = null where title_id = ? and (kind, coalesce(season_number, -1), url) not in (select kind, coalesce(season_number, -1), url from artwork where title_id = ?)', [targetId, sourceId, targetId]);
      await em.execute(
        `update season set title_id = ? where title_id = ? and number not in (select number from season where title_id = ?)`,
        [targetId, sourceId, targetId],
      );
      await em.execute(
        `update episode e set season_id = t.id
           from season s, season t
          where e.season_id = s.id and s.title_id = ? and t.title_id = ? and t.number = s.number
            and e.number not in (select number from episode where season_id = t.id)`,
        [sourceId, targetId],
      );
      const source = await this.load(em, sourceId);
      const target = await this.load(em, targetId);
      const events: TitleEvent[] = [];
      // Seasons the target already had absorbed the source's episodes; the source's copies go.
      const removedSeasons = source.seasons.getItems().map((x) => x.id);
      const changedSeasons = target.seasons.getItems().filter((x) => sourceSeasonIds.has(x.number));

      const sourceState = source.toState();
      for (const field of TITLE_VALUE_FIELDS) {
        const value = target[field];
        const empty = value === null || (Array.isArray(value) && value.length === 0);
        if (empty && sourceState[field] !== null && !(Array.isArray(sourceState[field]) && (sourceState[field] as unknown[]).length === 0)) {
          (target as unknown as Record<string, unknown>)[field] = sourceState[field];
          if (sourceState.provenance[field]) target.provenance = { ...target.provenance, [field]: sourceState.provenance[field] };
        }
      }
      const union = (a: string[], b: string[]) => [...new Map([...a, ...b].map((n) => [n.toLowerCase(), n])).values()];
      target.genres = union(target.genres, source.genres);
      target.studios = union(target.studios, source.studios);
      target.tags = union(target.tags, source.tags);
      target.synonyms = union(target.synonyms, [...source.synonyms, ...(source.name !== target.name ? [source.name] : [])]).filter((n) => n !== target.name);

      autoSelect(target.artwork.getItems());
      em.remove(source);
      touch(target);
      await em.flush();
      events.push(titleEvent('TitleUpdated', target));
      for (const id of removedSeasons) events.push({ aggregateType: 'title', aggregateId: target.id, aggregateVersion: target.version, type: 'SeasonRemoved', payload: { id, titleId: sourceId } });
      for (const season of changedSeasons) events.push(seasonEvent(target, season));
      events.push({ aggregateType: 'title', aggregateId: sourceId, aggregateVersion: sourceVersion + 1, type: 'TitlePurged', payload: { id: sourceId } });
      await appendToOutbox(em, [...events, ...userStateEvents]);
      return target;
    });
  }

  /**
   * Batch import from an outside catalog (the parser). Every item is validated on its own (a bad
   * one is reported and skipped); items are deduplicated on (provider, external id); an item whose
   * source record has the same content hash writes nothing; a new source whose ids (mal, anidb…)
   * name a title already in the catalog merges into it; fields the user locked are left alone and
   * reported. The batch is one transaction; if it fails as a whole (two titles racing for one
   * external id), each item is retried in its own so the bad one alone fails. `dryRun` works the
   * same and rolls back, so the outcomes say what an import would change.
   */
  async importTitles(items: readonly unknown[], opts: { dryRun?: boolean } = {}): Promise<ImportItemResult[]> {
    const results: ImportItemResult[] = new Array(items.length);
    const valid: PlannedImport[] = [];
    const seen = new Map<string, number>();
    for (const [index, raw] of items.entries()) {
      try {
        const item = parse(importItemSchema, raw);
        const key = `${item.provider}\u0000${item.externalId}`;
        const first = seen.get(key);
        if (first !== undefined) throw new CatalogError(CatalogErrorCode.InvalidInput, `externalId repeats item ${first} of this batch`, 'externalId');
        seen.set(key, index);
        // The payload's JSON is hashed here and stored as it is by a new title's source record.
        const json = JSON.stringify(payloadOf(item));
        valid.push({ index, item, hash: hashOf(json), json });
      } catch (err) {
        if (!(err instanceof CatalogError)) throw err;
        results[index] = failedImport(index, err);
      }
    }
    try {
      for (const r of await this.importBatch(valid, opts)) results[r.index] = r;
    } catch (err) {
      // A user's edit racing the batch, or two items claiming one id: find the item at fault.
      if (!(err instanceof DriverException || err instanceof CatalogError)) throw err;
      for (const v of valid) {
        results[v.index] =
          valid.length === 1
            ? failedImport(v.index, err instanceof CatalogError ? err : new CatalogError(CatalogErrorCode.VersionConflict, `could not be saved: ${conflictReason(err)}`))
            : { ...(await this.importTitles([items[v.index]], opts))[0]!, index: v.index };
      }
    }
    return results;
  }

  private async importBatch(planned: readonly PlannedImport[], opts: { dryRun?: boolean }): Promise<ImportItemResult[]> {
    if (planned.length === 0) return [];
    const outcome = await this.write(async (em) => {
      const results: ImportItemResult[] = [];
      const known = await executeBound<{ provider: string; external_id: string; content_hash: string; title_id: string; deleted: boolean }>(
        em,
        // Driven by the keys (each an index probe, then its title's): written as `in (…)`, the
        // planner hashed the whole title table on every batch once it held a few thousand titles.
        `select s.provider, s.external_id, s.content_hash, s.title_id, t.deleted_at is not null as deleted
           from jsonb_to_recordset($1::jsonb) as k(p text, v text)
           join source_record s on s.provider = k.p and s.external_id = k.v
           join title t on t.id = s.title_id`,
        [JSON.stringify(planned.map((p) => ({ p: p.item.provider, v: p.item.externalId })))],
      );
      const sources = new Map(known.map((k) => [`${k.provider}\u0000${k.external_id}`, k]));
      const work: Array<PlannedImport & { titleId: string | null }> = [];
      for (const p of planned) {
        const source = sources.get(`${p.item.provider}\u0000${p.item.externalId}`);
        if (source && (source.content_hash === p.hash || source.deleted)) results.push({ index: p.index, outcome: 'UNCHANGED', titleId: source.title_id, protectedFields: [], error: null });
        else work.push({ ...p, titleId: source?.title_id ?? null });
      }
      if (work.length === 0) return { results, events: [] as TitleEvent[] };

      // New sources whose ids the catalog already knows merge into that title.
      const idsOf = (p: PlannedImport) => importedIds(p.item);
      const fresh = work.filter((w) => !w.titleId);
      const owners = new Map<string, string>();
      if (fresh.length) {
        const pairs = new Map(fresh.flatMap(idsOf).map((x) => [`${x.provider}:${x.value}`, { p: x.provider, v: x.value }]));
        const rows = await executeBound<{ provider: string; value: string; title_id: string; deleted: boolean }>(
          em,
          `select e.provider, e.value, e.title_id, t.deleted_at is not null as deleted
             from jsonb_to_recordset($1::jsonb) as k(p text, v text)
             join external_id e on e.provider = k.p and e.value = k.v
             join title t on t.id = e.title_id`,
          [JSON.stringify([...pairs.values()])],
        );
        const live = new Set(rows.filter((r) => !r.deleted).map((r) => r.title_id));
        for (const r of rows) owners.set(`${r.provider}:${r.value}`, r.title_id);
        for (const w of fresh) w.titleId = idsOf(w).map((x) => owners.get(`${x.provider}:${x.value}`)).find((id) => id && live.has(id)) ?? null;
      }
      const titleIds = [...new Set(work.map((w) => w.titleId).filter((id): id is string => Boolean(id)))];
      const titles = new Map<string, Title>((titleIds.length ? await em.find(Title, { id: { $in: titleIds } }, { populate: TITLE_GRAPH }) : []).map((t) => [t.id, t]));
      const stale = work.filter((w) => sources.has(`${w.item.provider}\u0000${w.item.externalId}`)).map((w) => ({ provider: w.item.provider, externalId: w.item.externalId }));
      const sourceRows = new Map((stale.length ? await em.find(SourceRecord, { $or: stale }) : []).map((s) => [`${s.provider}\u0000${s.externalId}`, s]));
      const changed = new Map<string, Title>();
      // Titles new to the catalog skip the unit of work: built in memory, written in one statement.
      const created: NewTitle[] = [];
      const now = new Date();
      for (const w of work) {
        const { provider, externalId, externalIds: _ids, artwork, related: _related, ...fields } = w.item;
        const by: ChangeSource = { source: 'parser', origin: provider };
        const payload = payloadOf(w.item);
        const title = w.titleId ? titles.get(w.titleId) : undefined;
        if (!title) {
          const fresh = new NewTitle(fields, initialProvenance(fields as TitleChanges, by, now), now);
          for (const x of idsOf(w)) {
            const owner = owners.get(`${x.provider}:${x.value}`);
            if ((owner && owner !== fresh.id) || fresh.hasId(x)) continue;
            fresh.addId(x);
            owners.set(`${x.provider}:${x.value}`, fresh.id);
          }
          if (artwork?.length) fresh.addArtwork(artwork, provider);
          fresh.sources.push({ provider, externalId, contentHash: w.hash, payload, payloadJson: w.json });
          created.push(fresh);
          results.push({ index: w.index, outcome: 'CREATED', titleId: fresh.id, protectedFields: [], error: null });
          continue;
        }
        const applied = applyTitleChanges(title, fields as TitleChanges, by);
        const protectedFields: TitleField[] = applied.protectedByLock;
        let outcome: ImportOutcome = applied.changed.length ? 'UPDATED' : 'UNCHANGED';
        for (const x of idsOf(w)) {
          const owner = owners.get(`${x.provider}:${x.value}`);
          if ((owner && owner !== title.id) || title.externalIds.getItems().some((e) => e.provider === x.provider && e.value === x.value)) continue;
          title.externalIds.add(em.create(ExternalId, { title, ...x }));
          owners.set(`${x.provider}:${x.value}`, title.id);
          if (outcome === 'UNCHANGED') outcome = 'UPDATED';
        }
        if (artwork?.length && mergeArtwork(em, title, artwork, provider) && outcome === 'UNCHANGED') outcome = 'UPDATED';
        const source = sourceRows.get(`${provider}\u0000${externalId}`);
        if (source) Object.assign(source, { title, contentHash: w.hash, payload, fetchedAt: new Date() });
        else em.create(SourceRecord, { provider, externalId, title, contentHash: w.hash, payload });
        if (outcome !== 'UNCHANGED') {
          touch(title);
          changed.set(title.id, title);
        }
        results.push({ index: w.index, outcome, titleId: title.id, protectedFields, error: null });
      }
      await em.flush();
      await insertNewTitles(em, created);
      const events = [...changed.values()].map((title) => titleEvent('TitleUpdated', title));
      if (opts.dryRun) throw new DryRunRollback(results);
      await appendEvents(em, events);
      return { results, events };
    }).catch((err: unknown) => {
      if (err instanceof DryRunRollback) return { results: err.results, events: [] };
      throw err;
    });
    return outcome.results;
  }
}

/**
 * Creates or updates seasons and episodes by number with the field rules (locks, provenance);
 * returns the seasons that changed. Used by user edits and provider enrichment alike.
 */
export function mergeSeasons(em: EntityManager, title: Title, input: z.infer<typeof seasonsInputSchema>, by: ChangeSource, opts: { lock?: boolean } = {}): Set<Season> {
  const changed = new Set<Season>();
  const now = new Date();
  for (const s of input) {
    let season = title.seasons.getItems().find((x) => x.number === s.number);
    if (!season) {
      season = em.create(Season, { title, number: s.number });
      title.seasons.add(season);
      changed.add(season);
    }
    const seasonChanges = { name: s.name, overview: s.overview, airDate: s.airDate };
    if (applyFieldChanges(season, seasonChanges, SEASON_FIELDS, by, { ...opts, now }).changed.length) changed.add(season);
    for (const e of s.episodes ?? []) {
      let episode = season.episodes.getItems().find((x) => x.number === e.number);
      if (!episode) {
        episode = em.create(Episode, { season, number: e.number });
        season.episodes.add(episode);
        changed.add(season);
      }
      const episodeChanges = { name: e.name, overview: e.overview, airDate: e.airDate, runtime: e.runtime, absoluteNumber: e.absoluteNumber };
      if (applyFieldChanges(episode, episodeChanges, EPISODE_FIELDS, by, { ...opts, now }).changed.length) changed.add(season);
    }
  }
  return changed;
}

/** Adds artwork candidates, or updates those already known by kind, season and URL; true when anything changed. */
export function upsertArtwork(em: EntityManager, title: Title, items: ReadonlyArray<z.infer<typeof artworkInputSchema>[number] & { votes?: number | null }>): boolean {
  let changed = false;
  for (const a of items) {
    const existing = title.artwork.getItems().find((x) => x.kind === a.kind && x.seasonNumber === (a.seasonNumber ?? null) && x.url === a.url);
    const values = { width: a.width ?? null, height: a.height ?? null, language: a.language ?? null, score: a.score ?? 0, provider: a.provider ?? null, ...(a.votes !== undefined ? { votes: a.votes } : {}) };
    if (!existing) {
      title.artwork.add(em.create(Artwork, { title, kind: a.kind, seasonNumber: a.seasonNumber ?? null, url: a.url, ...values }));
      changed = true;
    } else if (Object.entries(values).some(([k, v]) => (existing as unknown as Record<string, unknown>)[k] !== v)) {
      Object.assign(existing, values);
      changed = true;
    }
  }
  return changed;
}

interface PlannedImport {
  index: number;
  item: z.infer<typeof importItemSchema>;
  hash: string;
  /** What `hash` is the hash of: the payload (payloadOf) as JSON. */
  json: string;
}

/** Thrown inside a dry run's transaction so nothing it did is kept. */
class DryRunRollback extends Error {
  constructor(readonly results: ImportItemResult[]) {
    super('dry run');
  }
}

function failedImport(index: number, err: CatalogError): ImportItemResult {
  return { index, outcome: 'FAILED', titleId: null, protectedFields: [], error: { code: err.code, field: err.field, message: err.message } };
}

function conflictReason(err: DriverException): string {
  return err instanceof UniqueConstraintViolationException ? 'one of its ids belongs to another title being imported at the same time' : 'the database refused it';
}

/** The item's own id when the provider is one Marquee knows, plus the other ids it lists. */
function importedIds(item: z.infer<typeof importItemSchema>): Array<{ provider: string; value: string }> {
  const own = (KNOWN_ID_PROVIDERS as readonly string[]).includes(item.provider) ? [{ provider: item.provider, value: item.externalId }] : [];
  return [...new Map([...own, ...(item.externalIds ?? [])].map((x) => [`${x.provider}:${x.value}`, x])).values()];
}

/** What provenance keeps of an item: everything it said apart from its key. */
function payloadOf(item: z.infer<typeof importItemSchema>): Record<string, unknown> {
  const { provider: _p, externalId: _e, ...payload } = item;
  return payload;
}

/** Adds artwork candidates the title does not have yet and picks per kind; true when anything changed. */
function mergeArtwork(em: EntityManager, title: Title, artwork: z.infer<typeof artworkInputSchema>, provider: string): boolean {
  let changed = false;
  for (const a of artwork) {
    if (title.artwork.getItems().some((x) => x.kind === a.kind && x.seasonNumber === (a.seasonNumber ?? null) && x.url === a.url)) continue;
    title.artwork.add(em.create(Artwork, { title, kind: a.kind, seasonNumber: a.seasonNumber ?? null, url: a.url, width: a.width ?? null, height: a.height ?? null, language: a.language ?? null, score: a.score ?? 0, provider: a.provider ?? provider }));
    changed = true;
  }
  return autoSelect(title.artwork.getItems()) || changed;
}
