import type { EntityManager } from '@mikro-orm/postgresql';
import type { TitleField } from '@marquee/read-models';
import { Credit, Person } from '../domain/catalog/person.entity.js';
import type { Title } from '../domain/catalog/title.entity.js';
import type { ProviderCredit, ProviderName } from '../integrations/providers/provider.types.js';
import { heldByNfo, type ChangeSource } from '../domain/catalog/title-changes.js';

const creditKey = (name: string, c: { role: string; character: string | null; order: number }) => JSON.stringify([name, c.role, c.character, c.order]);

/** A credit as automated sources give it: the person by name. */
export type NamedCredit = Pick<ProviderCredit, 'name' | 'role' | 'character' | 'order'> & { originalName?: string | null };

/**
 * Sets a title's cast and crew from a provider, as one lockable field: when the user locked
 * `credits` (editing them does) nothing changes and `credits` is reported as protected; credits an
 * NFO set are kept too (reported as held). People are reused by name — the person credited on this
 * title first, else the oldest person of that name — and created when missing. Returns the people
 * created (their events go to the outbox).
 */
export async function applyProviderCredits(
  em: EntityManager,
  title: Title,
  given: { provider: ProviderName; credits: ProviderCredit[] },
  outcome: { fields: Partial<Record<TitleField, string>>; protectedFields: TitleField[]; heldByNfo?: TitleField[] },
): Promise<Person[]> {
  const { result, created } = await applyNamedCredits(em, title, given.credits, { source: 'provider', origin: given.provider });
  if (result === 'changed') outcome.fields.credits = given.provider;
  else if (result === 'locked') outcome.protectedFields.push('credits');
  else if (result === 'held') outcome.heldByNfo?.push('credits');
  return created;
}

/**
 * The same for any automated source (providers, NFO files): `unchanged` when the title already has
 * exactly these credits, `locked` or `held` when the rules keep them, else `changed` with the
 * people it created.
 */
export async function applyNamedCredits(
  em: EntityManager,
  title: Title,
  credits: readonly NamedCredit[],
  by: ChangeSource,
): Promise<{ result: 'changed' | 'unchanged' | 'locked' | 'held'; created: Person[] }> {
  const created: Person[] = [];
  const current = title.credits.getItems();
  const before = current.map((c) => creditKey(c.person.name, c)).sort();
  const after = credits.map((c) => creditKey(c.name, c)).sort();
  if (before.length === after.length && before.every((k, i) => k === after[i])) return { result: 'unchanged', created };
  if (title.locks.includes('credits')) return { result: 'locked', created };
  if (heldByNfo(by, title.provenance.credits)) return { result: 'held', created };
  const byName = new Map<string, Person>(current.map((c) => [c.person.name, c.person]));
  const missing = [...new Set(credits.map((c) => c.name).filter((n) => !byName.has(n)))];
  if (missing.length) {
    for (const p of await em.find(Person, { name: { $in: missing } }, { orderBy: { createdAt: 'asc', id: 'asc' } })) if (!byName.has(p.name)) byName.set(p.name, p);
  }
  for (const c of credits) {
    if (byName.has(c.name)) continue;
    const person = em.create(Person, { name: c.name, originalName: c.originalName ?? null });
    byName.set(c.name, person);
    created.push(person);
  }
  title.credits.removeAll();
  for (const c of credits) title.credits.add(em.create(Credit, { title, person: byName.get(c.name)!, role: c.role, character: c.character, order: c.order }));
  title.provenance = { ...title.provenance, credits: { source: by.source, origin: by.origin ?? null, at: new Date().toISOString() } };
  return { result: 'changed', created };
}
