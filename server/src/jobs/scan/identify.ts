import type { EntityManager } from '@mikro-orm/postgresql';
import { fold, type FileMatch, type LibraryKind, type MatchMethod, type ParsedNameState, type TitleKind } from '@marquee/read-models';

/** A title as matching sees it. */
export interface IndexedTitle {
  id: string;
  kind: TitleKind;
  year: number | null;
  /** Folded name, original title and synonyms. */
  names: string[];
}

/** Ids a file brings: from its path (`{tmdb-603}`), then from its NFO. */
export interface FileIds {
  fromPath: Array<{ provider: string; value: string }>;
  fromNfo: Array<{ provider: string; value: string }>;
  /** Title and year an NFO gives (better than the file name's when present). */
  nfoTitle: string | null;
  nfoYear: number | null;
}

const MOVIE_KINDS: readonly TitleKind[] = ['MOVIE', 'ANIME_MOVIE'];
const SERIES_KINDS: readonly TitleKind[] = ['SERIES', 'ANIME_SERIES'];

/** Character bigrams of a folded name, for the fuzzy (Sørensen–Dice) comparison. */
function bigrams(s: string): Map<string, number> {
  const grams = new Map<string, number>();
  const t = s.replace(/\s+/g, ' ');
  for (let i = 0; i < t.length - 1; i++) {
    const g = t.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const ga = bigrams(a);
  const gb = bigrams(b);
  let overlap = 0;
  let total = 0;
  for (const [g, n] of ga) {
    overlap += Math.min(n, gb.get(g) ?? 0);
    total += n;
  }
  for (const n of gb.values()) total += n;
  return (2 * overlap) / total;
}

/** Leading articles are dropped so "Matrix" finds "The Matrix". */
export function matchKey(name: string): string {
  return fold(name)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(the|a|an|der|die|das|le|la|les|el|los|il)\s+/, '');
}

/**
 * The catalog in memory for one scan: external ids and folded names of every active title. Loaded
 * once, only when a scan has files to identify; titles created during the scan are added to it.
 */
export class CatalogIndex {
  private readonly byId = new Map<string, IndexedTitle>();
  private readonly byExternal = new Map<string, string>();
  private readonly byName = new Map<string, IndexedTitle[]>();

  static async load(em: EntityManager): Promise<CatalogIndex> {
    const index = new CatalogIndex();
    const titles = await em.execute<Array<{ id: string; kind: TitleKind; year: number | null; name: string; original_title: string | null; synonyms: string[] }>>(
      'select id, kind, year, name, original_title, synonyms from title where deleted_at is null',
    );
    for (const t of titles) index.add({ id: t.id, kind: t.kind, year: t.year, names: [t.name, ...(t.original_title ? [t.original_title] : []), ...t.synonyms] });
    const ids = await em.execute<Array<{ provider: string; value: string; title_id: string }>>(
      'select x.provider, x.value, x.title_id from external_id x join title t on t.id = x.title_id where t.deleted_at is null',
    );
    for (const x of ids) index.byExternal.set(`${x.provider}:${x.value.toLowerCase()}`, x.title_id);
    return index;
  }

  add(title: IndexedTitle, externalIds: Array<{ provider: string; value: string }> = []): void {
    for (const x of externalIds) this.byExternal.set(`${x.provider}:${x.value.toLowerCase()}`, title.id);
    if (this.byId.has(title.id)) return;
    const names = [...new Set(title.names.map(matchKey).filter(Boolean))];
    const entry = { ...title, names };
    this.byId.set(title.id, entry);
    for (const n of names) {
      const list = this.byName.get(n) ?? [];
      list.push(entry);
      this.byName.set(n, list);
    }
  }

  titleByExternalId(provider: string, value: string): string | null {
    return this.byExternal.get(`${provider}:${value.toLowerCase()}`) ?? null;
  }

  byNameKey(key: string): readonly IndexedTitle[] {
    return this.byName.get(key) ?? [];
  }

  /** Every title of the given kinds; the fuzzy pass walks these. */
  *ofKinds(kinds: readonly TitleKind[]): Iterable<IndexedTitle> {
    for (const t of this.byId.values()) if (kinds.includes(t.kind)) yield t;
  }
}

