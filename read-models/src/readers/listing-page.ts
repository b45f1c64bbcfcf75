import type { Redis } from 'ioredis';

export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not valid for this listing');
  }
}

/**
 * Relay-style window: `first` items after a cursor, or `last` items before one. `count: false`
 * skips counting the listing when the caller will not read `totalCount` (it is then NaN), and
 * `cursors: false` skips reading the scores cursors are made of when it will read no cursor.
 */
export type PageWindow = ({ first: number; after?: string | null } | { last: number; before?: string | null }) & { count?: boolean; cursors?: boolean };

export interface Page<N> {
  edges: ListingEdge<N>[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
  totalCount: number;
}

export interface ListingCursor {
  s: number;
  m: string;
}

export function encodeCursor(c: ListingCursor): string {
  return Buffer.from(JSON.stringify([c.s, c.m])).toString('base64url');
}

export function decodeCursor(cursor: string): ListingCursor {
  try {
    const [s, m] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (typeof s === 'number' && Number.isFinite(s) && typeof m === 'string' && m.length > 0) return { s, m };
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/**
 * Resumes a listing after a cursor: from the cursor's member, or from its score when that member
 * has left the listing (so a cursor stays valid while documents change). KEYS[1] is the listing;
 * ARGV: cursor member, cursor score, '1' for descending, count. Returns member, score, ...
 */
const PAGE_SCRIPT = `
local key, member, desc, count = KEYS[1], ARGV[1], ARGV[3] == '1', tonumber(ARGV[4])
local rank
if desc then rank = redis.call('ZREVRANK', key, member) else rank = redis.call('ZRANK', key, member) end
if rank then
  if desc then return redis.call('ZREVRANGE', key, rank + 1, rank + count, 'WITHSCORES') end
  return redis.call('ZRANGE', key, rank + 1, rank + count, 'WITHSCORES')
end
if desc then return redis.call('ZREVRANGEBYSCORE', key, '(' .. ARGV[2], '-inf', 'WITHSCORES', 'LIMIT', 0, count) end
return redis.call('ZRANGEBYSCORE', key, '(' .. ARGV[2], '+inf', 'WITHSCORES', 'LIMIT', 0, count)
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    marqueePage(numKeys: number, ...args: (string | number)[]): import('ioredis').Result<string[], Context>;
  }
}

const withPageScript = new WeakSet<Redis>();

export function definePageScript(redis: Redis): void {
  if (withPageScript.has(redis)) return;
  redis.defineCommand('marqueePage', { lua: PAGE_SCRIPT });
  withPageScript.add(redis);
}

export interface ListingWindow {
  /** The window's entries in listing order. */
  entries: ListingCursor[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

/**
 * One window of a sorted-set listing in one round trip; `last` before a cursor is `first` after it
 * in the other direction, read back to front. The first page is a plain range (no script).
 */
export async function readWindow(redis: Redis, key: string, descending: boolean, window: PageWindow): Promise<ListingWindow> {
  definePageScript(redis);
  const backward = 'last' in window;
  const size = backward ? window.last : window.first;
  const from = backward ? window.before : window.after;
  const start = from ? decodeCursor(from) : null;
  const reverse = descending !== backward;
  const scores = start !== null || window.cursors !== false;
  const range$: Promise<string[]> = start
    ? redis.marqueePage(1, key, start.m, start.s, reverse ? '1' : '0', size + 1)
    : !scores
      ? reverse
        ? redis.zrevrange(key, 0, size)
        : redis.zrange(key, '0', String(size))
      : reverse
        ? redis.zrevrange(key, 0, size, 'WITHSCORES')
        : redis.zrange(key, '0', String(size), 'WITHSCORES');
  const [range, total] = await Promise.all([range$, window.count === false ? NaN : redis.zcard(key)]);
  const entries: ListingCursor[] = [];
  if (scores) for (let i = 0; i < range.length; i += 2) entries.push({ m: range[i]!, s: Number(range[i + 1]) });
  else for (const m of range) entries.push({ m, s: NaN });
  const more = entries.length > size;
  const page = entries.slice(0, size);
  if (backward) page.reverse();
  return {
    entries: page,
    hasNextPage: backward ? Boolean(from) : more,
    hasPreviousPage: backward ? more : Boolean(from),
    totalCount: total,
  };
}

/** An edge of a listing page; its cursor is encoded only when read. */
export class ListingEdge<N> {
  constructor(
    readonly node: N,
    private readonly entry: ListingCursor,
  ) {}

  get cursor(): string {
    return encodeCursor(this.entry);
  }

  /** The same place in the listing with another node (a view of this one). */
  withNode<M>(node: M): ListingEdge<M> {
    return new ListingEdge(node, this.entry);
  }
}

/** A listing page; its start and end cursors are encoded only when read. */
class ListingPage<N> implements Page<N> {
  constructor(
    readonly edges: ListingEdge<N>[],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    readonly totalCount: number,
    private readonly first: ListingCursor | undefined,
    private readonly last: ListingCursor | undefined,
  ) {}

  get startCursor(): string | null {
    return this.first ? encodeCursor(this.first) : null;
  }

  get endCursor(): string | null {
    return this.last ? encodeCursor(this.last) : null;
  }
}

/** A window's entries joined with their documents (entries whose document is gone are left out). */
export function toPage<N>(window: ListingWindow, nodes: readonly (N | null)[]): Page<N> {
  const { entries } = window;
  const edges: ListingEdge<N>[] = [];
  for (let i = 0; i < entries.length; i++) {
    const node = nodes[i];
    if (node) edges.push(new ListingEdge(node, entries[i]!));
  }
  return new ListingPage(edges, window.hasNextPage, window.hasPreviousPage, window.totalCount, entries[0], entries[entries.length - 1]);
}
