import { createHash } from 'node:crypto';
import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { TITLE_FIELDS, TITLE_KINDS, TITLE_STATUSES, type TitleEvent, type TitleField } from '@marquee/read-models';
import { z } from 'zod';
import { CatalogError, CatalogErrorCode } from '../domain/catalog/catalog.errors.js';
import { SourceRecord } from '../domain/catalog/source-record.entity.js';
import { applyTitleChanges, initialProvenance, setLocks, type ChangeSource, type TitleChanges } from '../domain/catalog/title-changes.js';
import { Title } from '../domain/catalog/title.entity.js';
import { appendToOutbox } from '../domain/outbox/outbox.js';

const text = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

/** Validation of every editable field; used by create, update and import alike. */
const fieldSchemas = {
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
} satisfies Record<TitleField, z.ZodType>;

const changesSchema = z.object(fieldSchemas).partial();
const createSchema = changesSchema.extend({ kind: fieldSchemas.kind, name: fieldSchemas.name });
const importItemSchema = createSchema.extend({
  provider: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be a lower-case provider name'),
  externalId: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});
const fieldListSchema = z.array(z.enum(TITLE_FIELDS)).min(1, 'must name at least one field');

export type CreateTitleCommand = z.input<typeof createSchema>;
export type UpdateTitleCommand = { id: string; expectedVersion: number; changes: z.input<typeof changesSchema>; lock?: boolean };
export type ImportOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'FAILED';

export interface ImportItemResult {
  index: number;
  outcome: ImportOutcome;
  titleId: string | null;
  /** Fields the import wanted to change but the user had locked. */
  protectedFields: TitleField[];
  error: { code: string; field?: string; message: string } | null;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw new CatalogError(CatalogErrorCode.InvalidInput, `${field ?? 'input'} ${issue.message}`, field);
}

function titleEvent(type: Exclude<TitleEvent['type'], 'TitlePurged'>, title: Title): TitleEvent {
  return { aggregateType: 'title', aggregateId: title.id, aggregateVersion: title.version, type, payload: title.toState() };
}

function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Write side of the catalog: every change goes through here, with its outbox events. */
export class CatalogCommands {
  constructor(private readonly orm: MikroORM) {}

  /** One transaction with optimistic-lock failures reported as CONFLICT. */
  private async write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.orm.em.fork().transactional(work);
    } catch (err) {
      if (err instanceof OptimisticLockError) {
        throw new CatalogError(CatalogErrorCode.VersionConflict, 'The title changed since you read it; reload and try again', 'expectedVersion');
      }
      throw err;
    }
  }

  private async load(em: EntityManager, id: string, opts: { includeDeleted?: boolean } = {}): Promise<Title> {
    const title = UUID.test(id) ? await em.findOne(Title, { id }) : null;
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
      await em.nativeDelete(SourceRecord, { title: title.id });
      em.remove(title);
      await em.flush();
      await appendToOutbox(em, [{ aggregateType: 'title', aggregateId: id, aggregateVersion: version, type: 'TitlePurged', payload: { id } }]);
      return { id };
    });
  }

  /**
   * Batch import from an outside catalog (the parser). Each item is validated and applied in its
   * own transaction, so one bad item is reported and skipped without losing the rest. Items are
   * deduplicated on (provider, external id); an unchanged payload writes nothing; fields the user
   * locked are left alone and reported.
   */
  async importTitles(items: readonly unknown[]): Promise<ImportItemResult[]> {
    const results: ImportItemResult[] = [];
    for (const [index, raw] of items.entries()) {
      try {
        const item = parse(importItemSchema, raw);
        results.push({ index, ...(await this.importOne(item)), error: null });
      } catch (err) {
        if (!(err instanceof CatalogError)) throw err;
        results.push({ index, outcome: 'FAILED', titleId: null, protectedFields: [], error: { code: err.code, field: err.field, message: err.message } });
      }
    }
    return results;
  }

  private async importOne(item: z.infer<typeof importItemSchema>): Promise<Omit<ImportItemResult, 'index' | 'error'>> {
    const { provider, externalId, ...fields } = item;
    const hash = contentHash(fields);
    const by: ChangeSource = { source: 'parser', origin: provider };
    return this.write(async (em) => {
      const source = await em.findOne(SourceRecord, { provider, externalId }, { populate: ['title'] });
      if (source && (source.contentHash === hash || source.title.deletedAt)) {
        return { outcome: 'UNCHANGED' as const, titleId: source.title.id, protectedFields: [] };
      }
      if (source) {
        const title = source.title;
        const outcome = applyTitleChanges(title, fields as TitleChanges, by);
        source.contentHash = hash;
        source.payload = fields;
        source.fetchedAt = new Date();
        await em.flush();
        if (outcome.changed.length === 0) return { outcome: 'UNCHANGED' as const, titleId: title.id, protectedFields: outcome.protectedByLock };
        await appendToOutbox(em, [titleEvent('TitleUpdated', title)]);
        return { outcome: 'UPDATED' as const, titleId: title.id, protectedFields: outcome.protectedByLock };
      }
      const title = em.create(Title, { ...fields, provenance: initialProvenance(fields as TitleChanges, by) });
      em.create(SourceRecord, { provider, externalId, title, contentHash: hash, payload: fields });
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleCreated', title)]);
      return { outcome: 'CREATED' as const, titleId: title.id, protectedFields: [] };
    });
  }
}
