import type { ArtworkKind, TitleStatus } from '@marquee/read-models';
import { matchKey, similarity } from '../../../jobs/scan/identify.js';
import { tmdbCredits } from './tmdb-credits.js';
import { ProviderError, type ProviderProxy } from '../provider-proxy.js';
import type { ProvidersConfig } from '../provider-config.js';
import { httpUrl, idOf, isoDate, language, positiveInt, text, yearOf, type ArtworkCandidate, type Capability, type MetadataProvider, type ProviderTitle, type SeasonFacts, type TitleQuery } from '../provider.types.js';

type Json = Record<string, any>;

const MOVIE_STATUS: Record<string, TitleStatus> = { Released: 'RELEASED', 'In Production': 'IN_PRODUCTION', 'Post Production': 'IN_PRODUCTION', Planned: 'ANNOUNCED', Rumored: 'ANNOUNCED', Canceled: 'CANCELLED' };
const TV_STATUS: Record<string, TitleStatus> = { 'Returning Series': 'CONTINUING', Ended: 'ENDED', Canceled: 'CANCELLED', 'In Production': 'IN_PRODUCTION', Planned: 'ANNOUNCED', Pilot: 'IN_PRODUCTION' };
const IMAGE_KINDS: Array<[string, ArtworkKind]> = [['posters', 'POSTER'], ['backdrops', 'FANART'], ['logos', 'CLEARLOGO']];
/** Seasons fetched per series at most (each is one call). */
const MAX_SEASONS = 60;
/** A search result is taken only this close to the title's name (Sørensen–Dice on folded names). */
const SEARCH_MATCH = 0.85;

/** TMDB v3 (movies, series, seasons, episodes, images), authenticated with a v4 read token. */
export class TmdbProvider implements MetadataProvider {
  readonly name = 'tmdb' as const;
  readonly capabilities: readonly Capability[] = ['movies', 'series', 'episodes', 'artwork', 'search'];

  constructor(private readonly config: ProvidersConfig) {}

  private get auth(): Record<string, string> {
    const key = this.config.settings.tmdb.apiKey;
    if (!key) throw new ProviderError('tmdb', 'NOT_CONFIGURED', 'no API key is set (TMDB_API_KEY)');
    return { authorization: `Bearer ${key}` };
  }

  supports(query: TitleQuery): boolean {
    return Boolean(this.config.settings.tmdb.apiKey) && Boolean(query.name || idOf(query, 'tmdb'));
  }

  async test(proxy: ProviderProxy): Promise<void> {
    await proxy.request({ path: '/3/configuration', headers: this.auth, cache: false });
  }

  private get<T = Json>(proxy: ProviderProxy, path: string, query: TitleQuery, params: Record<string, string | number | null> = {}) {
    return proxy.request<T>({ path, headers: this.auth, refresh: query.refresh, query: params });
  }

  /** The TMDB id: the title's own, else found through its IMDb or TVDB id, else a close search match. */
  private async resolve(proxy: ProviderProxy, query: TitleQuery, tv: boolean): Promise<string | null> {
    const own = idOf(query, 'tmdb');
    if (own && /^\d+$/.test(own)) return own;
    for (const [provider, source] of [['imdb', 'imdb_id'], ['tvdb', 'tvdb_id']] as const) {
      const id = idOf(query, provider);
      if (!id) continue;
      const found = await this.get(proxy, `/3/find/${encodeURIComponent(id)}`, query, { external_source: source });
      const hit = (found.body?.[tv ? 'tv_results' : 'movie_results'] as Json[] | undefined)?.[0];
      if (positiveInt(hit?.id)) return String(hit!.id);
    }
    const search = await this.get(proxy, tv ? '/3/search/tv' : '/3/search/movie', query, { query: query.name, language: query.language, ...(query.year ? { [tv ? 'first_air_date_year' : 'year']: query.year } : {}) });
    const wanted = matchKey(query.name);
    for (const r of ((search.body?.results as Json[] | undefined) ?? []).slice(0, 5)) {
      const names = [r.title, r.original_title, r.name, r.original_name].filter((n): n is string => typeof n === 'string');
      const year = yearOf(r.release_date ?? r.first_air_date);
      const close = names.some((n) => similarity(matchKey(n), wanted) >= SEARCH_MATCH);
      if (close && (!query.year || !year || Math.abs(year - query.year) <= 1) && positiveInt(r.id)) return String(r.id);
    }
    return null;
  }

