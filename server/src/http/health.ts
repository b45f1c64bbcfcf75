import type { Router } from 'express';
import express from 'express';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { activeNamespace, countPending, keys, namespaceCheckpoints, type KeySpace } from '@marquee/read-models';
import type { Metrics } from '../infra/metrics.js';

export interface ReadinessDeps {
  pool: pg.Pool;
  redis: Redis;
  keySpace: KeySpace;
  metrics: Metrics;
  maxLag: number;
  pendingMigrations: () => Promise<string[]>;
  queueCounts?: () => Promise<Array<{ name: string; counts: Record<string, number> }>>;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message.split('\n')[0]! : 'failed' };
  }
}

/** Committed events not yet in the active namespace, and events set aside there. */
export async function projectorStatus(deps: Pick<ReadinessDeps, 'pool' | 'redis' | 'keySpace'>): Promise<{ lag: number; deadLetters: number }> {
  const ns = await activeNamespace(deps.redis, deps.keySpace);
  const [checkpoints, deadLetters] = await Promise.all([
    namespaceCheckpoints(deps.redis, deps.keySpace, ns),
    deps.redis.hlen(keys.deadLetters(deps.keySpace, ns)),
  ]);
  return { lag: await countPending(deps.pool, checkpoints), deadLetters };
}

/** /health (liveness: the process answers), /ready (dependencies), /metrics (Prometheus). */
export function healthRoutes(deps: ReadinessDeps): Router {
  const router = express.Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const [postgres, redis, migrations, projector] = await Promise.all([
      timed(() => deps.pool.query('select 1')),
      timed(() => deps.redis.ping()),
      timed(deps.pendingMigrations),
      timed(() => projectorStatus(deps)),
    ]);
    const checks = {
      postgres: postgres.ok ? { ok: true } : { ok: false, error: postgres.error },
      redis: redis.ok ? { ok: true } : { ok: false, error: redis.error },
      migrations: migrations.ok
        ? { ok: migrations.value.length === 0, pending: migrations.value }
        : { ok: false, error: migrations.error },
      // Dead letters are reported, not fatal: the rest of the catalog is being served correctly.
      projector: projector.ok
        ? { ok: projector.value.lag <= deps.maxLag, lag: projector.value.lag, maxLag: deps.maxLag, deadLetters: projector.value.deadLetters }
        : { ok: false, error: projector.error },
    };
    const ready = Object.values(checks).every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  router.get('/metrics', async (_req, res) => {
    const projector = await timed(() => projectorStatus(deps));
    if (projector.ok) deps.metrics.projectorLag.set(projector.value.lag);
    if (deps.queueCounts) {
      const queues = await timed(deps.queueCounts);
      if (queues.ok) {
        deps.metrics.jobs.reset();
        for (const q of queues.value) for (const [state, n] of Object.entries(q.counts)) deps.metrics.jobs.set({ queue: q.name, state }, n);
      }
    }
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
