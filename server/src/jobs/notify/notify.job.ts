import { NotificationDelivery, NotificationTarget } from '../../domain/integrations/notification.entity.js';
import { appendToOutbox } from '../../domain/outbox/outbox.js';
import { resolveAuthSecret } from '../../infra/service-token.js';
import { attemptDelivery } from '../../integrations/notify/deliver.js';
import { SecretBox } from '../../integrations/secret-box.js';
import type { JobHandler } from '../job-context.js';
import type { JobName, JobPayloads } from '../job-names.js';

/**
 * The notify phase: one attempt at one recorded delivery. A failed attempt fails the job, which
 * pg-boss retries with backoff; after the last retry the delivery is DEAD and the job sits in the
 * dead-letter queue (notify.dead), from where retryJob sends it again.
 */
export const notify: JobHandler<JobPayloads[JobName.Notify]> = async (data, ctx) => {
  if (!data.deliveryId) return { skipped: 'no delivery' };
  const em = ctx.services.orm.em.fork();
  const delivery = await em.findOne(NotificationDelivery, { id: data.deliveryId });
  if (!delivery) return { skipped: 'delivery not found' };
  if (delivery.state === 'DELIVERED') return { delivered: true, attempts: delivery.attempts };
  const target = await em.findOne(NotificationTarget, { id: delivery.targetId });
  if (!target || !target.enabled) {
    delivery.state = 'DEAD';
    delivery.lastError = target ? 'The target is disabled' : 'The target was removed';
    await em.flush();
    await appendToOutbox(em, [{ aggregateType: 'notificationdelivery', aggregateId: delivery.id, aggregateVersion: delivery.version, type: 'NotificationDeliveryChanged', payload: delivery.toState() }]);
    return { skipped: delivery.lastError };
  }
  const box = new SecretBox(await resolveAuthSecret(ctx.services.config));
  const outcome = await attemptDelivery(em, delivery, target, box, ctx.services.config.outgoing, (n) => n > ctx.services.config.integrationRetryLimit, ctx.signal);
  if (!outcome.ok) throw new Error(`Delivery to ${target.name} failed: ${outcome.error}`);
  return { delivered: true, attempts: delivery.attempts, target: target.id };
};
