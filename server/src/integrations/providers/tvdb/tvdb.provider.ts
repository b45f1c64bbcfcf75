import type { Redis } from 'ioredis';
import type { ArtworkKind, TitleStatus } from '@marquee/read-models';
import { ProviderError, type ProviderProxy } from '../provider-proxy.js';
import type { ProvidersConfig } from '../provider-config.js';
import { httpUrl, idOf, isoDate, positiveInt, text, yearOf, type ArtworkCandidate, type Capability, type MetadataProvider, type ProviderTitle, type SeasonFacts, type TitleQuery } from '../provider.types.js';

type Json = Record<string, any>;

/** TVDB artwork type ids (GET /artwork/types) that Marquee uses. */
const ARTWORK_TYPES: Record<number, ArtworkKind> = { 1: 'BANNER', 2: 'POSTER', 3: 'FANART', 7: 'SEASON_POSTER', 23: 'CLEARLOGO' };
const STATUS: Record<string, TitleStatus> = { Continuing: 'CONTINUING', Ended: 'ENDED', Upcoming: 'ANNOUNCED' };
/** TVDB speaks ISO 639-2; artwork candidates carry 639-1. */
const LANGUAGES: Record<string, string> = { eng: 'en', deu: 'de', ger: 'de', fra: 'fr', fre: 'fr', spa: 'es', ita: 'it', jpn: 'ja', por: 'pt', nld: 'nl', dut: 'nl', rus: 'ru', kor: 'ko', zho: 'zh', chi: 'zh', swe: 'sv', pol: 'pl', dan: 'da', fin: 'fi', nor: 'no' };
const MAX_EPISODE_PAGES = 20;
/** A login token is good for a month; Marquee renews it well before. */
const TOKEN_SECONDS = 20 * 24 * 3600;

/** TheTVDB v4 (series, episodes, artwork): log in with the key (and PIN) once, share the token. */
export class TvdbProvider implements MetadataProvider {
  readonly name = 'tvdb' as const;
  readonly capabilities: readonly Capability[] = ['series', 'episodes', 'artwork', 'search'];

