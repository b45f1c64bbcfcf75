/**
 * Parsing of element text that NFO writers format inconsistently: locale decimals, thousands
 * separators, units, several values packed into one element, wrapped lines.
 */

import type { NfoDate, NfoDateTime } from './nfo.types.js';

/** One-line text: whitespace runs (from hard-wrapped XML) become one space. */
export function cleanLine(raw: string): string | undefined {
  const text = raw.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

/** Multi-line text such as a plot: line breaks kept, the indentation of wrapped XML dropped. */
export function cleanBlock(raw: string): string | undefined {
  const text = raw
    .split(/\r\n?|\n/)
    .map((line) => line.trim())
    .join('\n')
    .trim();
  return text === '' ? undefined : text;
}

/** Trims separators left at either end of a split value ("Zack Snyder,"), without a backtracking regex. */
function trimSeparators(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === ',' || text[start] === ' ')) start++;
  while (end > start && (text[end - 1] === ',' || text[end - 1] === ' ')) end--;
  return text.slice(start, end);
}

const DECIMAL = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

/** A decimal; a comma separator ("7,5", from comma-decimal locales) reads as a point. */
export function parseDecimal(raw: string): number | undefined {
  const text = raw.trim();
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}

const INTEGER = /^[+-]?\d+$/;
const GROUPED_INTEGER = /^\d{1,3}(?:([,.])\d{3})(?:\1\d{3})*$/;

/** A whole number; thousands separators ("3,998" votes) are allowed. */
export function parseInteger(raw: string): number | undefined {
  const text = raw.trim();
  let digits: string;
  if (INTEGER.test(text)) digits = text;
  else if (GROUPED_INTEGER.test(text)) digits = text.replace(/[,.]/g, '');
  else return undefined;
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Minutes, tolerating a unit ("140 min") and a fraction. */
export function parseMinutes(raw: string): number | undefined {
  const match = /^(\d+(?:[.,]\d+)?)\s*(?:m|min|mins|minutes)?$/i.exec(raw.trim());
  if (!match) return undefined;
  const minutes = parseDecimal(match[1]!);
  return minutes === undefined ? undefined : Math.round(minutes);
}

export function parseBoolean(raw: string): boolean | undefined {
  const text = raw.trim().toLowerCase();
  if (text === 'true' || text === '1' || text === 'yes') return true;
  if (text === 'false' || text === '0' || text === 'no') return false;
  return undefined;
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const SLASH_DATE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
/** MediaPortal writes day-first dates ("19.08.2009"). */
const DOTTED_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

function isoDate(year: number, month: number, day: number): NfoDate | undefined {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function parseDate(raw: string): NfoDate | undefined {
  const text = raw.trim();
  const iso = ISO_DATE_TIME.exec(text) ?? SLASH_DATE.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dotted = DOTTED_DATE.exec(text);
  if (dotted) return isoDate(Number(dotted[3]), Number(dotted[2]), Number(dotted[1]));
  return undefined;
}

export function parseDateTime(raw: string): NfoDateTime | undefined {
  const text = raw.trim();
  const match = ISO_DATE_TIME.exec(text);
  if (!match || match[4] === undefined) return parseDate(text);
  const date = isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  const [hours, minutes, seconds] = [Number(match[4]), Number(match[5]), Number(match[6] ?? 0)];
  if (date === undefined || hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const time = [hours, minutes, seconds].map((n) => String(n).padStart(2, '0')).join(':');
  const zone = match[7] === undefined ? '' : match[7].toUpperCase();
  return `${date}T${time}${zone}`;
}

export interface SplitRule {
  /** Split on '/': anywhere, or only when spaced (" / ") because the values may contain slashes. */
  slash: 'any' | 'spaced';
  /** Split a comma list, but only when it is the element's sole occurrence (see splitValues). */
  commas: boolean;
}

/**
 * The values of a repeated element as one list. Old writers pack several values into one element
 * ("Drama / Comedy", MediaPortal's "|A|B|", "A, B, C"); commas split only a sole element, since
 * names with commas ("Focus Films, inc") appear among repeated elements. Deduplicated, in order.
 */
export function splitValues(raw: readonly string[], rule: SplitRule): string[] {
  const separators = rule.slash === 'any' ? /[|;/]/ : /[|;]|\s\/\s/;
  const parts = raw.flatMap((value) => value.split(separators)).filter((part) => part.trim() !== '');
  const splitCommas = rule.commas && raw.length === 1 && parts.length === 1;
  const values = (splitCommas ? parts.flatMap((part) => part.split(',')) : parts)
    .map((part) => trimSeparators(part.replace(/\s+/g, ' ')))
    .filter((part) => part !== '');
  return [...new Set(values)];
}

/** Values that are each one item whatever they contain (tags, URLs): cleaned and deduplicated. */
export function distinctLines(raw: readonly string[]): string[] {
  return [...new Set(raw.map(cleanLine).filter((value): value is string => value !== undefined))];
}
