import { z } from 'zod';
import { PROVIDER_NAMES, type ProviderName } from './provider.types.js';

export interface ProviderSettings {
  baseUrl: string;
  /** Never logged, never returned by the API (it shows only whether one is set). */
  apiKey: string | null;
  /** Requests per second shared by every worker; null = no limit. */
  ratePerSecond: number | null;
}

export interface ProvidersConfig {
  /** Providers asked for each title, first wins a field; those not listed are not asked. */
  order: ProviderName[];
  settings: Record<ProviderName, ProviderSettings>;
  /** TVDB subscriber PIN, sent with the key at login when set. */
  tvdbPin: string | null;
  tmdbImageUrl: string;
  language: string;
  cacheTtlSeconds: number;
  /** After the TTL an entry is still served (and refreshed in the background) this long. */
  cacheStaleSeconds: number;
  timeoutMs: number;
  retries: number;
  /** The longest Retry-After honoured; a provider asking for more counts as failing. */
  maxRetryAfterSeconds: number;
  breakerThreshold: number;
  breakerResetMs: number;
  /** Only cached answers are used; nothing goes out. */
  offline: boolean;
}

const DEFAULT_RATES: Record<ProviderName, number> = { tmdb: 40, tvdb: 20, fanart: 10, musicbrainz: 1 };
const DEFAULT_URLS: Record<ProviderName, string> = {
  tmdb: 'https://api.themoviedb.org',
  tvdb: 'https://api4.thetvdb.com/v4',
  fanart: 'https://webservice.fanart.tv/v3',
  musicbrainz: 'https://musicbrainz.org/ws/2',
};

const httpUrl = (what: string) =>
  z.string().refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `${what} (http://… or https://…)`);
const int = (min: number, max: number, what: string) => z.coerce.number({ error: `${what}, ${min} to ${max}` }).int(`${what}, ${min} to ${max}`).min(min, `${what}, ${min} to ${max}`).max(max, `${what}, ${min} to ${max}`);
const providerList = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
  .pipe(z.array(z.enum(PROVIDER_NAMES), { error: `a comma-separated list of ${PROVIDER_NAMES.join(', ')}` }));
const rates = z
  .string()
  .regex(/^(off|([a-z]+=(\d+(\.\d+)?|off))(,[a-z]+=(\d+(\.\d+)?|off))*)$/, `"off" or provider=requests-per-second pairs such as "tmdb=40,tvdb=20"`)
  .refine((s) => s === 'off' || s.split(',').every((p) => (PROVIDER_NAMES as readonly string[]).includes(p.split('=')[0]!)), `pairs naming ${PROVIDER_NAMES.join(', ')}`);

export const providerEnvSchema = {
  TMDB_API_KEY: z.string().min(1).optional(),
  TVDB_API_KEY: z.string().min(1).optional(),
  TVDB_PIN: z.string().min(1).optional(),
  FANART_API_KEY: z.string().min(1).optional(),
  MARQUEE_TMDB_URL: httpUrl('the TMDB API base URL').default(DEFAULT_URLS.tmdb),
  MARQUEE_TMDB_IMAGE_URL: httpUrl('the TMDB image base URL').default('https://image.tmdb.org/t/p'),
  MARQUEE_TVDB_URL: httpUrl('the TVDB v4 API base URL').default(DEFAULT_URLS.tvdb),
  MARQUEE_FANART_URL: httpUrl('the Fanart.tv v3 API base URL').default(DEFAULT_URLS.fanart),
  MARQUEE_MUSICBRAINZ_URL: httpUrl('the MusicBrainz WS/2 base URL').default(DEFAULT_URLS.musicbrainz),
  MARQUEE_PROVIDER_ORDER: providerList.default(['tmdb', 'tvdb', 'fanart']),
  MARQUEE_PROVIDER_RATE_LIMITS: rates.optional(),
  MARQUEE_METADATA_LANGUAGE: z.string().regex(/^[a-z]{2}$/, 'a two-letter ISO 639-1 code such as en').default('en'),
  MARQUEE_PROVIDER_CACHE_TTL: int(0, 31_536_000, 'seconds').default(86_400),
  MARQUEE_PROVIDER_CACHE_STALE: int(0, 31_536_000, 'seconds').default(604_800),
  MARQUEE_PROVIDER_TIMEOUT_MS: int(50, 120_000, 'milliseconds').default(10_000),
  MARQUEE_PROVIDER_RETRIES: int(0, 10, 'retries').default(4),
  MARQUEE_PROVIDER_MAX_RETRY_AFTER: int(1, 3_600, 'seconds').default(120),
  MARQUEE_PROVIDER_BREAKER_THRESHOLD: int(1, 1_000, 'consecutive failures').default(5),
  MARQUEE_PROVIDER_BREAKER_RESET_MS: int(100, 3_600_000, 'milliseconds').default(30_000),
  MARQUEE_PROVIDERS_OFFLINE: z.enum(['true', 'false'], { error: 'true or false' }).default('false'),
};

const providerEnvObject = z.object(providerEnvSchema);
type ProviderEnv = z.infer<typeof providerEnvObject>;

export function providersConfig(e: ProviderEnv): ProvidersConfig {
  const limits = new Map<string, number | null>();
  if (e.MARQUEE_PROVIDER_RATE_LIMITS === 'off') for (const p of PROVIDER_NAMES) limits.set(p, null);
  else for (const pair of e.MARQUEE_PROVIDER_RATE_LIMITS?.split(',') ?? []) {
    const [name, value] = pair.split('=') as [string, string];
    limits.set(name, value === 'off' ? null : Number(value));
  }
  const setting = (name: ProviderName, baseUrl: string, apiKey: string | undefined): ProviderSettings => ({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    apiKey: apiKey ?? null,
    ratePerSecond: limits.has(name) ? limits.get(name)! : DEFAULT_RATES[name],
  });
  return {
    order: [...new Set(e.MARQUEE_PROVIDER_ORDER)],
    settings: {
      tmdb: setting('tmdb', e.MARQUEE_TMDB_URL, e.TMDB_API_KEY),
      tvdb: setting('tvdb', e.MARQUEE_TVDB_URL, e.TVDB_API_KEY),
      fanart: setting('fanart', e.MARQUEE_FANART_URL, e.FANART_API_KEY),
      musicbrainz: setting('musicbrainz', e.MARQUEE_MUSICBRAINZ_URL, undefined),
    },
    tvdbPin: e.TVDB_PIN ?? null,
    tmdbImageUrl: e.MARQUEE_TMDB_IMAGE_URL.replace(/\/+$/, ''),
    language: e.MARQUEE_METADATA_LANGUAGE,
    cacheTtlSeconds: e.MARQUEE_PROVIDER_CACHE_TTL,
    cacheStaleSeconds: e.MARQUEE_PROVIDER_CACHE_STALE,
    timeoutMs: e.MARQUEE_PROVIDER_TIMEOUT_MS,
    retries: e.MARQUEE_PROVIDER_RETRIES,
    maxRetryAfterSeconds: e.MARQUEE_PROVIDER_MAX_RETRY_AFTER,
    breakerThreshold: e.MARQUEE_PROVIDER_BREAKER_THRESHOLD,
    breakerResetMs: e.MARQUEE_PROVIDER_BREAKER_RESET_MS,
    offline: e.MARQUEE_PROVIDERS_OFFLINE === 'true',
  };
}
