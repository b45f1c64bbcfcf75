import { describe, expect, it } from 'vitest';
import { mergeHistory, mergeProgress, mergeStates, newest, type MergeableState } from './user-state-merge.js';

const at = (s: string) => new Date(`2026-01-01T${s}Z`);
const empty: MergeableState = { status: null, statusAt: null, favourite: false, favouriteAt: null, rating: null, ratingAt: null, notes: null, notesAt: null, progress: [], history: [] };

describe('newest change wins', () => {
  it('takes the incoming value only when it is newer', () => {
    expect(newest({ value: 1, at: at('10:00:00') }, { value: 2, at: at('11:00:00') }).value).toBe(2);
    expect(newest({ value: 1, at: at('10:00:00') }, { value: 2, at: at('09:00:00') }).value).toBe(1);
    expect(newest({ value: 1, at: at('10:00:00') }, { value: 2, at: at('10:00:00') }).value).toBe(1);
    expect(newest({ value: 1, at: null }, { value: 2, at: at('09:00:00') }).value).toBe(2);
  });

  it('progress converges whatever order two devices report in', () => {
    const phone = { seasonNumber: 1, episodeNumber: 2, position: 300, duration: 1400, updatedAt: '2026-01-01T10:00:00.000Z' };
    const tv = { seasonNumber: 1, episodeNumber: 2, position: 900, duration: 1400, updatedAt: '2026-01-01T10:05:00.000Z' };
    const a = mergeProgress(mergeProgress([], [phone]).progress, [tv]);
    const b = mergeProgress(mergeProgress([], [tv]).progress, [phone]);
    expect(a.progress).toEqual([tv]);
    expect(b.progress).toEqual([tv]);
    expect(b.changed).toBe(false);
  });

  it('history unites entries and ignores the same watch twice', () => {
    const h1 = { id: 'a', seasonNumber: null, episodeNumber: null, watchedAt: '2026-01-01T10:00:00.000Z', source: 'NFO' as const };
    const again = { ...h1, id: 'b' };
    const h2 = { ...h1, id: 'c', watchedAt: '2026-01-02T10:00:00.000Z' };
    const merged = mergeHistory([h1], [again, h2]);
    expect(merged.history.map((h) => h.id)).toEqual(['c', 'a']);
    expect(mergeHistory(merged.history, [h1]).changed).toBe(false);
  });

  it('merging two titles keeps each part from its latest change', () => {
    const target = { ...empty, status: 'PLANNED' as const, statusAt: at('09:00:00'), rating: 6, ratingAt: at('12:00:00') };
    const source = { ...empty, status: 'COMPLETED' as const, statusAt: at('10:00:00'), rating: 9, ratingAt: at('08:00:00'), notes: 'great', notesAt: at('08:00:00') };
    expect(mergeStates(target, source)).toMatchObject({ status: 'COMPLETED', rating: 6, notes: 'great' });
  });
});
