import { z } from 'zod';
import type { ImportItem } from '../client.js';
import type { ExternalIdInput, TitleStatus } from '../generated/graphql.js';
import type { HttpClient } from '../http.js';
import { firstIssue, lines, locationFingerprint, openLocation, parseJson, readAll, SourceFileError, type Source, type SourceEntry } from './source.js';

/**
 * manami-project's anime-offline-database: the minified JSON document (`{ …, data: [anime] }`) or
 * the JSONL form (line 1 the metadata, then one anime per line), from a file or URL, plain or
 * .gz/.zst. Each entry becomes one title keyed by its primary source (provider `aod`, id like
 * `mal:1535`); its source pages become external ids (mal, anilist, kitsu, anidb…), so an entry
 * merges into a title that already has one of them.
 */
const anime = z.object({
  sources: z.array(z.string()).min(1),
  title: z.string(),
  type: z.enum(['TV', 'MOVIE', 'OVA', 'ONA', 'SPECIAL', 'UNKNOWN']),
  episodes: z.number().int().min(0),
  status: z.enum(['FINISHED', 'ONGOING', 'UPCOMING', 'UNKNOWN']),
  animeSeason: z.object({ season: z.enum(['SPRING', 'SUMMER', 'FALL', 'WINTER', 'UNDEFINED']), year: z.number().int().optional() }),
  picture: z.string().optional(),
  thumbnail: z.string().optional(),
  duration: z.object({ value: z.number().int(), unit: z.literal('SECONDS') }).optional(),
  score: z.object({ arithmeticGeometricMean: z.number(), arithmeticMean: z.number(), median: z.number() }).optional(),
  synonyms: z.array(z.string()).default([]),
  studios: z.array(z.string()).default([]),
  producers: z.array(z.string()).default([]),
  relatedAnime: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
});
export type Anime = z.infer<typeof anime>;

/** Source page URL patterns → provider names (the ones Marquee knows keep their usual names). */
const SOURCE_PATTERNS: Array<[RegExp, string]> = [
  [/^https?:\/\/(?:www\.)?myanimelist\.net\/anime\/(\d+)/, 'mal'],
  [/^https?:\/\/(?:www\.)?anilist\.co\/anime\/(\d+)/, 'anilist'],
  [/^https?:\/\/(?:www\.)?kitsu\.(?:app|io)\/anime\/([\w-]+)/, 'kitsu'],
  [/^https?:\/\/(?:www\.)?anidb\.net\/(?:anime\/|a)(\d+)/, 'anidb'],
  [/^https?:\/\/(?:www\.)?anime-planet\.com\/anime\/([\w-]+)/, 'animeplanet'],
  [/^https?:\/\/(?:www\.)?anisearch\.com\/anime\/(\d+)/, 'anisearch'],
  [/^https?:\/\/(?:www\.)?livechart\.me\/anime\/(\d+)/, 'livechart'],
  [/^https?:\/\/(?:www\.)?simkl\.com\/anime\/(\d+)/, 'simkl'],
  [/^https?:\/\/(?:www\.)?animecountdown\.com\/(\d+)/, 'animecountdown'],
  [/^https?:\/\/(?:www\.)?animenewsnetwork\.com\/encyclopedia\/anime\.php\?id=(\d+)/, 'ann'],
];

/** Which source names an entry: the first of these it has, else its first source. */
const PRIMARY = ['mal', 'anilist', 'kitsu', 'anidb', 'anisearch', 'livechart', 'animeplanet', 'simkl', 'animecountdown', 'ann'];

export function sourceId(url: string): ExternalIdInput | null {
  for (const [pattern, provider] of SOURCE_PATTERNS) {
    const m = pattern.exec(url);
    if (m) return { provider, value: m[1]! };
  }
  return null;
}

const STATUS: Record<Anime['status'], TitleStatus | null> = { FINISHED: 'ENDED', ONGOING: 'CONTINUING', UPCOMING: 'ANNOUNCED', UNKNOWN: null };

