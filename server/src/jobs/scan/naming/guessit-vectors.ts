import { readFileSync } from 'node:fs';
import { isMap, isNode, isScalar, parseDocument } from 'yaml';

/**
 * One test vector from guessit's YAML suite, loaded the way guessit's own runner
 * (`guessit/test/test_yml.py`) reads it; see the fixture folder's SOURCE.md.
 */
export interface GuessitVector {
  file: string;
  /** Position in the file, for stable reporting. */
  index: number;
  /**
   * Input string with the `[ +-]` prefix stripped. A `+` (the match must span the whole input) is
   * not checked: only guessit's match spans can tell, and movies.yml and episodes.yml have none.
   */
  input: string;
  /** `-` prefix: the expectation must NOT hold. */
  negated: boolean;
  /** Raw `options` value (CLI string or mapping), or null. */
  options: string | Record<string, unknown> | null;
  /** `-t` / `--type` option, the only option a caller of our parser can express. */
  typeHint: 'movie' | 'episode' | null;
  /** Options the parser cannot honour; a vector with any of these is excluded from accuracy. */
  unsupportedOptions: string[];
  /** Expected fields, `__default__` merged in, `options` removed. Keys may carry a `-` negation prefix. */
  expected: Record<string, unknown>;
}

const PREFIX = /^([ +-]+)(.*)$/s;
const OPTION_TOKEN = /"([^"]*)"|'([^']*)'|(\S+)/g;
const TYPE_FLAGS = new Set(['-t', '--type']);

/** Splits a CLI option string into `[flag, value]` pairs; a flag's value is the following non-flag token. */
function cliOptionPairs(cli: string): [string, string | undefined][] {
  const tokens = Array.from(cli.matchAll(OPTION_TOKEN), (m) => m[1] ?? m[2] ?? m[3]!);
  const pairs: [string, string | undefined][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const value = tokens[i + 1];
    const takesValue = value !== undefined && !value.startsWith('-');
    pairs.push([tokens[i]!, takesValue ? value : undefined]);
    if (takesValue) i++;
  }
  return pairs;
}

function interpretOptions(options: GuessitVector['options']): Pick<GuessitVector, 'typeHint' | 'unsupportedOptions'> {
  let typeHint: GuessitVector['typeHint'] = null;
  const unsupportedOptions: string[] = [];
  if (options === null) return { typeHint, unsupportedOptions };
  const pairs = typeof options === 'string' ? cliOptionPairs(options) : Object.entries(options);
  for (const [name, value] of pairs) {
    if ((TYPE_FLAGS.has(name) || name === 'type') && (value === 'movie' || value === 'episode')) typeHint = value;
    else unsupportedOptions.push(name);
  }
  return { typeHint, unsupportedOptions };
}

/**
 * Loads one guessit YAML file. Keys are read in document order with duplicates kept
 * (the suite repeats inputs with different options), a null value takes the next
 * non-null entry's expectation, and `__default__` fills keys an entry lacks.
 */
export function loadGuessitVectors(dir: URL, file: string): GuessitVector[] {
  const doc = parseDocument(readFileSync(new URL(file, dir), 'utf8'), { uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) throw new Error(`${file}: top level is not a mapping`);

  const entries: { key: string; value: Record<string, unknown> | null }[] = [];
  for (const pair of doc.contents.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const value = (isNode(pair.value) ? pair.value.toJSON() : pair.value) as Record<string, unknown> | null;
    entries.push({ key, value });
  }

  let next: Record<string, unknown> | null = null;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.value === null) entry.value = next;
    else next = entry.value;
  }

  const defaults = entries.find((e) => e.key === '__default__')?.value ?? {};
  const vectors: GuessitVector[] = [];
  for (const { key, value } of entries) {
    if (key === '__default__') continue;
    const { options: rawOptions, ...fields } = value ?? {};
    const options = (rawOptions ?? null) as GuessitVector['options'];
    const prefix = PREFIX.exec(key);
    vectors.push({
      file,
      index: vectors.length,
      input: prefix ? prefix[2]! : key,
      negated: prefix ? prefix[1]!.includes('-') : false,
      options,
      ...interpretOptions(options),
      expected: { ...defaults, ...fields },
    });
  }
  return vectors;
}
