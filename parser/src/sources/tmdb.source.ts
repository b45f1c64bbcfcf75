import type { ImportItem } from '../client.js';
import type { ArtworkInput, TitleStatus } from '../generated/graphql.js';
import { HttpError, type HttpClient } from '../http.js';
import { lines, openLocation, type Source, type SourceEntry } from './source.js';

export type TmdbKind = 'movie' | 'tv';

export interface TmdbOptions {
  /** API base URL (https://api.themoviedb.org); paths carry the /3 prefix. */
  apiUrl: string;
  /** Where the daily id exports live (http://files.tmdb.org/p/exports). */
  filesUrl: string;
  /** v4 read access token, sent as `Authorization: Bearer`; never logged. */
  token: string;
  kind: TmdbKind;
  /** `changes`: titles changed in the last `days` (≤ 14, TMDB's limit); `full`: every id of the daily export (or of `idsFile`). */
  mode: 'full' | 'changes';
  days: number;
  idsFile: string | null;
  /** Detail calls in flight at once. */
  concurrency: number;
  now?: Date;
}

const IMAGE_BASE = 'https://image.tmdb.org/t/p/original';

interface Named {
  name: string;
}
/** The fields of /3/movie/{id} and /3/tv/{id} (with append_to_response=external_ids) that we map. */
export interface TmdbDetails {
  id: number;
  title?: string;
  name?: string;
  original_title?: string;
  original_name?: string;
  release_date?: string;
  first_air_date?: string;
  overview?: string | null;
  runtime?: number | null;
  episode_run_time?: number[];
  status?: string;
  vote_average?: number;
  vote_count?: number;
  popularity?: number;
  genres?: Named[];
  production_companies?: Named[];
  networks?: Named[];
  imdb_id?: string | null;
  external_ids?: { imdb_id?: string | null; tvdb_id?: number | null; wikidata_id?: string | null };
  poster_path?: string | null;
  backdrop_path?: string | null;
  adult?: boolean;
}

const STATUS: Record<string, TitleStatus> = {
  Rumored: 'ANNOUNCED',
  Planned: 'ANNOUNCED',
  'In Production': 'IN_PRODUCTION',
  'Post Production': 'IN_PRODUCTION',
  Pilot: 'IN_PRODUCTION',
  Released: 'RELEASED',
  'Returning Series': 'CONTINUING',
  Ended: 'ENDED',
  Canceled: 'CANCELLED',
  Cancelled: 'CANCELLED',
};

const yearOf = (date: string | undefined) => (date && /^\d{4}/.test(date) ? Number(date.slice(0, 4)) : null);
const names = (list: Named[] | undefined) => [...new Set((list ?? []).map((x) => x.name.trim()).filter(Boolean))];

/** A TMDB movie or series as a Marquee title (pure; tested with the spec's example payloads). */
export function detailsToItem(kind: TmdbKind, d: TmdbDetails): ImportItem {
  const name = (kind === 'movie' ? d.title : d.name) ?? '';
  const original = kind === 'movie' ? d.original_title : d.original_name;
  const ids = d.external_ids ?? {};
  const imdb = d.imdb_id ?? ids.imdb_id;
  const artwork: ArtworkInput[] = [];
  if (d.poster_path) artwork.push({ kind: 'POSTER', url: `${IMAGE_BASE}${d.poster_path}` });
  if (d.backdrop_path) artwork.push({ kind: 'FANART', url: `${IMAGE_BASE}${d.backdrop_path}` });
  return {
    provider: 'tmdb',
    // Movies and series have separate id spaces at TMDB.
    externalId: kind === 'movie' ? String(d.id) : `tv:${d.id}`,
    kind: kind === 'movie' ? 'MOVIE' : 'SERIES',
    name,
    originalTitle: original && original !== name ? original : null,
    year: yearOf(kind === 'movie' ? d.release_date : d.first_air_date),
    overview: d.overview || null,
    runtime: (kind === 'movie' ? d.runtime : d.episode_run_time?.[0]) || null,
    status: (d.status && STATUS[d.status]) || null,
    rating: d.vote_count ? (d.vote_average ?? null) : null,
    votes: d.vote_count ?? null,
    popularity: d.popularity ?? null,
    genres: names(d.genres),
    studios: names(kind === 'movie' ? d.production_companies : d.networks).slice(0, 50),
    externalIds: [
      ...(kind === 'movie' ? [{ provider: 'tmdb', value: String(d.id) }] : []),
      ...(imdb ? [{ provider: 'imdb', value: imdb }] : []),
      ...(ids.tvdb_id ? [{ provider: 'tvdb', value: String(ids.tvdb_id) }] : []),
      ...(ids.wikidata_id ? [{ provider: 'wikidata', value: ids.wikidata_id }] : []),
    ],
    artwork: artwork.length ? artwork : null,
  };
}

