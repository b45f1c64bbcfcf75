import type { EntityManager } from '@mikro-orm/postgresql';
import { OUTBOX_CHANNEL, type DomainEvent } from '@marquee/read-models';
import { OutboxEvent } from './outbox.entity.js';

/**
 * Appends domain events to the outbox inside the caller's transaction and NOTIFYs the projector;
 * Postgres delivers the notification only if the transaction commits.
 */
export async function appendToOutbox(em: EntityManager, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  for (const event of events) {
    const row = em.create(OutboxEvent, {
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      aggregateVersion: event.aggregateVersion,
      eventType: event.type,
      payload: event.payload,
    });
    em.persist(row);
  }
  await em.flush();
  await em.execute(`select pg_notify('${OUTBOX_CHANNEL}', '')`);
}
