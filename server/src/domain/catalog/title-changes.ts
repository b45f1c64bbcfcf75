import { TITLE_VALUE_FIELDS, type FieldProvenance, type FieldSource, type TitleField, type TitleState, type TitleValueField } from '@marquee/read-models';

/** A partial set of editable values; `undefined` means "not given", `null` clears. */
export type TitleChanges = Partial<Pick<TitleState, TitleValueField>>;

export interface ChangeSource {
  source: FieldSource;
  origin?: string | null;
}

export interface ChangeOutcome<F extends string = TitleField> {
  /** Fields whose value changed. */
  changed: F[];
  /** Fields an automated source wanted to change but a lock protected. */
  protectedByLock: F[];
  /** Fields a provider or catalog import wanted to change but an NFO had set (see `heldByNfo`). */
  heldByNfo: F[];
}

/**
 * The user's NFO files outrank providers and catalog imports: a field an NFO set is theirs until
 * the NFO changes it again or a person edits it. Without this, the enrichment that follows every
 * scan would replace what a Kodi, Jellyfin or tinyMediaManager library says at once.
 */
export function heldByNfo(by: ChangeSource, current: FieldProvenance | undefined): boolean {
  return (by.source === 'provider' || by.source === 'parser') && current?.source === 'nfo';
}

/** Anything with editable fields, provenance and locks: titles, seasons, episodes. */
type Editable<F extends string> = { [K in F]: unknown } & { provenance: Partial<Record<F, FieldProvenance>>; locks: F[] };

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/**
 * Applies changes to a title with the catalog's rules: automated sources (provider, nfo, parser)
 * never change a locked field; providers and imports never change a field an NFO set; every change records who made it and when; a user's edit locks the
 * fields it changes unless `lock` is false. Pure apart from mutating `target`.
 */
export function applyTitleChanges(
  target: Editable<TitleField>,
  changes: TitleChanges,
  by: ChangeSource,
  opts: { lock?: boolean; now?: Date } = {},
): ChangeOutcome {
  return applyFieldChanges<TitleField>(target, changes, TITLE_VALUE_FIELDS, by, opts);
}

/** The same rules for any set of editable fields (seasons and episodes use their own lists). */
export function applyFieldChanges<F extends string>(
  target: Editable<F>,
  changes: Partial<Record<F, unknown>>,
  fields: readonly F[],
  by: ChangeSource,
  opts: { lock?: boolean; now?: Date } = {},
): ChangeOutcome<F> {
  const at = (opts.now ?? new Date()).toISOString();
  const automated = by.source !== 'user';
  const outcome: ChangeOutcome<F> = { changed: [], protectedByLock: [], heldByNfo: [] };
  for (const field of fields) {
    const value = changes[field];
    if (value === undefined || same(target[field], value)) continue;
    if (automated && target.locks.includes(field)) {
      outcome.protectedByLock.push(field);
      continue;
    }
    if (heldByNfo(by, target.provenance[field])) {
      outcome.heldByNfo.push(field);
      continue;
    }
    (target as Record<F, unknown>)[field] = Array.isArray(value) ? [...value] : value;
    target.provenance = { ...target.provenance, [field]: { source: by.source, origin: by.origin ?? null, at } };
    outcome.changed.push(field);
  }
  if (!automated && (opts.lock ?? true) && outcome.changed.length) {
    target.locks = [...new Set([...target.locks, ...outcome.changed])].sort();
  }
  return outcome;
}

export function setLocks<F extends string>(target: { locks: F[] }, fields: readonly F[], locked: boolean): boolean {
  const next = locked ? [...new Set([...target.locks, ...fields])] : target.locks.filter((f) => !fields.includes(f));
  next.sort();
  if (same(next, target.locks)) return false;
  target.locks = next;
  return true;
}

/** Provenance for a new record: every given field was set by `by`. */
export function initialProvenance<F extends string = TitleField>(
  values: Partial<Record<F, unknown>>,
  by: ChangeSource,
  now = new Date(),
  fields: readonly F[] = TITLE_VALUE_FIELDS as unknown as readonly F[],
): Partial<Record<F, FieldProvenance>> {
  const at = now.toISOString();
  const provenance: Partial<Record<F, FieldProvenance>> = {};
  for (const field of fields) {
    const value = values[field];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) {
      provenance[field] = { source: by.source, origin: by.origin ?? null, at };
    }
  }
  return provenance;
}