  async lookup(query: TitleQuery, proxy: ProviderProxy): Promise<ProviderTitle | null> {
    const tv = query.kind === 'SERIES' || query.kind === 'ANIME_SERIES';
    const id = await this.resolve(proxy, query, tv);
    if (!id) return null;
    const base = `/3/${tv ? 'tv' : 'movie'}/${id}`;
    const details = await this.get(proxy, base, query, { language: query.language });
    if (!details.body) return null;
    const d = details.body;
    const [images, ids, credits] = await Promise.all([
      this.get(proxy, `${base}/images`, query, { include_image_language: `${query.language},null` }),
      this.get(proxy, `${base}/external_ids`, query),
      this.get(proxy, `${base}/${tv ? 'aggregate_credits' : 'credits'}`, query, { language: query.language }),
    ]);
    const artwork = this.artwork(images.body ?? {});
    const cast = credits.body ? tmdbCredits(credits.body, tv ? d.created_by : undefined) : null;
    const seasons: SeasonFacts[] = [];
    const seasonPayloads: Json[] = [];
    if (tv) {
      for (const s of ((d.seasons as Json[] | undefined) ?? []).slice(0, MAX_SEASONS)) {
        const number = typeof s.season_number === 'number' && s.season_number >= 0 ? s.season_number : null;
        if (number === null) continue;
        const season = (await this.get(proxy, `${base}/season/${number}`, query, { language: query.language })).body;
        if (!season) continue;
        seasonPayloads.push(season);
        seasons.push({
          number,
          name: text(season.name, 500),
          overview: text(season.overview),
          airDate: isoDate(season.air_date),
          episodes: ((season.episodes as Json[] | undefined) ?? [])
            .filter((e) => Number.isInteger(e.episode_number) && e.episode_number >= 0)
            .map((e) => ({ number: e.episode_number, name: text(e.name, 500), overview: text(e.overview), airDate: isoDate(e.air_date), runtime: positiveInt(e.runtime) })),
        });
        const poster = this.image(season.poster_path);
        if (poster) artwork.push({ kind: 'SEASON_POSTER', seasonNumber: number, url: poster, width: null, height: null, language: null, votes: null, rating: null });
      }
    }
    const x = ids.body ?? {};
    const externalIds = [
      { provider: 'tmdb', value: id },
      ...(typeof x.imdb_id === 'string' && /^tt\d+$/.test(x.imdb_id) ? [{ provider: 'imdb', value: x.imdb_id }] : []),
      ...(positiveInt(x.tvdb_id) ? [{ provider: 'tvdb', value: String(x.tvdb_id) }] : []),
      ...(typeof x.wikidata_id === 'string' && /^Q\d+$/.test(x.wikidata_id) ? [{ provider: 'wikidata', value: x.wikidata_id }] : []),
    ];
    const name = text(tv ? d.name : d.title, 500);
    const original = text(tv ? d.original_name : d.original_title, 500);
    return {
      provider: 'tmdb',
      externalId: `${tv ? 'tv' : 'movie'}/${id}`,
      fields: {
        name: name ?? undefined,
        originalTitle: original && original !== name ? original : undefined,
        year: yearOf(tv ? d.first_air_date : d.release_date) ?? undefined,
        overview: text(d.overview) ?? undefined,
        runtime: positiveInt(tv ? (d.episode_run_time as unknown[] | undefined)?.[0] : d.runtime) ?? undefined,
        status: (tv ? TV_STATUS : MOVIE_STATUS)[d.status as string],
        rating: typeof d.vote_average === 'number' && d.vote_count > 0 ? Math.round(d.vote_average * 100) / 100 : undefined,
        votes: Number.isInteger(d.vote_count) ? d.vote_count : undefined,
        popularity: typeof d.popularity === 'number' && d.popularity >= 0 ? d.popularity : undefined,
        genres: names(d.genres),
        studios: names(tv ? d.networks : d.production_companies),
      },
      externalIds,
      artwork,
      seasons,
      ...(cast ? { credits: cast } : {}),
      // The credits kept, not TMDB's whole list (a long series' aggregate credits run to hundreds of KB).
      payload: { details: d, images: images.body, externalIds: ids.body, ...(cast ? { credits: cast } : {}), ...(seasonPayloads.length ? { seasons: seasonPayloads } : {}) },
    };
  }

  private image(path: unknown): string | null {
    return typeof path === 'string' && path.startsWith('/') ? httpUrl(`${this.config.tmdbImageUrl}/original${path}`) : null;
  }

  private artwork(images: Json): ArtworkCandidate[] {
    const out: ArtworkCandidate[] = [];
    for (const [key, kind] of IMAGE_KINDS) {
      for (const i of (images[key] as Json[] | undefined) ?? []) {
        const url = this.image(i.file_path);
        if (!url) continue;
        out.push({ kind, seasonNumber: null, url, width: positiveInt(i.width), height: positiveInt(i.height), language: language(i.iso_639_1), votes: Number.isInteger(i.vote_count) && i.vote_count >= 0 ? i.vote_count : null, rating: typeof i.vote_average === 'number' ? i.vote_average : null });
      }
    }
    return out;
  }
}

function names(list: unknown): string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out = list.map((g: Json) => text(g?.name, 100)).filter((n): n is string => Boolean(n));
  return out.length ? out.slice(0, 50) : undefined;
}
