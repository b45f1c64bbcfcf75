import type { CreditRole, LibraryKind, TitleKind, TitleStatus } from '@marquee/read-models';
import type { TitleChanges } from '../../domain/catalog/title-changes.js';
import type { NfoDocument, NfoEpisodeDocument, NfoItemFields, NfoMovie, NfoSeason, NfoTvShow, NfoUrlDocument } from '../../integrations/nfo/nfo.types.js';

/**
 * What an NFO document says about a title, a season and episodes, in the catalog's terms. Pure.
 * A value the file does not give stays undefined, so applying it never clears a field: an NFO that
 * leaves out the plot says nothing about the plot.
 */

/** A person credited by name (NFOs carry names, not ids). */
export interface NamedCredit {
  name: string;
  role: CreditRole;
  character: string | null;
  order: number;
}

export interface NfoTitleFacts {
  fields: TitleChanges;
  externalIds: Array<{ provider: string; value: string }>;
  /** Empty when the file lists nobody (the title's credits are then left alone). */
  credits: NamedCredit[];
}

export interface NfoSeasonFacts {
  number: number;
  name?: string;
  overview?: string;
  airDate?: string;
}

export interface NfoEpisodeFacts {
  season: number;
  number: number;
  name?: string;
  overview?: string;
  airDate?: string;
  runtime?: number;
}

/** Documents that describe a whole title. */
export type TitleDocument = NfoMovie | NfoTvShow | NfoUrlDocument;

export const describesTitle = (doc: NfoDocument): doc is TitleDocument => doc.kind === 'movie' || doc.kind === 'tvshow' || doc.kind === 'url';

const STATUS: ReadonlyArray<[RegExp, TitleStatus]> = [
  [/^(continuing|returning( series)?|airing|current(ly airing)?|ongoing)$/, 'CONTINUING'],
  [/^(ended|finished( airing)?|completed?)$/, 'ENDED'],
  [/^cancell?ed$/, 'CANCELLED'],
  [/^(in production|post production)$/, 'IN_PRODUCTION'],
  [/^(planned|announced|upcoming|not yet aired|rumou?red)$/, 'ANNOUNCED'],
  [/^released$/, 'RELEASED'],
];

export function titleStatus(text: string | undefined): TitleStatus | undefined {
  const t = text?.trim().toLowerCase();
  return t ? STATUS.find(([re]) => re.test(t))?.[1] : undefined;
}

const yearOf = (date: string | undefined): number | undefined => (date ? Number(date.slice(0, 4)) || undefined : undefined);
const nonEmpty = (list: readonly string[]): string[] | undefined => (list.length ? [...list] : undefined);

/** The rating the file marks as default (else its first), scaled to 0–10; else Jellyfin's community rating. */
function rating(doc: NfoItemFields): { rating?: number; votes?: number } {
  const chosen = doc.ratings.find((r) => r.default) ?? doc.ratings[0];
  if (chosen) return { rating: Math.round(((chosen.value * 10) / chosen.max) * 100) / 100, votes: chosen.votes };
  return doc.communityRating === undefined ? {} : { rating: doc.communityRating, votes: doc.votes };
}

/** Ids of the title itself: a movie's collection id names its set, not the movie. */
export function titleIds(doc: { uniqueIds: Readonly<Record<string, string>> }): Array<{ provider: string; value: string }> {
  return Object.entries(doc.uniqueIds)
    .filter(([provider]) => provider !== 'tmdbcollection' && /^[a-z][a-z0-9_-]{1,31}$/.test(provider))
    .map(([provider, value]) => ({ provider, value }))
    .sort((a, b) => (a.provider < b.provider ? -1 : 1));
}

const CREW_ROLES: Readonly<Record<string, CreditRole>> = { producer: 'PRODUCER', composer: 'COMPOSER', creator: 'CREATOR', director: 'DIRECTOR', writer: 'WRITER' };

