import type { LibraryKind, ParsedNameState } from '@marquee/read-models';
import { parseMediaName, type LibraryKind as ParserLibraryKind } from './parse-name.js';

const HINT: Record<LibraryKind, ParserLibraryKind> = { MOVIES: 'movies', SERIES: 'series', ANIME: 'anime', MIXED: 'mixed' };

const asList = (v: number | number[] | null | undefined): number[] => (v == null ? [] : Array.isArray(v) ? v : [v]);

/** What Marquee stores of a parsed path: the name state, and the provider ids the path carries. */
export function readName(relPath: string, libraryKind: LibraryKind | null): { parsed: ParsedNameState; pathIds: Array<{ provider: string; value: string }> } {
  const p = parseMediaName(relPath, libraryKind ? { libraryKind: HINT[libraryKind] } : {});
  const pathIds = Object.entries(p.externalIds)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0)
    .map(([provider, value]) => ({ provider, value }));
  return {
    parsed: { kind: p.kind, title: p.title, year: p.year, season: p.season, episodes: asList(p.episode), absoluteEpisodes: asList(p.absoluteEpisode) },
    pathIds,
  };
}
