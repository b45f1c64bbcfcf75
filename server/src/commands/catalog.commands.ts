import { createHash } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { TITLE_KINDS, type TitleEvent, type TitleKind } from '@marquee/read-models';
import { z } from 'zod';
import { CatalogError, CatalogErrorCode } from '../domain/catalog/catalog.errors.js';
import { SourceRecord } from '../domain/catalog/source-record.entity.js';
import { Title } from '../domain/catalog/title.entity.js';
import { appendToOutbox } from '../domain/outbox/outbox.js';

const titleFields = {
  kind: z.enum(TITLE_KINDS, { error: `must be one of ${TITLE_KINDS.join(', ')}` }),
  name: z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'must not be empty').max(500, 'must be at most 500 characters')),
  year: z.number().int('must be a whole year').min(1870, 'must be 1870 or later').max(2100, 'must be 2100 or earlier').nullish().transform((v) => v ?? null),
};

const createTitleSchema = z.object(titleFields);

const importItemSchema = z.object({
  ...titleFields,
  provider: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be a lower-case provider name'),
  externalId: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});

export interface CreateTitleCommand {
  kind: TitleKind;
  name: string;
  year?: number | null;
}

export type ImportTitleItem = CreateTitleCommand & { provider: string; externalId: string };

export type ImportOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'FAILED';

export interface ImportItemResult {
  index: number;
  outcome: ImportOutcome;
  titleId: string | null;
  error: { code: string; field?: string; message: string } | null;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw new CatalogError(CatalogErrorCode.InvalidInput, `${field ?? 'input'} ${issue.message}`, field);
}

function titleEvent(type: 'TitleCreated' | 'TitleUpdated', title: Title): TitleEvent {
  return { aggregateType: 'title', aggregateId: title.id, aggregateVersion: title.version, type, payload: title.toState() };
}

function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Write side of the catalog: every change goes through here, with its outbox events. */
export class CatalogCommands {
  constructor(private readonly orm: MikroORM) {}

  private fork(): EntityManager {
    return this.orm.em.fork();
  }

  async createTitle(input: CreateTitleCommand): Promise<Title> {
    const data = parse(createTitleSchema, input);
    return this.fork().transactional(async (em) => {
      const title = em.create(Title, data);
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleCreated', title)]);
      return title;
    });
  }

  /**
   * Batch import from an outside catalog (the parser). Each item is validated and applied on its
   * own savepoint-free transaction so one bad item is reported and skipped without losing the rest.
   * Items are deduplicated on (provider, external id); an unchanged payload writes nothing.
   */
  async importTitles(items: readonly unknown[]): Promise<ImportItemResult[]> {
    const results: ImportItemResult[] = [];
    for (const [index, raw] of items.entries()) {
      try {
        const item = parse(importItemSchema, raw);
        results.push({ index, ...(await this.importOne(item)), error: null });
      } catch (err) {
        if (!(err instanceof CatalogError)) throw err;
        results.push({ index, outcome: 'FAILED', titleId: null, error: { code: err.code, field: err.field, message: err.message } });
      }
    }
    return results;
  }

  private async importOne(item: z.infer<typeof importItemSchema>): Promise<Omit<ImportItemResult, 'index' | 'error'>> {
    const { provider, externalId, ...fields } = item;
    const hash = contentHash(fields);
    return this.fork().transactional(async (em) => {
      const source = await em.findOne(SourceRecord, { provider, externalId }, { populate: ['title'] });
      if (source && source.contentHash === hash) {
        return { outcome: 'UNCHANGED' as const, titleId: source.title.id };
      }
      if (source) {
        const title = source.title;
        title.kind = fields.kind;
        title.name = fields.name;
        title.year = fields.year;
        source.contentHash = hash;
        source.payload = fields;
        source.fetchedAt = new Date();
        await em.flush();
        await appendToOutbox(em, [titleEvent('TitleUpdated', title)]);
        return { outcome: 'UPDATED' as const, titleId: title.id };
      }
      const title = em.create(Title, fields);
      em.create(SourceRecord, { provider, externalId, title, contentHash: hash, payload: fields });
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleCreated', title)]);
      return { outcome: 'CREATED' as const, titleId: title.id };
    });
  }
}
