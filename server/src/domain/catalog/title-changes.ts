import { TITLE_FIELDS, type FieldSource, type TitleField, type TitleState } from '@marquee/read-models';

/** A partial set of editable values; `undefined` means "not given", `null` clears. */
export type TitleChanges = Partial<Pick<TitleState, TitleField>>;

export interface ChangeSource {
  source: FieldSource;
  origin?: string | null;
}

export interface ChangeOutcome {
  /** Fields whose value changed. */
  changed: TitleField[];
  /** Fields an automated source wanted to change but a lock protected. */
  protectedByLock: TitleField[];
}

type Editable = Pick<TitleState, TitleField> & Pick<TitleState, 'provenance' | 'locks'>;

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/**
 * Applies changes to a title with the catalog's rules: automated sources (provider, nfo, parser)
 * never change a locked field; every change records who made it and when; a user's edit locks the
 * fields it changes unless `lock` is false. Pure apart from mutating `target`.
 */
export function applyTitleChanges(
  target: Editable,
  changes: TitleChanges,
  by: ChangeSource,
  opts: { lock?: boolean; now?: Date } = {},
): ChangeOutcome {
  const at = (opts.now ?? new Date()).toISOString();
  const automated = by.source !== 'user';
  const outcome: ChangeOutcome = { changed: [], protectedByLock: [] };
  for (const field of TITLE_FIELDS) {
    const value = changes[field];
    if (value === undefined || same(target[field], value)) continue;
    if (automated && target.locks.includes(field)) {
      outcome.protectedByLock.push(field);
      continue;
    }
    (target as Record<TitleField, unknown>)[field] = Array.isArray(value) ? [...value] : value;
    target.provenance = { ...target.provenance, [field]: { source: by.source, origin: by.origin ?? null, at } };
    outcome.changed.push(field);
  }
  if (!automated && (opts.lock ?? true) && outcome.changed.length) {
    target.locks = [...new Set([...target.locks, ...outcome.changed])].sort() as TitleField[];
  }
  return outcome;
}

export function setLocks(target: Pick<TitleState, 'locks'>, fields: readonly TitleField[], locked: boolean): boolean {
  const next = locked ? [...new Set([...target.locks, ...fields])] : target.locks.filter((f) => !fields.includes(f));
  next.sort();
  if (same(next, target.locks)) return false;
  target.locks = next as TitleField[];
  return true;
}

/** Provenance for a new title: every given field was set by `by`. */
export function initialProvenance(values: TitleChanges, by: ChangeSource, now = new Date()): TitleState['provenance'] {
  const at = now.toISOString();
  const provenance: TitleState['provenance'] = {};
  for (const field of TITLE_FIELDS) {
    const value = values[field];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) {
      provenance[field] = { source: by.source, origin: by.origin ?? null, at };
    }
  }
  return provenance;
}