/** The daily export's file name, e.g. movie_ids_05_15_2026.json.gz (dates in UTC). */
export function exportFileName(kind: TmdbKind, day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const prefix = kind === 'movie' ? 'movie_ids' : 'tv_series_ids';
  return `${prefix}_${pad(day.getUTCMonth() + 1)}_${pad(day.getUTCDate())}_${day.getUTCFullYear()}.json.gz`;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * TMDB: ids from the daily export files (full) or from /changes (incremental), then one detail
 * call per id (`append_to_response=external_ids`), several in flight but yielded in id order so a
 * checkpoint stays meaningful. A removed id (404) is reported and skipped.
 */
export class TmdbSource implements Source {
  private count: number | null = null;

  constructor(
    private readonly opts: TmdbOptions,
    private readonly http: HttpClient,
  ) {}

  get description(): string {
    return `tmdb ${this.opts.kind} ${this.opts.mode} ${new URL(this.opts.apiUrl).origin}`;
  }

  async fingerprint(): Promise<string> {
    const day = isoDay(this.opts.now ?? new Date());
    return `${this.opts.kind}:${this.opts.mode}:${this.opts.idsFile ?? day}`;
  }

  total(): number | null {
    return this.count;
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.opts.token}`, accept: 'application/json' };
  }

  /** The ids to import, in a stable order. */
  async ids(): Promise<number[]> {
    if (this.opts.mode === 'changes') return this.changedIds();
    const location = this.opts.idsFile ?? (await this.latestExport());
    const ids: number[] = [];
    for await (const { text } of lines(await openLocation(location, this.http))) {
      if (!text.trim()) continue;
      const row = JSON.parse(text) as { id: number; adult?: boolean };
      if (!row.adult) ids.push(row.id);
    }
    return ids;
  }

  /** Today's export, or yesterday's when today's is not published yet (they appear around 08:00 UTC). */
  private async latestExport(): Promise<string> {
    const now = this.opts.now ?? new Date();
    for (const back of [0, 1, 2]) {
      const day = new Date(now.getTime() - back * 86_400_000);
      const url = new URL(`${this.opts.filesUrl.replace(/\/$/, '')}/${exportFileName(this.opts.kind, day)}`);
      const res = await this.http.request(url, { method: 'HEAD' }, (status) => status === 404 || status === 403).catch((err: unknown) => {
        if (err instanceof HttpError && !err.retryable) return null;
        throw err;
      });
      if (res?.ok) return url.href;
    }
    throw new HttpError(`no TMDB ${this.opts.kind} id export of the last three days at ${this.opts.filesUrl}`, 404, false);
  }

  private async changedIds(): Promise<number[]> {
    const end = this.opts.now ?? new Date();
    const start = new Date(end.getTime() - Math.min(14, this.opts.days) * 86_400_000);
    const ids = new Set<number>();
    for (let page = 1, pages = 1; page <= pages && page <= 500; page++) {
      const url = new URL(`/3/${this.opts.kind}/changes`, this.opts.apiUrl);
      url.search = new URLSearchParams({ start_date: isoDay(start), end_date: isoDay(end), page: String(page) }).toString();
      const body = await this.http.json<{ results: Array<{ id: number; adult?: boolean | null }>; total_pages: number }>(url, { headers: this.headers() });
      pages = body.total_pages;
      for (const r of body.results) if (!r.adult) ids.add(r.id);
    }
    return [...ids].sort((a, b) => a - b);
  }

  private async details(id: number): Promise<TmdbDetails | string> {
    const url = new URL(`/3/${this.opts.kind}/${id}`, this.opts.apiUrl);
    url.search = 'append_to_response=external_ids';
    try {
      return await this.http.json<TmdbDetails>(url, { headers: this.headers() });
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return `tmdb ${this.opts.kind} ${id} no longer exists`;
      if (err instanceof HttpError && (err.status === 401 || err.status === 403)) throw err;
      if (err instanceof HttpError) return err.message;
      throw err;
    }
  }

  async *entries(from: number): AsyncIterable<SourceEntry> {
    const ids = await this.ids();
    this.count = ids.length;
    const window: Array<Promise<TmdbDetails | string>> = [];
    let next = from;
    const fill = () => {
      while (window.length < this.opts.concurrency && next < ids.length) {
        const pending = this.details(ids[next++]!);
        // Awaited in order below; a refusal (bad key) must not surface early as unhandled.
        pending.catch(() => undefined);
        window.push(pending);
      }
    };
    fill();
    for (let position = from; position < ids.length; position++) {
      const result = await window.shift()!;
      fill();
      const where = `tmdb ${this.opts.kind} ${ids[position]}`;
      if (typeof result === 'string') yield { position, where, error: result };
      else if (result.adult) yield { position, where, error: 'adult title skipped' };
      else yield { position, where, item: detailsToItem(this.opts.kind, result) };
    }
  }
}
