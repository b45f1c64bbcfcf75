import type { Redis } from 'ioredis';
import { formatCheckpoint, type Checkpoint } from './checkpoint.js';
import type { OutboxRecord } from './events.js';
import { keys, type KeySpace } from './keys.js';
import { entryKey, projectionsFor, type AnyProjection, type ListingEntry } from './projection.js';

/**
 * Applies one batch of outbox rows to a namespace in a single Lua script, atomically. The batch
 * is computed in JavaScript from the versions and documents read just before; the script first
 * checks that the checkpoint and every version read are still what they were (compare-and-set:
 * anything else moved them, and the caller re-reads), then writes in bulk. So a document is only
 * ever written over the version it was computed from, which is what keeps replays and
 * out-of-order deliveries from moving a document backwards, and the checkpoint advances in the
 * same atomic step as the writes.
 *
 * The writes are grouped per key: one HSET for the versions, MSETs for the documents, and per
 * listing runs of ZADD or ZREM with many members (in the order the documents produced them, so a
 * member removed by one document and added by the next ends where it would one by one). A batch
 * of new titles is ~45 listing entries each; one command per entry was most of the projector's
 * time in Redis.
 *
 * KEYS: 1 versions hash, 2 checkpoint, then documents and listings.
 * ARGV: 1 checkpoint read, 2 checkpoint to write, 3 the plan (JSON, numbers only), then the
 * version fields read, the versions read ('' for none), the version field/value pairs to write,
 * the documents, and the listing runs' arguments (score/member pairs, or members).
 */
const APPLY_SCRIPT = `
local cp = redis.call('GET', KEYS[2]) or ''
if cp ~= ARGV[1] then return -1 end
local p = cjson.decode(ARGV[3])
local C = 4000
local n = p.n
for i = 0, n - 1, C do
  local m = math.min(C, n - i)
  local cur = redis.call('HMGET', KEYS[1], unpack(ARGV, 4 + i, 3 + i + m))
  for j = 1, m do
    if (cur[j] or '') ~= ARGV[3 + n + i + j] then return -2 end
  end
end
local hs, hn = p.h[1], p.h[2]
for i = 0, hn - 1, C do
  redis.call('HSET', KEYS[1], unpack(ARGV, hs + i, hs + math.min(i + C, hn) - 1))
end
local t = {}
for _, d in ipairs(p.d) do
  if d[2] == 0 then
    redis.call('DEL', KEYS[d[1]])
  else
    t[#t + 1] = KEYS[d[1]]
    t[#t + 1] = ARGV[d[2]]
    if #t >= C then
      redis.call('MSET', unpack(t))
      t = {}
    end
  end
end
if #t > 0 then redis.call('MSET', unpack(t)) end
for _, z in ipairs(p.z) do
  local cmd = z[2] == 1 and 'ZADD' or 'ZREM'
  local s, c = z[3], z[4]
  for i = 0, c - 1, C do
    redis.call(cmd, KEYS[z[1]], unpack(ARGV, s + i, s + math.min(i + C, c) - 1))
  end
end
redis.call('SET', KEYS[2], ARGV[2])
return #p.d
`;

/** ARGV 1–3 are the checkpoints and the plan; everything else follows (Lua indexes from 1). */
const FIRST_DATA_ARG = 4;

interface Plan {
  /** How many version fields were read (they and their values read follow the plan). */
  n: number;
  /** ARGV index and count of the version field/value pairs to write. */
  h: [number, number];
  /** Documents: KEYS index, and ARGV index of the JSON (0 to delete). */
  d: Array<[number, number]>;
  /** Listing runs: KEYS index, 1 = ZADD (score/member pairs) or 0 = ZREM (members), ARGV index, count. */
  z: Array<[number, 0 | 1, number, number]>;
}

/** A listing's changes in document order, as runs of adds or removes. */
type Run = { add: boolean; args: string[] };

export interface AppliedChange {
  model: string;
  id: string;
  version: number;
  deleted: boolean;
}

export interface BatchResult {
  /** -1 when the checkpoint moved under us, -2 when a version read did (the caller re-reads). */
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
      /** Arrays are flattened (one level) into the arguments: a batch has too many to spread. */
      ...args: (string | number | string[])[]
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
    ? await Promise.all([redis.hmget(versionKey, ...fields), redis.mget(docKeys)])
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

  const documents: Array<{ key: number; json: string | null; field: string; version: number }> = [];
  // Listing changes per listing name (its key is made once per batch), as runs of adds or removes.
  const runs = new Map<string, Run[]>();
  const runOf = (listing: string, add: boolean): Run => {
    let list = runs.get(listing);
    if (!list) runs.set(listing, (list = []));
    let run = list[list.length - 1];
    if (!run || run.add !== add) list.push((run = { add, args: [] }));
    return run;
  };
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
    if (previous) {
      const kept = new Set(next.map(entryKey));
      for (const old of projection.listings(previous)) {
        if (!kept.has(entryKey(old))) runOf(old.listing, false).args.push(old.member);
      }
    }
    for (const e of next) runOf(e.listing, true).args.push(String(e.score), e.member);
    documents.push({ key: indexOf(docKeys[i]!), json: doc ? json : null, field, version });
    changes.push({ model: projection.name, id, version, deleted: doc === null });
  });

  if (deadLetters.length) {
    // Recorded before the batch commits: a retry records the same fields again, harmlessly.
    await redis.hset(keys.deadLetters(ks, ns), Object.fromEntries(deadLetters.map((d) => [d.outboxId, JSON.stringify(d)])));
  }
  // The arguments after the plan: fields and versions read, versions to write, documents, runs.
  const args: string[] = [...fields];
  for (let i = 0; i < fields.length; i++) args.push(currentVersions[i] ?? '');
  const plan: Plan = { n: fields.length, h: [FIRST_DATA_ARG + args.length, documents.length * 2], d: [], z: [] };
  for (const d of documents) args.push(d.field, String(d.version));
  for (const d of documents) {
    if (d.json === null) plan.d.push([d.key, 0]);
    else {
      args.push(d.json);
      plan.d.push([d.key, FIRST_DATA_ARG + args.length - 1]);
    }
  }
  for (const [listing, list] of runs) {
    const key = indexOf(keys.listing(ks, ns, listing));
    for (const run of list) {
      plan.z.push([key, run.add ? 1 : 0, FIRST_DATA_ARG + args.length, run.args.length]);
      for (const a of run.args) args.push(a);
    }
  }
  const applied = await redis.marqueeApplyBatch(keyList.length, keyList, fromRaw, formatCheckpoint(to), JSON.stringify(plan), args);
  return { applied, changes: applied < 0 ? [] : changes, deadLetters };
}