/** Which title kinds a file can belong to, from what its name says and the library kind. */
export function kindsFor(parsed: ParsedNameState, library: LibraryKind): readonly TitleKind[] {
  if (library === 'ANIME') return parsed.kind === 'movie' ? ['ANIME_MOVIE', 'ANIME_SERIES'] : ['ANIME_SERIES', 'ANIME_MOVIE'];
  if (library === 'MOVIES') return MOVIE_KINDS;
  if (library === 'SERIES') return SERIES_KINDS;
  return parsed.kind === 'movie' ? MOVIE_KINDS : SERIES_KINDS;
}

const FUZZY_MIN = 0.82;

function matched(titleId: string | null, parsed: ParsedNameState, method: MatchMethod | null, confidence: number, threshold: number): FileMatch {
  const ok = titleId !== null && confidence >= threshold;
  return {
    titleId: ok ? titleId : null,
    seasonNumber: parsed.kind === 'episode' ? parsed.season : null,
    episodeNumbers: parsed.kind === 'episode' ? parsed.episodes : [],
    method: ok ? method : null,
    confidence: Math.round(confidence * 1000) / 1000,
    suggestedTitleId: ok ? null : titleId,
    locked: false,
  };
}

/** A match to a title Marquee just created for the file (from its NFO): no threshold applies. */
export function matchedToCreated(titleId: string, parsed: ParsedNameState, method: MatchMethod, confidence: number): FileMatch {
  return { ...matched(titleId, parsed, method, confidence, 0), confidence };
}

/**
 * Matches a file to a catalog title, strongest evidence first: an id in the path, an id in the NFO,
 * then the normalized title with the year, the title alone when only one title has it, then fuzzy.
 * Below `threshold` the file stays unmatched and the best candidate is kept as a suggestion.
 */
export function matchFile(parsed: ParsedNameState, ids: FileIds, index: CatalogIndex, library: LibraryKind, threshold: number): FileMatch {
  for (const x of ids.fromPath) {
    const id = index.titleByExternalId(x.provider, x.value);
    if (id) return matched(id, parsed, 'PATH_ID', 1, threshold);
  }
  for (const x of ids.fromNfo) {
    const id = index.titleByExternalId(x.provider, x.value);
    if (id) return matched(id, parsed, 'NFO_ID', 0.99, threshold);
  }
  const name = ids.nfoTitle ?? parsed.title;
  const year = ids.nfoYear ?? parsed.year;
  const viaNfo = ids.nfoTitle !== null;
  if (!name) return matched(null, parsed, null, 0, threshold);
  const kinds = kindsFor(parsed, library);
  const key = matchKey(name);
  const exact = index.byNameKey(key).filter((t) => kinds.includes(t.kind));
  if (exact.length > 0) {
    if (year !== null) {
      const sameYear = exact.filter((t) => t.year === year);
      if (sameYear.length === 1) return matched(sameYear[0]!.id, parsed, viaNfo ? 'NFO' : 'TITLE_YEAR', 0.95, threshold);
      const nearYear = exact.filter((t) => t.year !== null && Math.abs(t.year - year) === 1);
      if (sameYear.length === 0 && nearYear.length === 1) return matched(nearYear[0]!.id, parsed, viaNfo ? 'NFO' : 'TITLE_YEAR', 0.85, threshold);
      if (sameYear.length > 1) return matched(sameYear[0]!.id, parsed, 'TITLE_YEAR', 0.6, threshold);
    }
    if (exact.length === 1) {
      // A year that contradicts the only candidate's is weak evidence against it.
      const contradicts = year !== null && exact[0]!.year !== null && Math.abs(exact[0]!.year - year) > 1;
      return matched(exact[0]!.id, parsed, viaNfo ? 'NFO' : 'TITLE', contradicts ? 0.5 : 0.88, threshold);
    }
    const best = [...exact].sort((a, b) => (b.year ?? 0) - (a.year ?? 0))[0]!;
    return matched(best.id, parsed, 'TITLE', 0.5, threshold);
  }
  let best: { id: string; score: number } | null = null;
  for (const t of index.ofKinds(kinds)) {
    for (const n of t.names) {
      if (Math.abs(n.length - key.length) > Math.max(4, key.length / 3)) continue;
      let score = similarity(key, n);
      if (score < FUZZY_MIN) continue;
      if (year !== null && t.year !== null) score *= t.year === year ? 1 : Math.abs(t.year - year) === 1 ? 0.95 : 0.8;
      if (!best || score > best.score) best = { id: t.id, score };
    }
  }
  return best ? matched(best.id, parsed, 'FUZZY', best.score * 0.9, threshold) : matched(null, parsed, null, 0, threshold);
}
