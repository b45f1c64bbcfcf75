import { z } from 'zod';
import type { ImportItem } from '../client.js';
import type { HttpClient } from '../http.js';
import { firstIssue, lines, locationFingerprint, openLocation, parseJson, SourceFileError, type Source, type SourceEntry } from './source.js';

const TITLE_KINDS = ['MOVIE', 'SERIES', 'ANIME_SERIES', 'ANIME_MOVIE'] as const;
const TITLE_STATUSES = ['ANNOUNCED', 'IN_PRODUCTION', 'RELEASED', 'CONTINUING', 'ENDED', 'CANCELLED'] as const;
const TITLE_FORMATS = ['TV', 'MOVIE', 'OVA', 'ONA', 'SPECIAL'] as const;
const RELEASE_SEASONS = ['WINTER', 'SPRING', 'SUMMER', 'FALL'] as const;
const ARTWORK_KINDS = ['POSTER', 'FANART', 'BANNER', 'CLEARLOGO', 'LANDSCAPE', 'THUMB', 'SEASON_POSTER'] as const;
const id = z.object({ provider: z.string().min(1), value: z.union([z.string().min(1), z.number().int().transform(String)]) });

/**
 * Marquee's canonical title format, one title per line (JSONL) — what `marquee-parser export`
 * writes. The shape is the API's ImportTitleInput; the server validates every field again, this
 * only catches what is not a title at all. A JSON array of the same objects is read too.
 */
export const canonicalItem = z.object({
  provider: z.string().min(1),
  externalId: z.union([z.string().min(1), z.number().int().transform(String)]),
  kind: z.enum(TITLE_KINDS),
  name: z.string(),
  originalTitle: z.string().nullish(),
  synonyms: z.array(z.string()).nullish(),
  year: z.number().int().nullish(),
  overview: z.string().nullish(),
  runtime: z.number().int().nullish(),
  status: z.enum(TITLE_STATUSES).nullish(),
  rating: z.number().nullish(),
  votes: z.number().int().nullish(),
  popularity: z.number().nullish(),
  genres: z.array(z.string()).nullish(),
  studios: z.array(z.string()).nullish(),
  tags: z.array(z.string()).nullish(),
  format: z.enum(TITLE_FORMATS).nullish(),
  releaseSeason: z.enum(RELEASE_SEASONS).nullish(),
  episodeCount: z.number().int().nullish(),
  externalIds: z.array(id).nullish(),
  related: z.array(id).nullish(),
  artwork: z
    .array(
      z.object({
        kind: z.enum(ARTWORK_KINDS),
        url: z.string(),
        seasonNumber: z.number().int().nullish(),
        width: z.number().int().nullish(),
        height: z.number().int().nullish(),
        language: z.string().nullish(),
        score: z.number().nullish(),
        provider: z.string().nullish(),
      }),
    )
    .nullish(),
});

function entry(position: number, where: string, value: unknown): SourceEntry {
  const r = canonicalItem.safeParse(value);
  return r.success ? { position, where, item: r.data as ImportItem } : { position, where, error: firstIssue(r.error) };
}

export class MarqueeSource implements Source {
  private count: number | null = null;

  constructor(
    private readonly location: string,
    private readonly http: HttpClient,
  ) {}

  get description(): string {
    return `marquee ${this.location}`;
  }

  fingerprint(): Promise<string> {
    return locationFingerprint(this.location);
  }

  total(): number | null {
    return this.count;
  }

  async *entries(from: number): AsyncIterable<SourceEntry> {
    const stream = await openLocation(this.location, this.http);
    // A JSON array (the older form) is read whole; JSONL line by line.
    const head: string[] = [];
    let position = 0;
    for await (const { line, text } of lines(stream)) {
      if (line === 1 && text.trimStart().startsWith('[')) {
        head.push(text);
        continue;
      }
      if (head.length) {
        head.push(text);
        continue;
      }
      if (!text.trim()) continue;
      const current = position++;
      if (current < from) continue;
      try {
        yield entry(current, `line ${line}`, JSON.parse(text));
      } catch (err) {
        yield { position: current, where: `line ${line}`, error: `not JSON: ${(err as Error).message}` };
      }
    }
    if (head.length) {
      const all = parseJson(head.join('\n'), this.location);
      if (!Array.isArray(all)) throw new SourceFileError(`${this.location}: expected a JSON array of titles or one title per line`);
      this.count = all.length;
      for (const [i, value] of all.entries()) if (i >= from) yield entry(i, `entry ${i}`, value);
    }
  }
}
