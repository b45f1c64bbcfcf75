import type { Redis } from 'ioredis';
import { formatCheckpoint, type Checkpoint } from './checkpoint.js';
import type { OutboxRecord } from './events.js';
import { keys, type KeySpace } from './keys.js';
import { entryKey, projectionsFor, type AnyProjection, type ListingEntry } from './projection.js';

/**
 * Applies one batch of outbox rows to a namespace in a single Lua script: every document write is
 * guarded by the version map (an older or equal version is skipped, so replays and out-of-order
 * deliveries never move a document backwards) and the checkpoint advances compare-and-set in the
 * same atomic step. A checkpoint that moved under us (a second projector) makes the whole batch
 * a no-op and the caller re-reads.
 */
const APPLY_SCRIPT = `
local cp = redis.call('GET', KEYS[2]) or ''
if cp ~= ARGV[1] then return -1 end
local ops = cjson.decode(ARGV[3])
local applied = 0
for _, op in ipairs(ops) do
  local cur = tonumber(redis.call('HGET', KEYS[1], op.f) or '0')
  if op.v > cur then
    redis.call('HSET', KEYS[1], op.f, op.v)
    if op.a == 0 then redis.call('DEL', KEYS[op.k]) else redis.call('SET', KEYS[op.k], ARGV[op.a]) end
    for _, l in ipairs(op.l) do
      if l.r then redis.call('ZREM', KEYS[l.k], l.m) else redis.call('ZADD', KEYS[l.k], l.s, l.m) end
    end
    applied = applied + 1
  end
end
redis.call('SET', KEYS[2], ARGV[2])
return applied
`;

/** ARGV 1–3 are the checkpoints and the ops; the documents follow (Lua indexes from 1). */
const FIRST_DOCUMENT_ARG = 4;

interface DocOp {
  /** Version-map field. */
  f: string;
  v: number;
  /** KEYS index of the document. */
  k: number;
  /**
   * ARGV index of the document's JSON, 0 to delete. Documents travel as arguments of their own,
   * not inside the ops JSON, so they are neither escaped again here nor decoded again by Lua.
   */
  a: number;
  /** Listing changes: add or update member `m` with score `s`, or remove it (`r`). */
  l: Array<{ k: number; m: string; s?: number; r?: true }>;
}

export interface AppliedChange {
  model: string;
  id: string;
  version: number;
  deleted: boolean;
}

export interface BatchResult {
  /** -1 when the checkpoint moved under us. */
  applied: number;
  changes: AppliedChange[];
  /** Events no projection could apply; kept in the namespace's dead-letter hash. */
  deadLetters: DeadLetter[];
}

export interface DeadLetter {
  outboxId: string;
  model: string;
  id: string;
  type: string;
  error: string;
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    marqueeApplyBatch(
      numKeys: number,
      ...args: (string | number)[]
    ): import('ioredis').Result<number, Context>;
  }
}

const withScripts = new WeakSet<Redis>();

export function defineScripts(redis: Redis): void {
  if (withScripts.has(redis)) return;
  redis.defineCommand('marqueeApplyBatch', { lua: APPLY_SCRIPT });
  withScripts.add(redis);
}

export async function applyBatch(
  redis: Redis,
  ks: KeySpace,
  ns: string,
  partition: number,
  projections: readonly AnyProjection[],
  rows: readonly OutboxRecord[],
  /** The checkpoint string read before fetching `rows` ('' when none): the compare-and-set guard. */
  fromRaw: string,
  to: Checkpoint,
): Promise<BatchResult> {
  defineScripts(redis);
  // Group the batch per document, in outbox order.
  const perDoc = new Map<string, { projection: AnyProjection; id: string; events: OutboxRecord[] }>();
  for (const row of rows) {
    for (const projection of projectionsFor(row, projections)) {
      const id = projection.documentId(row);
      const field = `${projection.name}:${id}`;
      let entry = perDoc.get(field);
      if (!entry) perDoc.set(field, (entry = { projection, id, events: [] }));
      entry.events.push(row);
    }
  }

  const fields = [...perDoc.keys()];
  const versionKey = keys.versions(ks, ns);
  const docKeys = fields.map((f) => {
    const e = perDoc.get(f)!;
    return keys.doc(ks, ns, e.projection.name, e.id);
  });
  const [currentVersions, currentDocs] = fields.length
    ? await Promise.all([redis.hmget(versionKey, ...fields), redis.mget(...docKeys)])
    : [[], []];

  const keyList: string[] = [versionKey, keys.checkpoint(ks, ns, partition)];
  const keyIndex = new Map<string, number>();
  const indexOf = (key: string) => {
    let i = keyIndex.get(key);
    if (i === undefined) {
      keyList.push(key);
      i = keyList.length; // Lua KEYS are 1-based
      keyIndex.set(key, i);
    }
    return i;
  };

  const ops: DocOp[] = [];
  const documents: string[] = [];
  const changes: AppliedChange[] = [];
  const deadLetters: DeadLetter[] = [];
  fields.forEach((field, i) => {
    const { projection, id, events } = perDoc.get(field)!;
    const stored = Number(currentVersions[i] ?? 0);
    const previous = currentDocs[i] ? (JSON.parse(currentDocs[i]!) as { version: number }) : null;
    let doc = previous;
    let json = '';
    let version = stored;
    let next: ListingEntry[] = [];
    for (const event of events) {
      if (event.aggregateVersion <= version) continue;
      // A projection that cannot apply an event (a malformed payload) must not stall the
      // partition: the event is set aside with its error and the document keeps its last state.
      try {
        const candidate = projection.apply(doc, event);
        next = candidate ? projection.listings(candidate) : [];
        json = candidate ? JSON.stringify(candidate) : '';
        doc = candidate;
        version = event.aggregateVersion;
      } catch (err) {
        deadLetters.push({ outboxId: event.id, model: projection.name, id, type: event.type, error: err instanceof Error ? err.message : String(err) });
      }
    }
    if (version === stored) return;
    const listingOps: DocOp['l'] = [];
    const kept = new Set(next.map(entryKey));
    for (const old of previous ? projection.listings(previous) : []) {
      if (!kept.has(entryKey(old))) listingOps.push({ k: indexOf(keys.listing(ks, ns, old.listing)), m: old.member, r: true });
    }
    for (const e of next) listingOps.push({ k: indexOf(keys.listing(ks, ns, e.listing)), m: e.member, s: e.score });
    if (doc) documents.push(json);
    ops.push({ f: field, v: version, k: indexOf(docKeys[i]!), a: doc ? FIRST_DOCUMENT_ARG + documents.length - 1 : 0, l: listingOps });
    changes.push({ model: projection.name, id, version, deleted: doc === null });
  });

  if (deadLetters.length) {
    // Recorded before the batch commits: a retry records the same fields again, harmlessly.
    await redis.hset(keys.deadLetters(ks, ns), Object.fromEntries(deadLetters.map((d) => [d.outboxId, JSON.stringify(d)])));
  }
  const applied = await redis.marqueeApplyBatch(
    keyList.length,
    ...keyList,
    fromRaw,
    formatCheckpoint(to),
    JSON.stringify(ops),
    ...documents,
  );
  return { applied, changes: applied < 0 ? [] : changes, deadLetters };
}
