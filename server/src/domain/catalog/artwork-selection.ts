import type { ArtworkKind } from '@marquee/read-models';

export interface Selectable {
  kind: ArtworkKind;
  seasonNumber: number | null;
  score: number;
  url: string;
  selected: boolean;
  selectedBy: 'user' | 'auto' | null;
}

const group = (a: Selectable) => `${a.kind}:${a.seasonNumber ?? ''}`;

/**
 * Picks the artwork in use for each kind (and season, for season posters): a user's choice stays;
 * otherwise the highest score wins (ties: the URL, so the choice is stable). Returns whether
 * anything changed.
 */
export function autoSelect(items: readonly Selectable[]): boolean {
  const groups = new Map<string, Selectable[]>();
  for (const a of items) {
    const g = groups.get(group(a));
    if (g) g.push(a);
    else groups.set(group(a), [a]);
  }
  let changed = false;
  for (const members of groups.values()) {
    if (members.some((a) => a.selected && a.selectedBy === 'user')) continue;
    const best = [...members].sort((a, b) => b.score - a.score || (a.url < b.url ? -1 : 1))[0]!;
    for (const a of members) {
      const want = a === best;
      if (a.selected !== want || (want && a.selectedBy !== 'auto')) {
        a.selected = want;
        a.selectedBy = want ? 'auto' : null;
        changed = true;
      }
    }
  }
  return changed;
}

/** A user's pick: selected, and the rest of its group not. */
export function selectByUser(items: readonly Selectable[], chosen: Selectable): void {
  for (const a of items) {
    if (group(a) !== group(chosen)) continue;
    a.selected = a === chosen;
    a.selectedBy = a === chosen ? 'user' : null;
  }
}
