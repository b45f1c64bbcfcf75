import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../../test/harness/fixtures.js';
import { MAX_CAST, MAX_CREW_PER_ROLE, tmdbCredits } from './tmdb-credits.js';

const spec = JSON.parse(readFileSync(path.join(fixturesDir(), 'openapi/tmdb-v3/tmdb-api.parsed-examples.json'), 'utf8'));
const example = (p: string) => spec.paths[p].get.responses['200'].content['application/json'].examples.Result.value;

describe('tmdbCredits', () => {
  it('keeps the top-billed cast with characters and the directors, writers, producers and composers of a movie', () => {
    const credits = tmdbCredits(example('/3/movie/{movie_id}/credits'), undefined);
    const cast = credits.filter((c) => c.role === 'ACTOR' || c.role === 'VOICE');
    expect(cast).toHaveLength(MAX_CAST);
    expect(cast.slice(0, 2)).toEqual([
      { personId: '819', name: 'Edward Norton', originalName: null, role: 'ACTOR', character: 'The Narrator', order: 0 },
      { personId: '287', name: 'Brad Pitt', originalName: null, role: 'ACTOR', character: 'Tyler Durden', order: 1 },
    ]);
    expect(credits.filter((c) => c.role === 'DIRECTOR').map((c) => c.name)).toEqual(['David Fincher']);
    expect(credits.filter((c) => c.role === 'WRITER').map((c) => c.name)).toEqual(['Chuck Palahniuk', 'Jim Uhls']);
    expect(credits.filter((c) => c.role === 'COMPOSER').map((c) => c.name)).toEqual(['John King', 'Michael Simpson']);
  });

  it('ranks a series crew by episode count, caps each role and adds the creators', () => {
    const credits = tmdbCredits(example('/3/tv/{series_id}/aggregate_credits'), [{ id: 9813, name: 'David Benioff' }, { id: 228068, name: 'D.B. Weiss' }]);
    expect(credits.filter((c) => c.role === 'CREATOR').map((c) => c.name)).toEqual(['David Benioff', 'D.B. Weiss']);
    expect(credits.filter((c) => c.role === 'DIRECTOR')).toHaveLength(MAX_CREW_PER_ROLE);
    const first = credits.find((c) => c.role === 'ACTOR' && c.order === 0)!;
    expect(first).toMatchObject({ name: 'Peter Dinklage', character: 'Tyrion Lannister' });
    expect(new Set(credits.map((c) => `${c.personId}:${c.role}`)).size).toBe(credits.length);
  });

  it('marks voice parts, skips nameless entries and survives junk', () => {
    const credits = tmdbCredits({ cast: [{ id: 1, name: 'A', character: 'Fox (voice)', order: 1 }, { id: 2, name: '', order: 0 }, null], crew: 'x' }, 'y');
    expect(credits).toEqual([{ personId: '1', name: 'A', originalName: null, role: 'VOICE', character: 'Fox', order: 0 }]);
    expect(tmdbCredits(null, undefined)).toEqual([]);
  });
});
