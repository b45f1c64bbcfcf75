const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const NOT_ASCII_ALNUM = /[^a-z0-9]+/g;

/**
 * Text folding for sorting and search: Unicode-normalized, case- and diacritic-folded, with
 * punctuation turned into spaces. "Amélie" and "amelie" match; "Pokémon: The Movie" becomes
 * "pokemon the movie".
 */
export function fold(text: string): string {
  // Printable ASCII (most names) folds the same without the Unicode passes: normalization leaves
  // it alone and its only letters and digits are [a-z0-9] once lower-cased.
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase().replace(NOT_ASCII_ALNUM, ' ').trim();
  return foldUnicode(text);
}

/** `fold` through the Unicode passes alone, whatever the text (what the ASCII fast path must equal). */
export function foldUnicode(text: string): string {
  return text
    .normalize('NFKD')
    // Accents go from alphabetic scripts only: in kana or Devanagari a mark changes the letter.
    .replace(/([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const LEADING_ARTICLE = /^(the|a|an) (?=\S)/;

/** The key titles sort by: folded, without a leading English article ("The Matrix" → "matrix"). */
export function sortName(name: string): string {
  return fold(name).replace(LEADING_ARTICLE, '');
}

const ALPHABET = ' 0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A number that orders like the first ten characters of a sort name (37 symbols, 37^10 < 2^53).
 * Members with the same score are ordered by Redis by the member itself, which starts with the
 * full sort name, so the whole order is exact.
 */
export function sortScore(key: string): number {
  let score = 0;
  for (let i = 0; i < 10; i++) {
    const c = key[i];
    const digit = c === undefined ? 0 : Math.max(0, ALPHABET.indexOf(c));
    score = score * 37 + digit;
  }
  return score;
}

/** Search tokens: every word, plus the whole folded phrase (for prefix search across words). */
export function searchTokens(names: readonly string[]): string[] {
  const tokens = new Set<string>();
  for (const name of names) {
    const folded = fold(name);
    if (!folded) continue;
    tokens.add(folded);
    for (const word of folded.split(' ')) if (word) tokens.add(word);
  }
  return [...tokens];
}
