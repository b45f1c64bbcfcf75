import type { TitleValueField } from '@marquee/read-models';
import type { ArtworkCandidate, EpisodeFacts, ProviderCredit, ProviderName, ProviderTitle, SeasonFacts } from '../../integrations/providers/provider.types.js';

export interface ProviderShare {
  provider: ProviderName;
  /** The fields this provider won (it is the first in priority order that has them). */
  fields: Partial<Record<TitleValueField, unknown>>;
  /** Seasons and episodes with only the fields this provider won. */
  seasons: SeasonFacts[];
}

export interface MergePlan {
  shares: ProviderShare[];
  externalIds: Array<{ provider: string; value: string }>;
  artwork: Array<ArtworkCandidate & { provider: ProviderName }>;
  /** Cast and crew from the first provider (in priority order) that gave any, whole: lists are not mixed. */
  credits: { provider: ProviderName; credits: ProviderCredit[] } | null;
}

const given = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && v !== '';

const SEASON_KEYS = ['name', 'overview', 'airDate'] as const;
const EPISODE_KEYS = ['name', 'overview', 'airDate', 'runtime', 'absoluteNumber'] as const;

/**
 * Field-by-field merge of provider answers given in priority order: each field (and each season
 * and episode field) comes from the first provider that has a value for it, so provenance can
 * name that provider. External ids and artwork candidates are united.
 */
export function mergeProviders(results: readonly ProviderTitle[]): MergePlan {
  const taken = new Set<string>();
  const seasonTaken = new Set<string>();
  const shares: ProviderShare[] = [];
  for (const r of results) {
    const fields: Partial<Record<TitleValueField, unknown>> = {};
    for (const [field, value] of Object.entries(r.fields) as Array<[TitleValueField, unknown]>) {
      if (!given(value) || taken.has(field)) continue;
      taken.add(field);
      fields[field] = value;
    }
    const seasons: SeasonFacts[] = [];
    for (const s of r.seasons) {
      const season: SeasonFacts = { number: s.number };
      for (const k of SEASON_KEYS) if (given(s[k]) && !seasonTaken.has(`${s.number}:${k}`)) {
        seasonTaken.add(`${s.number}:${k}`);
        season[k] = s[k];
      }
      const episodes: EpisodeFacts[] = [];
      for (const e of s.episodes ?? []) {
        const episode: EpisodeFacts = { number: e.number };
        const claimed = !seasonTaken.has(`${s.number}:${e.number}`);
        seasonTaken.add(`${s.number}:${e.number}`);
        for (const k of EPISODE_KEYS) if (given(e[k]) && !seasonTaken.has(`${s.number}:${e.number}:${k}`)) {
          seasonTaken.add(`${s.number}:${e.number}:${k}`);
          (episode as unknown as Record<string, unknown>)[k] = e[k];
        }
        if (claimed || Object.keys(episode).length > 1) episodes.push(episode);
      }
      if (episodes.length) season.episodes = episodes;
      if (Object.keys(season).length > 1 || !seasonTaken.has(`season:${s.number}`)) seasons.push(season);
      seasonTaken.add(`season:${s.number}`);
    }
    shares.push({ provider: r.provider, fields, seasons });
  }
  const ids = new Map<string, { provider: string; value: string }>();
  for (const r of results) for (const x of r.externalIds) if (!ids.has(x.provider)) ids.set(x.provider, x);
  const artwork = new Map<string, ArtworkCandidate & { provider: ProviderName }>();
  for (const r of results) for (const a of r.artwork) {
    const key = `${a.kind}:${a.seasonNumber ?? ''}:${a.url}`;
    if (!artwork.has(key)) artwork.set(key, { ...a, provider: r.provider });
  }
  const credited = results.find((r) => r.credits?.length);
  return { shares, externalIds: [...ids.values()], artwork: [...artwork.values()], credits: credited ? { provider: credited.provider, credits: credited.credits! } : null };
}
