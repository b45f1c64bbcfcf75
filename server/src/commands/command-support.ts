import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { CatalogError, CatalogErrorCode } from '../domain/catalog/catalog.errors.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Validates command input; the first problem becomes INVALID_INPUT naming its field (`fail` builds another context's error). */
export function parse<T>(
  schema: z.ZodType<T>,
  input: unknown,
  fail: (message: string, field: string | undefined) => Error = (message, field) => new CatalogError(CatalogErrorCode.InvalidInput, message, field),
): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw fail(`${field ?? 'input'} ${issue.message}`, field);
}

/**
 * The values an input gives, leaving out what it does not mention (undefined) and any `omit`ted
 * keys: absent means "leave as it is", null means "clear".
 */
export function definedOnly(input: object, omit: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && !omit.includes(k)));
}

/**
 * One write transaction on a fresh EntityManager; an optimistic-lock failure (someone else saved
 * the same aggregate first) is reported as CONFLICT on `expectedVersion`.
 */
export async function writeTransaction<T>(orm: MikroORM, what: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await orm.em.fork().transactional(work);
  } catch (err) {
    if (err instanceof OptimisticLockError) {
      throw new CatalogError(CatalogErrorCode.VersionConflict, `${what} changed since you read it; reload and try again`, 'expectedVersion');
    }
    throw err;
  }
}
