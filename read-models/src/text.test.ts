import { describe, expect, it } from 'vitest';
import { fold, searchTokens, sortName, sortScore } from './text.js';

describe('text folding', () => {
  it.each([
    ['Amélie', 'amelie'],
    ['Pokémon: The Movie 2000', 'pokemon the movie 2000'],
    ['ＡＫＩＲＡ', 'akira'],
    ['Shingeki no Kyojin (進撃の巨人)', 'shingeki no kyojin 進撃の巨人'],
  ])('%s → %s', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it('sorts without a leading article', () => {
    expect(sortName('The Matrix')).toBe('matrix');
    expect(sortName('A Bug’s Life')).toBe('bug s life');
    expect(sortName('The')).toBe('the');
  });

  it('sort scores order like the names', () => {
    const names = ['matrix', 'matrix reloaded', 'alien', 'aliens', '2001 a space odyssey', 'zodiac', 'a'].map(sortName);
    const byScore = [...names].sort((a, b) => sortScore(a) - sortScore(b) || (a < b ? -1 : 1));
    expect(byScore).toEqual([...names].sort());
  });

  it('tokens cover words and whole names, folded', () => {
    expect(searchTokens(['One Piece', 'ワンピース'])).toEqual(['one piece', 'one', 'piece', 'ワンピース']);
  });
});
