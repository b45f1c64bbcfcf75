import type { Redis } from 'ioredis';
import type { KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';
import { DocumentReader } from './documents.js';
import type { SeasonDoc } from '../projections/season.projection.js';

/** Season documents (with episodes), one MGET per batch. */
export class SeasonReader {
  private readonly documents: DocumentReader<SeasonDoc>;

  constructor(redis: Redis, ks: KeySpace, namespaces: NamespaceTracker) {
    this.documents = new DocumentReader(redis, ks, namespaces, 'season');
  }

  /** One MGET for the whole batch; missing documents come back as null. */
  getMany(ids: readonly string[]): Promise<(SeasonDoc | null)[]> {
    return this.documents.getMany(ids);
  }
}
