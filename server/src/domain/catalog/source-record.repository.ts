import { EntityRepository } from '@mikro-orm/postgresql';
import type { SourceRecord } from './source-record.entity.js';

export class SourceRecordRepository extends EntityRepository<SourceRecord> {
  findByKeys(keys: ReadonlyArray<{ provider: string; externalId: string }>): Promise<SourceRecord[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.find({ $or: keys.map((k) => ({ provider: k.provider, externalId: k.externalId })) }, { populate: ['title'] });
  }
}
