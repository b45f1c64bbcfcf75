import { describe, expect, it } from 'vitest';
import type { TitleField, TitleState } from '@marquee/read-models';
import { applyTitleChanges, initialProvenance, setLocks } from './title-changes.js';

function title(over: Partial<TitleState> = {}) {
  return {
    kind: 'MOVIE',
    name: 'Akira',
    originalTitle: null,
    synonyms: [],
    year: 1988,
    overview: null,
    runtime: null,
    status: null,
    rating: null,
    votes: null,
    popularity: null,
    provenance: {},
    locks: [] as TitleField[],
    ...over,
  } as Pick<TitleState, TitleField | 'provenance' | 'locks'>;
}

const now = new Date('2026-11-21T10:00:00.000Z');

describe('applyTitleChanges', () => {
  it('a user edit changes, records provenance and locks the changed fields', () => {
    const t = title();
    const out = applyTitleChanges(t, { name: 'AKIRA', year: 1988, overview: 'Neo-Tokyo' }, { source: 'user' }, { now });
    expect(out).toEqual({ changed: ['name', 'overview'], protectedByLock: [], heldByNfo: [] });
    expect(t.locks).toEqual(['name', 'overview']);
    expect(t.provenance.name).toEqual({ source: 'user', origin: null, at: now.toISOString() });
    expect(t.provenance.year).toBeUndefined();
  });

  it('a user edit with lock: false does not lock', () => {
    const t = title();
    applyTitleChanges(t, { name: 'AKIRA' }, { source: 'user' }, { lock: false, now });
    expect(t.locks).toEqual([]);
  });

  it.each(['provider', 'nfo', 'parser'] as const)('%s never changes a locked field, and changes the others', (source) => {
    const t = title({ locks: ['name'] });
    const out = applyTitleChanges(t, { name: 'Akira (1988)', runtime: 124 }, { source, origin: 'tmdb' }, { now });
    expect(t.name).toBe('Akira');
    expect(t.runtime).toBe(124);
    expect(out).toEqual({ changed: ['runtime'], protectedByLock: ['name'], heldByNfo: [] });
    expect(t.provenance.runtime).toEqual({ source, origin: 'tmdb', at: now.toISOString() });
    expect(t.locks).toEqual(['name']);
  });

  it.each(['provider', 'parser'] as const)('%s never changes a field an NFO set; an NFO changes what a provider set', (source) => {
    const t = title({ overview: 'from the NFO', runtime: 120, provenance: { overview: { source: 'nfo', origin: 'Akira/movie.nfo', at: now.toISOString() }, runtime: { source: 'provider', origin: 'tmdb', at: now.toISOString() } } });
    const out = applyTitleChanges(t, { overview: 'from a provider', year: 1989 }, { source, origin: 'tmdb' }, { now });
    expect(out).toEqual({ changed: ['year'], protectedByLock: [], heldByNfo: ['overview'] });
    expect(t.overview).toBe('from the NFO');
    const back = applyTitleChanges(t, { runtime: 124 }, { source: 'nfo', origin: 'Akira/movie.nfo' }, { now });
    expect(back.changed).toEqual(['runtime']);
    expect(t.provenance.runtime?.source).toBe('nfo');
    // A person's edit always wins.
    expect(applyTitleChanges(t, { overview: 'mine' }, { source: 'user' }, { now }).changed).toEqual(['overview']);
  });

  it('null clears a field; arrays compare by content', () => {
    const t = title({ overview: 'x', synonyms: ['A', 'B'] });
    const out = applyTitleChanges(t, { overview: null, synonyms: ['A', 'B'] }, { source: 'parser' }, { now });
    expect(out.changed).toEqual(['overview']);
    expect(t.overview).toBeNull();
  });
});

describe('setLocks', () => {
  it('locks and unlocks, reporting whether anything changed', () => {
    const t = { locks: ['year'] as TitleField[] };
    expect(setLocks(t, ['name', 'year'], true)).toBe(true);
    expect(t.locks).toEqual(['name', 'year']);
    expect(setLocks(t, ['name'], true)).toBe(false);
    expect(setLocks(t, ['year'], false)).toBe(true);
    expect(t.locks).toEqual(['name']);
  });
});

describe('initialProvenance', () => {
  it('credits every given value to the creator', () => {
    expect(initialProvenance({ kind: 'MOVIE', name: 'Akira', year: null, synonyms: [] }, { source: 'parser', origin: 'anidb' }, now)).toEqual({
      kind: { source: 'parser', origin: 'anidb', at: now.toISOString() },
      name: { source: 'parser', origin: 'anidb', at: now.toISOString() },
    });
  });
});