const clean = (names: readonly string[], max: number, length: number) => [...new Set(names.map((n) => n.trim()).filter((n) => n && n.length <= length))].slice(0, max);

/** One anime as a Marquee title (pure; table-tested against the real samples). */
export function animeToItem(a: Anime): ImportItem {
  const ids = a.sources.map(sourceId).filter((x): x is ExternalIdInput => x !== null);
  const primary = PRIMARY.map((p) => ids.find((x) => x.provider === p)).find(Boolean);
  const externalId = primary ? `${primary.provider}:${primary.value}` : a.sources[0]!;
  return {
    provider: 'aod',
    externalId,
    kind: a.type === 'MOVIE' ? 'ANIME_MOVIE' : 'ANIME_SERIES',
    format: a.type === 'UNKNOWN' ? null : a.type,
    releaseSeason: a.animeSeason.season === 'UNDEFINED' ? null : a.animeSeason.season,
    episodeCount: a.episodes > 0 ? a.episodes : null,
    name: a.title,
    synonyms: clean(a.synonyms.filter((s) => s !== a.title), 200, 500),
    year: a.animeSeason.year ?? null,
    status: STATUS[a.status],
    runtime: a.duration && a.duration.value >= 60 ? Math.round(a.duration.value / 60) : null,
    rating: a.score ? Math.round(a.score.arithmeticMean * 100) / 100 : null,
    studios: clean(a.studios, 50, 100),
    tags: clean(a.tags, 200, 100),
    externalIds: ids,
    related: a.relatedAnime.map(sourceId).filter((x): x is ExternalIdInput => x !== null),
    artwork: a.picture && /^https?:\/\//.test(a.picture) && !a.picture.includes('/no_pic') ? [{ kind: 'POSTER', url: a.picture }] : null,
  };
}

function toEntry(position: number, where: string, value: unknown): SourceEntry {
  const r = anime.safeParse(value);
  return r.success ? { position, where, item: animeToItem(r.data) } : { position, where, error: firstIssue(r.error) };
}

export class AnimeOfflineDatabaseSource implements Source {
  private count: number | null = null;

  constructor(
    private readonly location: string,
    private readonly http: HttpClient,
  ) {}

  get description(): string {
    return `anime-offline-database ${this.location}`;
  }

  fingerprint(): Promise<string> {
    return locationFingerprint(this.location);
  }

  total(): number | null {
    return this.count;
  }

  async *entries(from: number): AsyncIterable<SourceEntry> {
    if (/\.jsonl(\.gz|\.zst)?$/.test(this.location.split('?')[0]!)) {
      yield* this.jsonLines(from);
      return;
    }
    const doc = parseJson(await readAll(this.location, this.http), this.location);
    const data = doc && typeof doc === 'object' ? (doc as { data?: unknown }).data : undefined;
    if (!Array.isArray(data)) throw new SourceFileError(`${this.location}: not an anime-offline-database document (no "data" array)`);
    this.count = data.length;
    for (const [i, value] of data.entries()) if (i >= from) yield toEntry(i, `data[${i}]`, value);
  }

  /** JSONL: line 1 holds the metadata ($schema, license, …), every further line one anime. */
  private async *jsonLines(from: number): AsyncIterable<SourceEntry> {
    let position = 0;
    for await (const { line, text } of lines(await openLocation(this.location, this.http))) {
      if (!text.trim()) continue;
      if (line === 1) {
        const meta = parseJson(text, `${this.location} line 1`);
        if (!meta || typeof meta !== 'object' || 'sources' in meta) throw new SourceFileError(`${this.location} line 1: expected the dataset's metadata ($schema, license, lastUpdate)`);
        continue;
      }
      const current = position++;
      if (current < from) continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        yield { position: current, where: `line ${line}`, error: `not JSON: ${(err as Error).message}` };
        continue;
      }
      yield toEntry(current, `line ${line}`, value);
    }
  }
}
