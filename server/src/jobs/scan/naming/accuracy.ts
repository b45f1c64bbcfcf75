import type { GuessitVector } from './guessit-vectors.js';
import type { ParsedName, ParseNameHints } from './parse-name.js';

export const SCORED_FIELDS = ['title', 'year', 'season', 'episode', 'absoluteEpisode', 'kind'] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

const GUESSIT_KEY: Record<ScoredField, string> = {
  title: 'title',
  year: 'year',
  season: 'season',
  episode: 'episode',
  absoluteEpisode: 'absolute_episode',
  kind: 'type',
};

/** The part of a parse result that is scored; library adapters only fill this much. */
export type ScoredName = Pick<ParsedName, 'kind' | 'title' | 'year' | 'season' | 'episode' | 'absoluteEpisode'> &
  Partial<Pick<ParsedName, 'seasons'>>;
export type NameParser = (input: string, hints: ParseNameHints) => ScoredName;

export interface FieldScore {
  /** Vectors whose expectation names the field. */
  expected: number;
  correct: number;
  /** Vectors that name no such field but the parser returned a value anyway. */
  falsePositives: number;
}

export interface Failure {
  file: string;
  index: number;
  input: string;
  field: ScoredField;
  expected: unknown;
  actual: unknown;
}

export interface Accuracy {
  scored: number;
  excluded: GuessitVector[];
  fields: Record<ScoredField, FieldScore>;
  /** Negated vectors (`-` prefix): each scored field they name, other than `type`, must NOT equal the parser's value. */
  negatedChecks: { total: number; passed: number };
  failures: Failure[];
  /** Inputs on which the parser threw; scored as an empty result. */
  errors: number;
}

const WHITESPACE_RE = /\s+/g;

/** Case-insensitive, Unicode-NFC, whitespace runs collapsed to one space and trimmed. */
export function normalizeTitle(title: string): string {
  return title.normalize('NFC').toLowerCase().replace(WHITESPACE_RE, ' ').trim();
}

function numberSet(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const list = (Array.isArray(value) ? value : [value]).map(Number);
  return [...new Set(list)].sort((a, b) => a - b).join(',');
}

function actualValue(result: ScoredName, field: ScoredField): unknown {
  if (field === 'season') return result.seasons ?? result.season;
  return result[field];
}

function isCorrect(field: ScoredField, expected: unknown, actual: unknown): boolean {
  if (actual === null || actual === undefined) return false;
  if (field === 'title') return typeof actual === 'string' && normalizeTitle(actual) === normalizeTitle(String(expected));
  if (field === 'kind') return actual === expected;
  return numberSet(expected) === numberSet(actual);
}

const EMPTY: ScoredName = { kind: 'movie', title: null, year: null, season: null, episode: null, absoluteEpisode: null };

/**
 * Per-field accuracy of a parser over guessit vectors: correct / vectors expecting the field.
 * Vectors with options the parser cannot honour are excluded; `-t`/`--type` is passed as a hint.
 */
export function scoreParser(vectors: GuessitVector[], parse: NameParser): Accuracy {
  const fields = Object.fromEntries(SCORED_FIELDS.map((f) => [f, { expected: 0, correct: 0, falsePositives: 0 }])) as Record<
    ScoredField,
    FieldScore
  >;
  const accuracy: Accuracy = { scored: 0, excluded: [], fields, negatedChecks: { total: 0, passed: 0 }, failures: [], errors: 0 };

  for (const vector of vectors) {
    if (vector.unsupportedOptions.length > 0) {
      accuracy.excluded.push(vector);
      continue;
    }
    let result: ScoredName;
    try {
      result = parse(vector.input, vector.typeHint ? { kind: vector.typeHint } : {});
    } catch {
      accuracy.errors++;
      result = EMPTY;
    }
    if (vector.negated) {
      for (const field of SCORED_FIELDS) {
        const key = GUESSIT_KEY[field];
        if (field === 'kind' || !(key in vector.expected)) continue;
        accuracy.negatedChecks.total++;
        if (!isCorrect(field, vector.expected[key], actualValue(result, field))) accuracy.negatedChecks.passed++;
      }
      continue;
    }
    accuracy.scored++;
    for (const field of SCORED_FIELDS) {
      const key = GUESSIT_KEY[field];
      const actual = actualValue(result, field);
      if (!(key in vector.expected)) {
        if (field !== 'kind' && actual !== null && actual !== undefined) fields[field].falsePositives++;
        continue;
      }
      fields[field].expected++;
      if (isCorrect(field, vector.expected[key], actual)) fields[field].correct++;
      else accuracy.failures.push({ file: vector.file, index: vector.index, input: vector.input, field, expected: vector.expected[key], actual });
    }
  }
  return accuracy;
}
