import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { keys, type KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';

type DocKind = 'title' | 'titlecard' | 'season' | 'person' | 'library' | 'file' | 'jobrun' | 'usertitle' | 'userlist' | 'publiclist' | 'published' | 'recycle' | 'player' | 'notificationtarget' | 'notificationdelivery';

/** How many parsed documents each reader keeps. */
const PARSED_DOCUMENTS = 20_000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Documents of one kind, one MGET per batch. Redis stays the only source: every read fetches the
 * stored JSON, and only its parsing is saved — a document whose bytes are exactly those parsed last
 * time is answered with that (deep-frozen, so no reader can change it for the next) object.
 */
export class DocumentReader<D> {
  private readonly parsed = new LRUCache<string, { raw: string; doc: D }>({ max: PARSED_DOCUMENTS });

  constructor(
    private readonly redis: Redis,
    private readonly ks: KeySpace,
    private readonly namespaces: NamespaceTracker,
    private readonly kind: DocKind,
  ) {}

  /** Missing documents come back as null, in the order of `ids`. */
  async getMany(ids: readonly string[]): Promise<(D | null)[]> {
    if (ids.length === 0) return [];
    const ns = await this.namespaces.get();
    const docKeys = ids.map((id) => keys.doc(this.ks, ns, this.kind, id));
    const raw = await this.redis.mget(...docKeys);
    return raw.map((json, i) => {
      if (json === null) return null;
      const key = docKeys[i]!;
      const hit = this.parsed.get(key);
      if (hit && hit.raw === json) return hit.doc;
      const doc = deepFreeze(JSON.parse(json) as D);
      this.parsed.set(key, { raw: json, doc });
      return doc;
    });
  }
}
