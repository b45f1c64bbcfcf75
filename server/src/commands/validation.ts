import type { z } from 'zod';
import { CatalogError, CatalogErrorCode } from '../domain/catalog/catalog.errors.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Validates command input; the first problem becomes INVALID_INPUT naming its field. */
export function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw new CatalogError(CatalogErrorCode.InvalidInput, `${field ?? 'input'} ${issue.message}`, field);
}
