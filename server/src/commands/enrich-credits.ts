import type { EntityManager } from '@mikro-orm/postgresql';
import type { TitleField } from '@marquee/read-models';
import { Credit, Person } from '../domain/catalog/person.entity.js';
import type { Title } from '../domain/catalog/title.entity.js';
import type { ProviderCredit, ProviderName } from '../integrations/providers/provider.types.js';

const creditKey = (name: string, c: { role: string; character: string | null; order: number }) => JSON.stringify([name, c.role, c.character, c.order]);

/**
 * Sets a title's cast and crew from a provider, as one lockable field: when the user locked
 * `credits` (editing them does) nothing changes and `credits` is reported as protected. People are
 * reused by name — the person credited on this title first, else the oldest person of that name —
 * and created when missing. Returns the people created (their events go to the outbox).
 */
export async function applyProviderCredits(
  em: EntityManager,
  title: Title,
  given: { provider: ProviderName; credits: ProviderCredit[] },
  outcome: { fields: Partial<Record<TitleField, string>>; protectedFields: TitleField[] },
): Promise<Person[]> {
  const current = title.credits.getItems();
  const before = current.map((c) => creditKey(c.person.name, c)).sort();
  const after = given.credits.map((c) => creditKey(c.name, c)).sort();
  if (before.length === after.length && before.every((k, i) => k === after[i])) return [];
  if (title.locks.includes('credits')) {
    outcome.protectedFields.push('credits');
    return [];
  }
  const byName = new Map<string, Person>(current.map((c) => [c.person.name, c.person]));
  const missing = [...new Set(given.credits.map((c) => c.name).filter((n) => !byName.has(n)))];
  if (missing.length) {
    for (const p of await em.find(Person, { name: { $in: missing } }, { orderBy: { createdAt: 'asc', id: 'asc' } })) if (!byName.has(p.name)) byName.set(p.name, p);
  }
  const created: Person[] = [];
  for (const c of given.credits) {
    if (byName.has(c.name)) continue;
    const person = em.create(Person, { name: c.name, originalName: c.originalName });
    byName.set(c.name, person);
    created.push(person);
  }
  title.credits.removeAll();
  for (const c of given.credits) title.credits.add(em.create(Credit, { title, person: byName.get(c.name)!, role: c.role, character: c.character, order: c.order }));
  title.provenance = { ...title.provenance, credits: { source: 'provider', origin: given.provider, at: new Date().toISOString() } };
  outcome.fields.credits = given.provider;
  return created;
}
