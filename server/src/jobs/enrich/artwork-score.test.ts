import { describe, expect, it } from 'vitest';
import { artworkScore } from './artwork-score.js';

const poster = { kind: 'POSTER' as const, width: 1000, height: 1500, language: 'en', votes: 0, rating: null };

describe('artwork score', () => {
  it('prefers the reader language for posters, then textless, then English, then others', () => {
    const de = artworkScore({ ...poster, language: 'de' }, 'de');
    const none = artworkScore({ ...poster, language: null }, 'de');
    const en = artworkScore({ ...poster, language: 'en' }, 'de');
    const fr = artworkScore({ ...poster, language: 'fr' }, 'de');
    expect(de).toBeGreaterThan(none);
    expect(none).toBeGreaterThan(en);
    expect(en).toBeGreaterThan(fr);
  });

  it('prefers textless backgrounds', () => {
    const fanart = { ...poster, kind: 'FANART' as const, width: 1920, height: 1080 };
    expect(artworkScore({ ...fanart, language: null }, 'en')).toBeGreaterThan(artworkScore(fanart, 'en'));
  });

  it('language outweighs resolution and votes; then resolution and votes decide', () => {
    const smallPreferred = artworkScore({ ...poster, width: 300, height: 450, votes: 0 }, 'en');
    const hugeForeign = artworkScore({ ...poster, language: 'fr', width: 4000, height: 6000, votes: 5000, rating: 10 }, 'en');
    expect(smallPreferred).toBeGreaterThan(hugeForeign);
    expect(artworkScore({ ...poster, width: 2000, height: 3000 }, 'en')).toBe(artworkScore(poster, 'en'));
    expect(artworkScore(poster, 'en')).toBeGreaterThan(artworkScore({ ...poster, width: 500, height: 750 }, 'en'));
    expect(artworkScore({ ...poster, votes: 20 }, 'en')).toBeGreaterThan(artworkScore(poster, 'en'));
  });

  it('stays within 0 to 200', () => {
    expect(artworkScore({ ...poster, width: 99_999, height: 99_999, votes: 1e9, rating: 99 }, 'en')).toBe(200);
    expect(artworkScore({ ...poster, language: 'fr', width: null, height: null, votes: null, rating: null }, 'en')).toBe(20);
  });
});
