import { describe, expect, it } from 'vitest';
import { fold, foldUnicode, searchTokens, sortName, sortScore } from './text.js';

describe('text folding', () => {
  it.each([
    ['Amélie', 'amelie'],
    ['Pokémon: The Movie 2000', 'pokemon the movie 2000'],
    ['ＡＫＩＲＡ', 'akira'],
    ['Shingeki no Kyojin (進撃の巨人)', 'shingeki no kyojin 進撃の巨人'],
  ])('%s → %s', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it('folds printable ASCII (its fast path) exactly as the Unicode passes do', () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const samples = [printable.join(''), ...printable, 'The Matrix: Reloaded (2003)', '  --Hello__World--  ', 'Fate/stay night [UBW] #1'];
    for (let i = 0; i < 2_000; i++) samples.push(Array.from({ length: 1 + Math.floor(rand() * 30) }, () => printable[Math.floor(rand() * printable.length)]).join(''));
    for (const text of samples) expect(fold(text)).toBe(foldUnicode(text));
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
