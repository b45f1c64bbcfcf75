import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The transactional outbox: appended in the same transaction as the aggregate change.
 * `txId` (the writing transaction's xid8) orders consumption; see read-models/src/outbox-source.ts.
 */
@Entity({ tableName: 'outbox' })
@Index({ properties: ['txId', 'id'] })
export class OutboxEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ columnType: 'xid8', defaultRaw: 'pg_current_xact_id()', type: 'string', persist: true, lazy: true })
  txId?: string;

  @Property({ type: 'text' })
  aggregateType!: string;

  @Property({ type: 'text' })
  aggregateId!: string;

  @Property({ type: 'integer' })
  aggregateVersion!: number;

  @Property({ type: 'text' })
  eventType!: string;

  @Property({ type: 'jsonb' })
  payload!: unknown;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  occurredAt?: Date;
}
