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

export async function projectorLag(deps: Pick<ReadinessDeps, 'pool' | 'redis' | 'keySpace'>): Promise<number> {
  const ns = await activeNamespace(deps.redis, deps.keySpace);
  return countPending(deps.pool, await namespaceCheckpoints(deps.redis, deps.keySpace, ns));
}

/** /health (liveness: the process answers), /ready (dependencies), /metrics (Prometheus). */
export function healthRoutes(deps: ReadinessDeps): Router {
  const router = express.Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const [postgres, redis, migrations, lag, dead] = await Promise.all([
      timed(() => deps.pool.query('select 1')),
      timed(() => deps.redis.ping()),
      timed(deps.pendingMigrations),
      timed(() => projectorLag(deps)),
      timed(async () => deps.redis.hlen(keys.deadLetters(deps.keySpace, await activeNamespace(deps.redis, deps.keySpace)))),
    ]);
    const checks = {
      postgres: postgres.ok ? { ok: true } : { ok: false, error: postgres.error },
      redis: redis.ok ? { ok: true } : { ok: false, error: redis.error },
      migrations: migrations.ok
        ? { ok: migrations.value.length === 0, pending: migrations.value }
        : { ok: false, error: migrations.error },
      // Dead letters are reported, not fatal: the rest of the catalog is being served correctly.
      projector: lag.ok
        ? { ok: lag.value <= deps.maxLag, lag: lag.value, maxLag: deps.maxLag, deadLetters: dead.ok ? dead.value : null }
        : { ok: false, error: lag.error },
    };
    const ready = Object.values(checks).every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  router.get('/metrics', async (_req, res) => {
    const lag = await timed(() => projectorLag(deps));
    if (lag.ok) deps.metrics.projectorLag.set(lag.value);
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
