import type { ArtworkKind } from '@marquee/read-models';
import { ProviderError, type ProviderProxy } from '../provider-proxy.js';
import type { ProvidersConfig } from '../provider-config.js';
import { httpUrl, idOf, language, type ArtworkCandidate, type Capability, type MetadataProvider, type ProviderTitle, type TitleQuery } from '../provider.types.js';

type Json = Record<string, any>;

/**
 * Fanart.tv's image sets and the size each is published at (fanart.tv's upload rules), since the
 * API does not send dimensions.
 */
const MOVIE_SETS: Array<[string, ArtworkKind, number, number]> = [
  ['movieposter', 'POSTER', 1000, 1426],
  ['moviebackground', 'FANART', 1920, 1080],
  ['hdmovielogo', 'CLEARLOGO', 800, 310],
  ['movielogo', 'CLEARLOGO', 400, 155],
  ['moviebanner', 'BANNER', 1000, 185],
  ['moviethumb', 'LANDSCAPE', 1000, 562],
];
const TV_SETS: Array<[string, ArtworkKind, number, number]> = [
  ['tvposter', 'POSTER', 1000, 1426],
  ['showbackground', 'FANART', 1920, 1080],
  ['hdtvlogo', 'CLEARLOGO', 800, 310],
  ['clearlogo', 'CLEARLOGO', 400, 155],
  ['tvbanner', 'BANNER', 1000, 185],
  ['tvthumb', 'LANDSCAPE', 1000, 562],
  ['seasonposter', 'SEASON_POSTER', 1000, 1426],
];

/** Fanart.tv v3: artwork only, for movies by TMDB (or IMDb) id and series by TVDB id. */
export class FanartProvider implements MetadataProvider {
  readonly name = 'fanart' as const;
  readonly capabilities: readonly Capability[] = ['artwork'];

  constructor(private readonly config: ProvidersConfig) {}

  private get auth(): Record<string, string> {
    const key = this.config.settings.fanart.apiKey;
    if (!key) throw new ProviderError('fanart', 'NOT_CONFIGURED', 'no API key is set (FANART_API_KEY)');
    return { 'api-key': key };
  }

  private tv(query: TitleQuery): boolean {
    return query.kind === 'SERIES' || query.kind === 'ANIME_SERIES';
  }

  private target(query: TitleQuery): string | null {
    return this.tv(query) ? idOf(query, 'tvdb') : (idOf(query, 'tmdb') ?? idOf(query, 'imdb'));
  }

  supports(query: TitleQuery): boolean {
    return Boolean(this.config.settings.fanart.apiKey) && this.target(query) !== null;
  }

  async test(proxy: ProviderProxy): Promise<void> {
    // The Matrix: a movie every fanart.tv installation knows.
    await proxy.request({ path: '/movies/603', headers: this.auth, cache: false });
  }

  async lookup(query: TitleQuery, proxy: ProviderProxy): Promise<ProviderTitle | null> {
    const id = this.target(query);
    if (!id) return null;
    const tv = this.tv(query);
    const res = await proxy.request<Json>({ path: `/${tv ? 'tv' : 'movies'}/${encodeURIComponent(id)}`, headers: this.auth, refresh: query.refresh });
    if (!res.body) return null;
    const artwork: ArtworkCandidate[] = [];
    for (const [set, kind, width, height] of tv ? TV_SETS : MOVIE_SETS) {
      for (const a of (res.body[set] as Json[] | undefined) ?? []) {
        const url = httpUrl(a.url);
        const season = kind === 'SEASON_POSTER' ? Number(a.season) : null;
        if (!url || (kind === 'SEASON_POSTER' && !(Number.isInteger(season) && season! >= 0))) continue;
        const likes = Number(a.likes);
        artwork.push({ kind, seasonNumber: season, url, width, height, language: language(a.lang), votes: Number.isInteger(likes) && likes >= 0 ? likes : null, rating: null });
      }
    }
    return { provider: 'fanart', externalId: `${tv ? 'tv' : 'movies'}/${id}`, fields: {}, externalIds: [], artwork, seasons: [], payload: res.body };
  }
}
