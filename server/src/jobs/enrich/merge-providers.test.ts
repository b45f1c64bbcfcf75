import { describe, expect, it } from 'vitest';
import type { ProviderTitle } from '../../integrations/providers/provider.types.js';
import { mergeProviders } from './merge-providers.js';

const answer = (provider: ProviderTitle['provider'], over: Partial<ProviderTitle>): ProviderTitle => ({ provider, externalId: `x/${provider}`, fields: {}, externalIds: [], artwork: [], seasons: [], payload: {}, ...over });

describe('merging provider answers', () => {
  it('takes each field from the first provider in priority order that has it', () => {
    const plan = mergeProviders([
      answer('tmdb', { fields: { name: 'Breaking Bad', overview: null, genres: [] } }),
      answer('tvdb', { fields: { name: 'Breaking Bad (US)', overview: 'A teacher…', genres: ['Drama'], runtime: 47 } }),
    ]);
    expect(plan.shares).toEqual([
      { provider: 'tmdb', fields: { name: 'Breaking Bad' }, seasons: [] },
      { provider: 'tvdb', fields: { overview: 'A teacher…', genres: ['Drama'], runtime: 47 }, seasons: [] },
    ]);
  });

  it('merges seasons and episodes field by field and keeps the first id per provider and every artwork once', () => {
    const poster = { kind: 'POSTER' as const, seasonNumber: null, url: 'https://img/p.jpg', width: 1, height: 1, language: null, votes: 1, rating: null };
    const plan = mergeProviders([
      answer('tmdb', { externalIds: [{ provider: 'tmdb', value: '1396' }, { provider: 'tvdb', value: '81189' }], artwork: [poster], seasons: [{ number: 1, name: 'Season 1', episodes: [{ number: 1, name: 'Pilot' }] }] }),
      answer('tvdb', { externalIds: [{ provider: 'tvdb', value: '81189' }, { provider: 'imdb', value: 'tt0903747' }], artwork: [poster], seasons: [{ number: 1, name: 'S1', overview: 'First', episodes: [{ number: 1, name: 'Pilot!', runtime: 58 }, { number: 2, name: 'Cat' }] }] }),
    ]);
    expect(plan.shares[0]!.seasons).toEqual([{ number: 1, name: 'Season 1', episodes: [{ number: 1, name: 'Pilot' }] }]);
    expect(plan.shares[1]!.seasons).toEqual([{ number: 1, overview: 'First', episodes: [{ number: 1, runtime: 58 }, { number: 2, name: 'Cat' }] }]);
    expect(plan.externalIds).toEqual([{ provider: 'tmdb', value: '1396' }, { provider: 'tvdb', value: '81189' }, { provider: 'imdb', value: 'tt0903747' }]);
    expect(plan.artwork).toHaveLength(1);
    expect(plan.artwork[0]!.provider).toBe('tmdb');
  });
});
