import type { Redis } from 'ioredis';
import { keys, type KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';
import { TITLE_LISTING_CREATED, TITLE_LISTING_RECYCLED, type TitleDoc } from '../projections/title.projection.js';

export interface TitlePage {
  edges: Array<{ cursor: string; node: TitleDoc }>;
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not valid for this listing');
  }
}

function encodeCursor(score: number, id: string): string {
  return Buffer.from(`${score}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { score: number; id: string } {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const sep = raw.indexOf(':');
  const score = Number(raw.slice(0, sep));
  const id = raw.slice(sep + 1);
  if (sep < 1 || !Number.isFinite(score) || !id) throw new InvalidCursorError();
  return { score, id };
}

/** The only Redis read API the server's title queries may use. */
export class TitleReader {
  constructor(
    private readonly redis: Redis,
    private readonly ks: KeySpace,
    private readonly namespaces: NamespaceTracker,
  ) {}

  /** One MGET for the whole batch; missing documents come back as null. */
  async getMany(ids: readonly string[]): Promise<(TitleDoc | null)[]> {
    if (ids.length === 0) return [];
    const ns = await this.namespaces.get();
    const raw = await this.redis.mget(...ids.map((id) => keys.doc(this.ks, ns, 'title', id)));
    return raw.map((json) => (json ? (JSON.parse(json) as TitleDoc) : null));
  }

  /**
   * Newest first. Keyset pagination on (created-at score, id): a cursor stays valid while titles
   * are added or removed around it.
   */
  async list(first: number, after?: string | null): Promise<TitlePage> {
    return this.page(TITLE_LISTING_CREATED, first, after);
  }

  /** The recycle bin, most recently deleted first. */
  async listRecycled(first: number, after?: string | null): Promise<TitlePage> {
    return this.page(TITLE_LISTING_RECYCLED, first, after);
  }

  private async page(name: string, first: number, after?: string | null): Promise<TitlePage> {
    const ns = await this.namespaces.get();
    const listing = keys.listing(this.ks, ns, name);
    const start = after ? decodeCursor(after) : null;
    // Fetch a little more than asked for: ties on the cursor's score are filtered below.
    const [range, total] = await Promise.all([
      this.redis.zrevrangebyscore(listing, start ? start.score : '+inf', '-inf', 'WITHSCORES', 'LIMIT', 0, first + 1 + (start ? 64 : 0)),
      this.redis.zcard(listing),
    ]);
    const entries: Array<{ id: string; score: number }> = [];
    for (let i = 0; i < range.length; i += 2) {
      const id = range[i]!;
      const score = Number(range[i + 1]);
      // Same score: Redis orders members in reverse lexicographic order under REV.
      if (start && score === start.score && id >= start.id) continue;
      entries.push({ id, score });
    }
    const page = entries.slice(0, first);
    const docs = await this.getMany(page.map((e) => e.id));
    const edges = page.flatMap((e, i) => (docs[i] ? [{ cursor: encodeCursor(e.score, e.id), node: docs[i] }] : []));
    const lastEntry = page[page.length - 1];
    return {
      edges,
      hasNextPage: entries.length > first,
      endCursor: lastEntry ? encodeCursor(lastEntry.score, lastEntry.id) : null,
      totalCount: total,
    };
  }
}
