import { randomUUID } from 'node:crypto';
import { ArrayType, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { DELIVERY_STATES, NOTIFICATION_KINDS, type DeliveryState, type NotificationDeliveryState, type NotificationKind, type NotificationTargetState } from '@marquee/read-models';

/** Where lifecycle events are delivered (a generic webhook, Discord, Slack, ntfy, Gotify). */
@Entity({ tableName: 'notification_target' })
export class NotificationTarget {
  [OptionalProps]?: 'id' | 'secret' | 'enabled' | 'events' | 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: [...NOTIFICATION_KINDS] })
  kind!: NotificationKind;

  /** Sealed: the URL may carry a token (Discord, Slack). */
  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'text' })
  displayUrl!: string;

  /** Sealed HMAC key (webhook) or access token (ntfy, Gotify). */
  @Property({ type: 'text', nullable: true })
  secret: string | null = null;

  @Property({ type: 'boolean', default: true })
  enabled = true;

  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  events: string[] = [];

  @Property({ version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  toState(): NotificationTargetState {
    return {
      id: this.id,
      name: this.name,
      kind: this.kind,
      displayUrl: this.displayUrl,
      hasSecret: this.secret !== null,
      enabled: this.enabled,
      events: [...this.events],
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}

/** One lifecycle event for one target: created once per (target, event), then attempted until delivered or dead. */
@Entity({ tableName: 'notification_delivery' })
@Unique({ properties: ['targetId', 'eventId'] })
@Index({ properties: ['targetId', 'createdAt'] })
export class NotificationDelivery {
  [OptionalProps]?: 'id' | 'state' | 'attempts' | 'lastStatus' | 'lastError' | 'test' | 'version' | 'createdAt' | 'updatedAt' | 'deliveredAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  targetId!: string;

  /** The lifecycle event id (its outbox id), or `test:<uuid>` for the test button. */
  @Property({ type: 'text' })
  eventId!: string;

  @Property({ type: 'text' })
  eventType!: string;

  /** The lifecycle event as delivered. */
  @Property({ type: 'jsonb' })
  event!: Record<string, unknown>;

  @Enum({ items: [...DELIVERY_STATES] })
  state: DeliveryState = 'PENDING';

  @Property({ type: 'integer', default: 0 })
  attempts = 0;

  @Property({ type: 'integer', nullable: true })
  lastStatus: number | null = null;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'boolean', default: false })
  test = false;

  @Property({ version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null = null;

  toState(): NotificationDeliveryState {
    return {
      id: this.id,
      targetId: this.targetId,
      eventId: this.eventId,
      eventType: this.eventType,
      state: this.state,
      attempts: this.attempts,
      lastStatus: this.lastStatus,
      lastError: this.lastError,
      test: this.test,
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
      deliveredAt: this.deliveredAt?.toISOString() ?? null,
    };
  }
}

/**
 * The event stream's own state: its outbox checkpoint (`checkpoint`) and what it remembers to tell
 * changes apart (`file:<id>`, `artwork:<titleId>`, `hint:<libraryId>:<path>`).
 */
@Entity({ tableName: 'event_stream_state' })
export class EventStreamState {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  value!: string;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
