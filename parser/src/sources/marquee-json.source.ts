import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ImportItem } from '../client.js';

/** Marquee's own canonical title format: a JSON array of titles keyed by their source. */
const itemSchema = z.object({
  provider: z.string().min(1),
  externalId: z.union([z.string().min(1), z.number().int().transform(String)]),
  kind: z.enum(['MOVIE', 'SERIES', 'ANIME_SERIES', 'ANIME_MOVIE']),
  name: z.string(),
  year: z.number().int().nullish(),
});

export class SourceFileError extends Error {}

export interface ParsedSource {
  items: Array<{ index: number; item: ImportItem }>;
  /** Items the file itself got wrong; reported and skipped, never sent. */
  rejected: Array<{ index: number; message: string }>;
}

export async function readMarqueeJson(file: string): Promise<ParsedSource> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new SourceFileError(`${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new SourceFileError(`${file}: expected a JSON array of titles`);
  const parsed: ParsedSource = { items: [], rejected: [] };
  raw.forEach((entry, index) => {
    const r = itemSchema.safeParse(entry);
    if (r.success) parsed.items.push({ index, item: r.data });
    else parsed.rejected.push({ index, message: `${r.error.issues[0]!.path.join('.') || 'item'}: ${r.error.issues[0]!.message}` });
  });
  return parsed;
}
