import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { EntityRepositoryType, OptionalProps } from '@mikro-orm/core';
import { Title } from './title.entity.js';
import { SourceRecordRepository } from './source-record.repository.js';

/** Provenance of imported data: one row per (provider, external id), deduplicated. */
@Entity({ tableName: 'source_record', repository: () => SourceRecordRepository })
@Unique({ properties: ['provider', 'externalId'] })
export class SourceRecord {
  [EntityRepositoryType]?: SourceRecordRepository;
  [OptionalProps]?: 'id' | 'fetchedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  provider!: string;

  @Property({ type: 'text' })
  externalId!: string;

  @ManyToOne(() => Title, { deleteRule: 'cascade' })
  title!: Title;

  /** sha256 of the canonical payload: an unchanged re-import writes nothing. */
  @Property({ type: 'text' })
  contentHash!: string;

  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Property({ type: 'timestamptz' })
  fetchedAt: Date = new Date();
}
