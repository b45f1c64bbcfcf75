import { describe, expect, it } from 'vitest';
import { autoSelect, selectByUser, type Selectable } from './artwork-selection.js';

const art = (url: string, score: number, kind: Selectable['kind'] = 'POSTER', seasonNumber: number | null = null): Selectable => ({ kind, seasonNumber, url, score, selected: false, selectedBy: null });

describe('artwork selection', () => {
  it('selects the best score per kind and per season', () => {
    const items = [art('a', 5), art('b', 9), art('c', 3, 'FANART'), art('s1', 1, 'SEASON_POSTER', 1), art('s2', 2, 'SEASON_POSTER', 2)];
    expect(autoSelect(items)).toBe(true);
    expect(items.filter((a) => a.selected).map((a) => a.url)).toEqual(['b', 'c', 's1', 's2']);
    expect(autoSelect(items)).toBe(false);
  });

  it('never replaces a user choice, but replaces its own when something better arrives', () => {
    const items = [art('a', 5), art('b', 9)];
    selectByUser(items, items[0]!);
    expect(autoSelect(items)).toBe(false);
    expect(items[0]).toMatchObject({ selected: true, selectedBy: 'user' });
    const fanart = [art('x', 1, 'FANART')];
    autoSelect(fanart);
    fanart.push(art('y', 8, 'FANART'));
    expect(autoSelect(fanart)).toBe(true);
    expect(fanart.map((a) => a.selected)).toEqual([false, true]);
  });
});
