import { allProjections, rebuild, verify } from '@marquee/read-models';
import type { JobHandler } from '../job-context.js';
import type { JobName, JobPayloads } from '../job-names.js';

/** How many drifted documents a verify run keeps in its output (the count is always whole). */
const DRIFT_SHOWN = 50;

/**
 * Read-model maintenance as a job, so an admin can start it from the browser and watch it like
 * any other run: `rebuild` projects the whole outbox into a fresh namespace and switches to it
 * (queries keep being served meanwhile); `verify` compares the active namespace with a fresh
 * projection and reports drift. The same functions as `marquee read-models rebuild|verify`.
 */
export const readModelMaintenance: JobHandler<JobPayloads[JobName.ReadModels]> = async (data, ctx) => {
  const { pool, redis, config } = ctx.services;
  const keySpace = { prefix: config.redisPrefix };
  if (data.action === 'rebuild') {
    const { rows } = await pool.query<{ count: string }>('select count(*) from outbox');
    const total = Number(rows[0]!.count);
    await ctx.progress({ done: 0, total, message: `Projecting ${total} events into a new namespace` }, true);
    const result = await rebuild(
      { pool, redis, keySpace, projections: allProjections, partitions: config.projectorPartitions },
      (events) => void ctx.progress({ done: Math.min(events, total), total, message: `Projected ${events} of ${total} events` }),
      ctx.signal,
    );
    return { action: 'rebuild', namespace: result.namespace, previous: result.previous, events: result.events };
  }
  await ctx.progress({ done: 0, total: 0, message: 'Replaying the outbox' }, true);
  const result = await verify({ pool, redis, keySpace, projections: allProjections }, (step) => {
    ctx.signal.throwIfAborted();
    const message = step.stage === 'projecting' ? `Replayed ${step.done} events` : `Compared ${step.done} of ${step.total} documents`;
    void ctx.progress({ done: step.stage === 'projecting' ? 0 : step.done, total: step.stage === 'projecting' ? 0 : step.total, message });
  });
  return {
    action: 'verify',
    namespace: result.namespace,
    checked: result.checked,
    drifted: result.drifted.length,
    deadLetters: result.deadLetters.length,
    drift: result.drifted.slice(0, DRIFT_SHOWN).map((d) => `${d.model}:${d.id} ${d.reason}`),
  };
};
