import type { TitleState } from './events.js';

/** A title state with every optional part empty, for events built outside the server (tests, tools). */
export function emptyTitleState(base: Pick<TitleState, 'id' | 'kind' | 'name'> & Partial<TitleState>): TitleState {
  const now = new Date().toISOString();
  return {
    originalTitle: null,
    synonyms: [],
    year: null,
    overview: null,
    runtime: null,
    status: null,
    rating: null,
    votes: null,
    popularity: null,
    genres: [],
    studios: [],
    tags: [],
    format: null,
    releaseSeason: null,
    episodeCount: null,
    externalIds: [],
    credits: [],
    artwork: [],
    seasons: [],
    provenance: {},
    locks: [],
    deletedAt: null,
    createdAt: now,
    updatedAt: now,
    ...base,
  };
}
