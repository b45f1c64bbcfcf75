import type { ArtworkKind, CreditRole, TitleKind, TitleValueField } from '@marquee/read-models';
import type { ProviderProxy } from './provider-proxy.js';

export const PROVIDER_NAMES = ['tmdb', 'tvdb', 'fanart', 'musicbrainz'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** What a provider can answer; enrichment asks only providers that can. */
export const CAPABILITIES = ['movies', 'series', 'episodes', 'artwork', 'music', 'search'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** What enrichment knows about a title when it asks a provider. */
export interface TitleQuery {
  kind: TitleKind;
  name: string;
  year: number | null;
  /** Every external id the title has (tmdb, tvdb, imdb, …). */
  externalIds: ReadonlyArray<{ provider: string; value: string }>;
  /** Preferred metadata language, ISO 639-1. */
  language: string;
  /** Skip fresh cache entries (a user asked for a refresh). */
  refresh: boolean;
}

export interface ArtworkCandidate {
  kind: ArtworkKind;
  seasonNumber: number | null;
  url: string;
  width: number | null;
  height: number | null;
  /** ISO 639-1, null for artwork without text. */
  language: string | null;
  /** The provider's votes or likes for it. */
  votes: number | null;
  /** The provider's average rating of it (0–10), where it has one. */
  rating: number | null;
}

export interface EpisodeFacts {
  number: number;
  absoluteNumber?: number | null;
  name?: string | null;
  overview?: string | null;
  airDate?: string | null;
  runtime?: number | null;
}

export interface SeasonFacts {
  number: number;
  name?: string | null;
  overview?: string | null;
  airDate?: string | null;
  episodes?: EpisodeFacts[];
}

/** One credit as a provider gives it; the person is found by the provider's person id or name. */
export interface ProviderCredit {
  /** The provider's id of the person (TMDB person id), when it has one. */
  personId: string | null;
  name: string;
  originalName: string | null;
  role: CreditRole;
  character: string | null;
  order: number;
}

/** One provider's answer for a title. Fields it does not know are left out. */
export interface ProviderTitle {
  provider: ProviderName;
  /** The provider's own id of the title (`movie/603`, `series/81189`). */
  externalId: string;
  fields: Partial<Record<TitleValueField, unknown>>;
  externalIds: Array<{ provider: string; value: string }>;
  artwork: ArtworkCandidate[];
  seasons: SeasonFacts[];
  /** Cast and crew in billing order; left out when the provider does not give credits. */
  credits?: ProviderCredit[];
  /** The raw payloads, kept as provenance. */
  payload: Record<string, unknown>;
}

export interface MetadataProvider {
  readonly name: ProviderName;
  readonly capabilities: readonly Capability[];
  /** Whether the provider can answer for this title (kind and the ids it needs). */
  supports(query: TitleQuery): boolean;
  /** The provider's data for the title, or null when it does not know it. */
  lookup(query: TitleQuery, proxy: ProviderProxy): Promise<ProviderTitle | null>;
  /** A cheap authenticated call, for the UI's "test connection". */
  test(proxy: ProviderProxy): Promise<void>;
}

export const idOf = (query: TitleQuery, provider: string): string | null => query.externalIds.find((x) => x.provider === provider)?.value ?? null;

/** A positive whole number or null (providers send junk in places). */
export function positiveInt(v: unknown): number | null {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 1_000_000 ? n : null;
}

export function isoDate(v: unknown): string | null {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : null;
}

export function yearOf(v: unknown): number | null {
  const d = isoDate(v);
  const y = d ? Number(d.slice(0, 4)) : null;
  return y && y >= 1870 && y <= 2100 ? y : null;
}

export function text(v: unknown, max = 20_000): string | null {
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null;
}

export function httpUrl(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 2_000) return null;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol) ? v : null;
  } catch {
    return null;
  }
}

export function language(v: unknown): string | null {
  return typeof v === 'string' && /^[a-z]{2}$/.test(v) ? v : null;
}
