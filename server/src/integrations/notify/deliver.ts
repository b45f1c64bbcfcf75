import type { EntityManager } from '@mikro-orm/postgresql';
import { NotificationDelivery, type NotificationTarget } from '../../domain/integrations/notification.entity.js';
import { appendToOutbox } from '../../domain/outbox/outbox.js';
import type { LifecycleEvent } from '../../events/lifecycle.js';
import { outgoingRequest, type OutgoingPolicy } from '../outgoing-http.js';
import type { SecretBox } from '../secret-box.js';
import { formatMessage } from './notification-format.js';

/** One attempt at a delivery; records the outcome (and its history event) and says whether it got through. */
export async function attemptDelivery(em: EntityManager, delivery: NotificationDelivery, target: NotificationTarget, box: SecretBox, policy: OutgoingPolicy, final: (attempts: number) => boolean, signal?: AbortSignal): Promise<{ ok: boolean; error: string | null }> {
  const msg = formatMessage(target.kind, box.open(target.url), target.secret ? box.open(target.secret) : null, delivery.event as unknown as LifecycleEvent, delivery.id);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await outgoingRequest(msg.url, policy, { method: 'POST', headers: msg.headers, body: msg.body, timeoutMs: 10_000, signal });
    status = res.status;
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  delivery.attempts += 1;
  delivery.lastStatus = status;
  delivery.lastError = error;
  if (!error) {
    delivery.state = 'DELIVERED';
    delivery.deliveredAt = new Date();
  } else delivery.state = final(delivery.attempts) ? 'DEAD' : 'RETRYING';
  await em.flush();
  await appendToOutbox(em, [{ aggregateType: 'notificationdelivery', aggregateId: delivery.id, aggregateVersion: delivery.version, type: 'NotificationDeliveryChanged', payload: delivery.toState() }]);
  return { ok: !error, error };
}
