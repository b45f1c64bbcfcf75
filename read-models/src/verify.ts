import type { DeadLetter } from './apply-batch.js';
import { compareCheckpoints, type Checkpoint } from './checkpoint.js';
import { keys } from './keys.js';
import { activeNamespace, deadLetters, namespaceCheckpoints } from './namespace.js';
import { fetchOutbox } from './outbox-source.js';
import { projectionsFor, type ListingEntry } from './projection.js';
import type { ProjectorOptions } from './projector.js';
import { scanKeys } from './rebuild.js';

export interface Drift {
  model: string;
  id: string;
  reason: 'missing' | 'unexpected' | 'different' | 'listing';
}

export interface VerifyResult {
  namespace: string;
  checkpoints: Checkpoint[];
  checked: number;
  drifted: Drift[];
  /** Events the projector set aside (malformed payloads); reported, not drift. */
  deadLetters: DeadLetter[];
}

/** JSON with object keys sorted, so documents compare by content rather than key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Compares the active namespace with a fresh in-memory projection of the outbox up to the
 * namespace's checkpoint (rows after it are pending, not drift).
 */
export async function verify(
  opts: Pick<ProjectorOptions, 'pool' | 'redis' | 'keySpace' | 'projections'>,
  /** Called as the outbox is replayed (done = events read) and as documents are compared. */
  onProgress?: (step: { stage: 'projecting' | 'comparing'; done: number; total: number }) => void,
): Promise<VerifyResult> {
  const { pool, redis, keySpace: ks, projections } = opts;
  const namespace = await activeNamespace(redis, ks);
  const checkpoints = await namespaceCheckpoints(redis, ks, namespace);
  const count = checkpoints.length;

  const fresh = new Map<string, { model: string; id: string; doc: { version: number } | null; listings: ListingEntry[] }>();
  let cursor: Checkpoint = { txId: '0', id: '0' };
  let replayed = 0;
  for (;;) {
    const rows = await fetchOutbox(pool, cursor, 2_000, { index: -1, count });
    if (rows.length === 0) break;
    replayed += rows.length;
    onProgress?.({ stage: 'projecting', done: replayed, total: replayed });
    for (const row of rows) {
      const at = { txId: row.txId, id: row.id };
      cursor = at;
      // Rows after their partition's checkpoint are pending, not drift.
      if (compareCheckpoints(at, checkpoints[row.partition]!) > 0) continue;
      for (const p of projectionsFor(row, projections)) {
        const id = p.documentId(row);
        const key = `${p.name}:${id}`;
        const prev = fresh.get(key);
        if (prev?.doc && row.aggregateVersion <= prev.doc.version) continue;
        // Same rule as the projector: an event no projection can apply leaves the document as it was.
        try {
          const doc = p.apply(prev?.doc ?? null, row);
          fresh.set(key, { model: p.name, id, doc, listings: doc ? p.listings(doc) : [] });
        } catch {
          continue;
        }
      }
    }
  }

  const drifted: Drift[] = [];
  const entries = [...fresh.values()];
  for (let i = 0; i < entries.length; i += 1_000) {
    onProgress?.({ stage: 'comparing', done: i, total: entries.length });
    const chunk = entries.slice(i, i + 1_000);
    const stored = await redis.mget(...chunk.map((e) => keys.doc(ks, namespace, e.model, e.id)));
    const pipeline = redis.pipeline();
    for (const e of chunk) for (const l of e.listings) pipeline.zscore(keys.listing(ks, namespace, l.listing), l.member);
    const scores = ((await pipeline.exec()) ?? []).map(([, v]) => (v === null ? undefined : Number(v)));
    let s = 0;
    chunk.forEach((e, j) => {
      const json = stored[j];
      const current = json ? (JSON.parse(json) as { version: number }) : null;
      // Applied after the checkpoints were read (the system is live): newer, not drift.
      if (current && e.doc && current.version > e.doc.version) {
        s += e.listings.length;
        return;
      }
      if (e.doc === null && json) drifted.push({ model: e.model, id: e.id, reason: 'unexpected' });
      else if (e.doc && !json) drifted.push({ model: e.model, id: e.id, reason: 'missing' });
      else if (e.doc && current && canonical(current) !== canonical(e.doc)) drifted.push({ model: e.model, id: e.id, reason: 'different' });
      let listingDrift = false;
      for (const l of e.listings) if (scores[s++] !== l.score) listingDrift = true;
      if (listingDrift && !drifted.some((d) => d.id === e.id && d.model === e.model)) {
        drifted.push({ model: e.model, id: e.id, reason: 'listing' });
      }
    });
  }

  // Documents Redis has that no event explains.
  for (const p of projections) {
    const prefix = keys.doc(ks, namespace, p.name, '');
    for (const key of await scanKeys(redis, `${prefix}*`)) {
      const id = key.slice(prefix.length);
      if (!fresh.has(`${p.name}:${id}`)) drifted.push({ model: p.name, id, reason: 'unexpected' });
    }
  }

  return { namespace, checkpoints, checked: fresh.size, drifted, deadLetters: await deadLetters(redis, ks, namespace) };
}
