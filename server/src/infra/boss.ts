import { PgBoss } from 'pg-boss';
import { deadLetterQueue, pipeline } from '../jobs/pipeline.js';
import type { Logger } from './logger.js';

export const BOSS_SCHEMA = 'pgboss';

export async function startBoss(connectionString: string, logger: Logger, opts: { supervise: boolean; superviseSeconds?: number; retryLimit?: number | null }): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: BOSS_SCHEMA,
    application_name: 'marquee:boss',
    max: 5,
    supervise: opts.supervise,
    schedule: opts.supervise,
    // Also how soon a dead worker's job (no heartbeat) is failed and retried.
    superviseIntervalSeconds: opts.superviseSeconds ?? 10,
    useListenNotify: true,
  });
  boss.on('error', (err: Error) => logger.error({ err }, 'pg-boss error'));
  await boss.start();
  await ensureQueues(boss, opts.retryLimit);
  return boss;
}

/**
 * Dead-letter queues first: a queue can only name a dead-letter queue that exists. `retryLimit`
 * (MARQUEE_JOB_RETRY_LIMIT) caps every queue's retries.
 */
export async function ensureQueues(boss: PgBoss, retryLimit?: number | null): Promise<void> {
  for (const phase of pipeline) {
    await boss.createQueue(deadLetterQueue(phase.queue));
    const options = {
      deadLetter: deadLetterQueue(phase.queue),
      retryLimit: retryLimit == null ? phase.retryLimit : Math.min(phase.retryLimit, retryLimit),
      retryDelay: phase.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: phase.expireInSeconds,
      heartbeatSeconds: phase.heartbeatSeconds,
      // Workers wake on NOTIFY instead of waiting for their next poll.
      notify: true,
    };
    await boss.createQueue(phase.queue, phase.policy ? { ...options, policy: phase.policy } : options);
    await boss.updateQueue(phase.queue, options);
  }
}