  constructor(
    private readonly config: ProvidersConfig,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  supports(query: TitleQuery): boolean {
    return Boolean(this.config.settings.tvdb.apiKey) && (query.kind === 'SERIES' || query.kind === 'ANIME_SERIES');
  }

  private tokenKey(): string {
    return `${this.prefix}providers:tvdb:token`;
  }

  private async token(proxy: ProviderProxy, renew = false): Promise<string> {
    const key = this.config.settings.tvdb.apiKey;
    if (!key) throw new ProviderError('tvdb', 'NOT_CONFIGURED', 'no API key is set (TVDB_API_KEY)');
    if (!renew) {
      const stored = await this.redis.get(this.tokenKey());
      if (stored) return stored;
    }
    const res = await proxy.request<Json>({ path: '/login', method: 'POST', body: { apikey: key, ...(this.config.tvdbPin ? { pin: this.config.tvdbPin } : {}) }, cache: false });
    const token = res.body?.data?.token;
    if (typeof token !== 'string' || !token) throw new ProviderError('tvdb', 'BAD_RESPONSE', 'login answered without a token', res.status, null, true);
    await this.redis.set(this.tokenKey(), token, 'EX', TOKEN_SECONDS);
    return token;
  }

  private async get(proxy: ProviderProxy, path: string, query: TitleQuery, params: Record<string, string | number | null> = {}): Promise<Json | null> {
    const call = async (token: string) => (await proxy.request<Json>({ path, query: params, refresh: query.refresh, headers: { authorization: `Bearer ${token}` } })).body;
    try {
      return await call(await this.token(proxy));
    } catch (err) {
      // An expired token: log in again once.
      if (err instanceof ProviderError && err.kind === 'AUTH') return call(await this.token(proxy, true));
      throw err;
    }
  }

  async test(proxy: ProviderProxy): Promise<void> {
    await this.token(proxy, true);
  }

  private async resolve(proxy: ProviderProxy, query: TitleQuery): Promise<string | null> {
    const own = idOf(query, 'tvdb');
    if (own && /^\d+$/.test(own)) return own;
    const found = await this.get(proxy, '/search', query, { query: query.name, type: 'series', ...(query.year ? { year: query.year } : {}) });
    const hit = ((found?.data as Json[] | undefined) ?? []).find((r) => typeof r.name === 'string' && r.name.toLowerCase() === query.name.toLowerCase());
    const id = hit ? String(hit.tvdb_id ?? '') : '';
    return /^\d+$/.test(id) ? id : null;
  }

  async lookup(query: TitleQuery, proxy: ProviderProxy): Promise<ProviderTitle | null> {
    const id = await this.resolve(proxy, query);
    if (!id) return null;
    const series = (await this.get(proxy, `/series/${id}/extended`, query, { short: 'false' }))?.data as Json | undefined;
    if (!series) return null;
    const episodes: Json[] = [];
    for (let page = 0; page < MAX_EPISODE_PAGES; page++) {
      const res = await this.get(proxy, `/series/${id}/episodes/default`, query, { page });
      episodes.push(...(((res?.data as Json | undefined)?.episodes as Json[] | undefined) ?? []));
      if (!res?.links?.next) break;
    }
    const seasons = new Map<number, SeasonFacts>();
    for (const e of episodes) {
      if (!Number.isInteger(e.seasonNumber) || e.seasonNumber < 0 || e.seasonNumber > 10_000 || !Number.isInteger(e.number) || e.number < 0 || e.number > 100_000) continue;
      const season: SeasonFacts = seasons.get(e.seasonNumber) ?? { number: e.seasonNumber, episodes: [] };
      seasons.set(e.seasonNumber, season);
      if (season.episodes!.some((x) => x.number === e.number)) continue;
      season.episodes!.push({ number: e.number, absoluteNumber: positiveInt(e.absoluteNumber), name: text(e.name, 500), overview: text(e.overview), airDate: isoDate(e.aired), runtime: positiveInt(e.runtime) });
    }
    const artwork: ArtworkCandidate[] = [];
    for (const a of (series.artworks as Json[] | undefined) ?? []) {
      const kind = ARTWORK_TYPES[a.type as number];
      const url = httpUrl(a.image);
      if (!kind || !url) continue;
      const seasonNumber = kind === 'SEASON_POSTER' ? (((series.seasons as Json[] | undefined) ?? []).find((s) => s.id === a.seasonId)?.number ?? null) : null;
      if (kind === 'SEASON_POSTER' && !Number.isInteger(seasonNumber)) continue;
      artwork.push({ kind, seasonNumber, url, width: positiveInt(a.width), height: positiveInt(a.height), language: LANGUAGES[a.language as string] ?? null, votes: Number.isInteger(a.score) && a.score >= 0 ? a.score : null, rating: null });
    }
    const remote = ((series.remoteIds as Json[] | undefined) ?? []).flatMap((r): Array<{ provider: string; value: string }> => {
      const value = String(r.id ?? '');
      if (r.sourceName === 'IMDB' && /^tt\d+$/.test(value)) return [{ provider: 'imdb', value }];
      if (r.sourceName === 'TheMovieDB.com' && /^\d+$/.test(value)) return [{ provider: 'tmdb', value }];
      return [];
    });
    return {
      provider: 'tvdb',
      externalId: `series/${id}`,
      fields: {
        name: text(series.name, 500) ?? undefined,
        year: yearOf(series.firstAired) ?? undefined,
        overview: text(series.overview) ?? undefined,
        runtime: positiveInt(series.averageRuntime) ?? undefined,
        status: STATUS[series.status?.name as string],
        genres: list(series.genres),
        studios: text(series.originalNetwork?.name, 100) ? [series.originalNetwork.name.trim()] : undefined,
      },
      externalIds: [{ provider: 'tvdb', value: id }, ...remote],
      artwork,
      seasons: [...seasons.values()].sort((a, b) => a.number - b.number),
      payload: { series, episodes },
    };
  }
}

function list(values: unknown): string[] | undefined {
  if (!Array.isArray(values)) return undefined;
  const out = values.map((g: Json) => text(g?.name, 100)).filter((n): n is string => Boolean(n));
  return out.length ? out.slice(0, 50) : undefined;
}
