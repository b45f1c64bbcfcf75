import type { CreditRole } from '@marquee/read-models';
import { text, type ProviderCredit } from '../provider.types.js';

type Json = Record<string, any>;

/** Top-billed cast kept per title (Kodi and Jellyfin show the first few anyway). */
export const MAX_CAST = 20;
/** Crew kept per role (a long series has dozens of episode directors; the most frequent win). */
export const MAX_CREW_PER_ROLE = 10;

/** TMDB crew jobs → Marquee roles; other jobs are not kept. */
const CREW_JOBS: Record<string, CreditRole> = {
  Director: 'DIRECTOR',
  Screenplay: 'WRITER',
  Writer: 'WRITER',
  Novel: 'WRITER',
  Story: 'WRITER',
  Teleplay: 'WRITER',
  Author: 'WRITER',
  Producer: 'PRODUCER',
  'Original Music Composer': 'COMPOSER',
  Music: 'COMPOSER',
};

function person(p: Json): Pick<ProviderCredit, 'personId' | 'name' | 'originalName'> | null {
  const name = text(p?.name, 500);
  if (!name) return null;
  const original = text(p.original_name, 500);
  return { personId: Number.isSafeInteger(p.id) && p.id > 0 ? String(p.id) : null, name, originalName: original && original !== name ? original : null };
}

/**
 * Cast and crew from TMDB's `/movie/{id}/credits` or `/tv/{id}/aggregate_credits` (series:
 * characters and jobs come as lists, ranked by episode count), plus a series' creators.
 * Cast keeps TMDB's billing order (top {@link MAX_CAST}); a "(voice)" part is a VOICE credit.
 */
export function tmdbCredits(body: Json | null | undefined, createdBy: unknown): ProviderCredit[] {
  const out: ProviderCredit[] = [];
  const seen = new Set<string>();
  const add = (c: ProviderCredit) => {
    const key = `${c.personId ?? c.name}\0${c.role}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  const cast = ((body?.cast as Json[] | undefined) ?? [])
    .filter((c) => c && typeof c === 'object')
    .map((c, i) => ({ c, order: Number.isInteger(c.order) && c.order >= 0 ? c.order : 10_000 + i }))
    .sort((a, b) => a.order - b.order)
    .slice(0, MAX_CAST);
  for (const { c } of cast) {
    const p = person(c);
    if (!p) continue;
    const i = out.length;
    const character = text(c.character ?? (c.roles as Json[] | undefined)?.[0]?.character, 500);
    const voice = character !== null && /\(voice\)/i.test(character);
    add({ ...p, role: voice ? 'VOICE' : 'ACTOR', character: voice ? character.replace(/\s*\(voice\)\s*/i, '').trim() || null : character, order: i });
  }
  const crew: Array<ProviderCredit & { weight: number }> = [];
  for (const c of Array.isArray(createdBy) ? (createdBy as Json[]) : []) {
    const p = person(c);
    if (p) crew.push({ ...p, role: 'CREATOR', character: null, order: 0, weight: Number.MAX_SAFE_INTEGER });
  }
  for (const c of (body?.crew as Json[] | undefined) ?? []) {
    const p = person(c);
    if (!p) continue;
    const jobs = typeof c.job === 'string' ? [c.job] : ((c.jobs as Json[] | undefined) ?? []).map((j) => j?.job);
    for (const job of jobs) {
      const role = typeof job === 'string' ? CREW_JOBS[job] : undefined;
      if (role) crew.push({ ...p, role, character: null, order: 0, weight: Number.isInteger(c.total_episode_count) ? c.total_episode_count : 0 });
    }
  }
  const perRole = new Map<CreditRole, number>();
  for (const { weight: _, ...c } of crew.sort((a, b) => b.weight - a.weight)) {
    const n = perRole.get(c.role) ?? 0;
    if (n >= MAX_CREW_PER_ROLE || seen.has(`${c.personId ?? c.name}\0${c.role}`)) continue;
    perRole.set(c.role, n + 1);
    add({ ...c, order: n });
  }
  return out;
}
