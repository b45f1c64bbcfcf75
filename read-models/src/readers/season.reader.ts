import type { Redis } from 'ioredis';
import { keys, type KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';
import type { SeasonDoc } from '../projections/season.projection.js';

/** Season documents (with episodes), one MGET per batch. */
export class SeasonReader {
  constructor(
    private readonly redis: Redis,
    private readonly ks: KeySpace,
    private readonly namespaces: NamespaceTracker,
  ) {}

  async getMany(ids: readonly string[]): Promise<(SeasonDoc | null)[]> {
    if (ids.length === 0) return [];
    const ns = await this.namespaces.get();
    const raw = await this.redis.mget(...ids.map((id) => keys.doc(this.ks, ns, 'season', id)));
    return raw.map((json) => (json ? (JSON.parse(json) as SeasonDoc) : null));
  }
}