/** Cast in billing order, then directors, writers and the rest of the crew, each person once per role. */
export function namedCredits(doc: NfoItemFields): NamedCredit[] {
  const out: NamedCredit[] = [];
  const seen = new Set<string>();
  const add = (c: NamedCredit) => {
    const key = `${c.name}\u0000${c.role}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  const actors = doc.actors.map((a, i) => ({ a, i })).sort((x, y) => (x.a.order ?? x.i) - (y.a.order ?? y.i) || x.i - y.i);
  for (const { a } of actors) add({ name: a.name, role: 'ACTOR', character: a.role ?? null, order: out.length });
  for (const name of doc.directors) add({ name, role: 'DIRECTOR', character: null, order: out.length });
  for (const name of doc.credits) add({ name, role: 'WRITER', character: null, order: out.length });
  for (const c of doc.crew) add({ name: c.name, role: CREW_ROLES[c.type.toLowerCase()] ?? 'OTHER', character: null, order: out.length });
  return out;
}

export function titleFacts(doc: TitleDocument): NfoTitleFacts {
  if (doc.kind === 'url') return { fields: {}, externalIds: titleIds(doc), credits: [] };
  const fields: TitleChanges = {
    name: doc.title,
    originalTitle: doc.originalTitle,
    year: doc.year ?? yearOf(doc.premiered ?? doc.releaseDate),
    overview: doc.plot ?? doc.outline,
    runtime: doc.runtime,
    ...rating(doc),
    genres: nonEmpty(doc.genres),
    studios: nonEmpty(doc.studios),
    tags: nonEmpty(doc.tags),
    status: doc.kind === 'tvshow' ? titleStatus(doc.status) : undefined,
  };
  for (const key of Object.keys(fields) as Array<keyof TitleChanges>) if (fields[key] === undefined) delete fields[key];
  return { fields, externalIds: titleIds(doc), credits: namedCredits(doc) };
}

export function seasonFacts(doc: NfoSeason, fallbackNumber: number | null): NfoSeasonFacts | null {
  const number = doc.seasonNumber ?? fallbackNumber;
  if (number === null || number === undefined) return null;
  const facts: NfoSeasonFacts = { number };
  if (doc.title) facts.name = doc.title;
  const overview = doc.plot ?? doc.outline;
  if (overview) facts.overview = overview;
  const airDate = doc.premiered ?? doc.releaseDate;
  if (airDate) facts.airDate = airDate;
  return facts;
}

/**
 * Episodes an episode NFO describes, numbered by the file when it does not say (a multi-episode
 * file's roots take the file's numbers in order).
 */
export function episodeFacts(doc: NfoEpisodeDocument, file: { season: number | null; episodes: readonly number[] }): NfoEpisodeFacts[] {
  const out: NfoEpisodeFacts[] = [];
  for (const [i, e] of doc.episodes.entries()) {
    const season = e.season ?? file.season;
    const number = e.episode ?? (doc.episodes.length === file.episodes.length ? file.episodes[i] : undefined);
    if (season === null || season === undefined || number === undefined || season < 0 || number < 0) continue;
    const facts: NfoEpisodeFacts = { season, number };
    if (e.title) facts.name = e.title;
    const overview = e.plot ?? e.outline;
    if (overview) facts.overview = overview;
    const airDate = e.aired ?? e.premiered;
    if (airDate) facts.airDate = airDate;
    if (e.runtime) facts.runtime = e.runtime;
    out.push(facts);
    if (e.episodeNumberEnd !== undefined && e.episode !== undefined) {
      for (let n = e.episode + 1; n <= e.episodeNumberEnd && n - e.episode <= 50; n++) out.push({ season, number: n });
    }
  }
  return out;
}

/**
 * The kind of title a document creates in a library of this kind, or null when they disagree (a
 * tvshow.nfo in a movies library) or the document does not say (a file of provider URLs, whose
 * kind comes from the file's name instead: `fallback`).
 */
export function kindFor(doc: TitleDocument, library: LibraryKind, fallback: 'movie' | 'episode'): TitleKind | null {
  const shape = doc.kind === 'movie' ? 'movie' : doc.kind === 'tvshow' ? 'episode' : fallback;
  if (library === 'ANIME') return shape === 'movie' ? 'ANIME_MOVIE' : 'ANIME_SERIES';
  if (library === 'MOVIES') return shape === 'movie' ? 'MOVIE' : null;
  if (library === 'SERIES') return shape === 'episode' ? 'SERIES' : null;
  return shape === 'movie' ? 'MOVIE' : 'SERIES';
}

/** Whether a document fits a title of this kind (a movie's NFO says nothing about a series). */
export function fitsKind(doc: NfoDocument, kind: TitleKind): boolean {
  const series = kind === 'SERIES' || kind === 'ANIME_SERIES';
  if (doc.kind === 'movie') return !series;
  if (doc.kind === 'tvshow' || doc.kind === 'season' || doc.kind === 'episode') return series;
  return doc.kind === 'url';
}
