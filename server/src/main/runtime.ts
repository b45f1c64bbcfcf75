import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MikroORM } from '@mikro-orm/postgresql';
import { allProjections, JobRunReader, LibraryReader, NamespaceTracker, PersonReader, Projector, PublishingReader, SeasonReader, StatsReader, TitleReader, UserLibraryReader, UserListReader, type KeySpace } from '@marquee/read-models';
import { JobCommands } from '../commands/job.commands.js';
import { JobRuns, settleMergedRuns } from '../jobs/job-runs.js';
import { JobName } from '../jobs/job-names.js';
import { PURGE_SCHEDULE } from '../jobs/pipeline.js';
import type { PgBoss } from 'pg-boss';
import { CatalogCommands } from '../commands/catalog.commands.js';
import { ImportCommands } from '../commands/import.commands.js';
import { ReadModelCommands } from '../commands/read-model.commands.js';
import { LibraryCommands } from '../commands/library.commands.js';
import { PersonCommands } from '../commands/person.commands.js';
import { UserListCommands } from '../commands/user-list.commands.js';
import { UserStateCommands } from '../commands/user-state.commands.js';
import { PublishingCommands } from '../commands/publishing.commands.js';
import { RecycleBinCommands } from '../commands/recycle-bin.commands.js';
import { buildAppSchema } from '../graphql/schema.js';
import { mountGraphQL, type GraphQLEndpoint } from '../graphql/server.js';
import type { FastPath } from '../graphql/fast-path.js';
import { securityHeaders } from '../graphql/edge.js';
import { createApp, jsonErrorHandler, requestContext } from '../http/app.js';
import { healthRoutes } from '../http/health.js';
import { startBoss } from '../infra/boss.js';
import type { Config } from '../infra/config.js';
import { JobProgressStore } from '../infra/job-progress.js';
import type { Logger } from '../infra/logger.js';
import { Metrics } from '../infra/metrics.js';
import { createOrm, migrate, pendingMigrations } from '../infra/orm.js';
import { createRedis, RedisPubSub } from '../infra/redis.js';
import { resolveAuthSecret, resolveServiceToken } from '../infra/service-token.js';
import { AccessTokens } from '../auth/access-tokens.js';
import { AuthCommands } from '../auth/auth.commands.js';
import { Authenticator } from '../auth/authenticate.js';
import { Limits } from '../auth/limits.js';
import { Revocations } from '../auth/revocations.js';
import { resolveServices, StartupError } from '../infra/services.js';
import { createPool } from '../infra/sql.js';
import { startReconciler } from '../jobs/reconcile.js';
import { startWorkers } from '../jobs/registry.js';
import { EnrichCommands } from '../commands/enrich.commands.js';
import { Providers } from '../integrations/providers/providers.js';
import { registerProviderMetrics } from '../integrations/providers/provider-metrics.js';
import { uploadRoutes } from '../http/uploads.js';
import { IntegrationReader } from '@marquee/read-models';
import { IntegrationCommands } from '../commands/integrations.commands.js';
import { EventStream } from '../events/event-stream.js';
import { arrWebhookRoutes } from '../integrations/arr/arr-webhook.route.js';
import { SecretBox } from '../integrations/secret-box.js';
import type { Services } from './services.js';

export const ROLES = ['api', 'worker', 'projector', 'web'] as const;
export type Role = (typeof ROLES)[number];

export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/build', import.meta.url));

/** Migrations run under an advisory lock so several processes starting together apply them once. */
const MIGRATION_LOCK = 0x6d71_0001;

export async function migrateWithLock(orm: MikroORM, pool: import('pg').Pool): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await migrate(orm);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

export interface Running {
  url: string | null;
  roles: readonly Role[];
  stop(): Promise<void>;
}

/** Starts the given roles in this process; `stop()` drains them in reverse order. */
export async function startMarquee(config: Config, roles: readonly Role[], logger: Logger): Promise<Running> {
  const stack: Array<{ name: string; run: () => Promise<unknown> }> = [];
  const onStop = (name: string, run: () => Promise<unknown>) => stack.push({ name, run });
  const stop = async () => {
    for (const step of stack.reverse()) {
      const started = Date.now();
      await step.run().catch((err: Error) => logger.warn({ err: { message: err.message }, step: step.name }, 'error while stopping'));
      logger.debug({ step: step.name, ms: Date.now() - started }, 'stopped');
    }
    stack.length = 0;
  };
  try {
    const has = (r: Role) => roles.includes(r);
    const resolved = await resolveServices(config, logger);
    onStop('services', () => resolved.stop());

    const orm = await createOrm(resolved.databaseUrl);
    onStop('orm', () => orm.close());
    const pool = createPool(resolved.databaseUrl);
    onStop('pool', () => pool.end());
    const applied = await migrateWithLock(orm, pool);
    if (applied.length) logger.info({ migrations: applied }, 'applied migrations');

    const redis = createRedis(resolved.redisUrl, logger, 'main');
    const subscriber = createRedis(resolved.redisUrl, logger, 'subscriber');
    onStop('redis', async () => {
      subscriber.disconnect();
      await redis.quit();
    });
    const keySpace: KeySpace = { prefix: config.redisPrefix };
    const pubsub = new RedisPubSub(subscriber, redis);
    const jobProgress = new JobProgressStore(redis, config.redisPrefix);
    const metrics = new Metrics();

    let boss: PgBoss | null = null;
    if (has('api') || has('worker') || has('projector')) {
      boss = await startBoss(resolved.databaseUrl, logger, { supervise: has('worker'), superviseSeconds: config.jobSuperviseSeconds, retryLimit: config.jobRetryLimit, onMerged: (merged) => settleMergedRuns(new JobRuns(orm, pubsub, jobProgress, config.redisPrefix), merged) });
      const b = boss;
      onStop('pg-boss', () => b.stop({ graceful: true, timeout: 10_000 }));
    }

    if (has('projector')) {
      const projector = new Projector({
        pool,
        redis,
        keySpace,
        projections: allProjections,
        logger: logger.child({ role: 'projector' }),
        pollMs: config.projectorPollMs,
        partitions: config.projectorPartitions,
        onBatch: ({ applied: n }) => metrics.projectedEvents.inc(n),
        onDeadLetter: (letter) => {
          metrics.projectorDeadLetters.inc();
          logger.error({ deadLetter: letter }, 'an outbox event could not be projected and was set aside');
        },
      });
      await projector.start();
      onStop('projector', () => projector.stop());
      // The lifecycle event stream is the outbox's other consumer: live subscribers and notify deliveries.
      const events = new EventStream({ pool, boss: boss!, pubsub, prefix: config.redisPrefix, logger: logger.child({ role: 'event-stream' }), pollMs: config.projectorPollMs, retrySeconds: config.integrationRetrySeconds, retryLimit: config.integrationRetryLimit });
      await events.start();
      onStop('event-stream', () => events.stop());
    }

    const catalog = new CatalogCommands(orm);
    const jobRuns = new JobRuns(orm, pubsub, jobProgress, config.redisPrefix);
    const providers = new Providers(config.providers, redis, config.redisPrefix, logger.child({ role: 'providers' }));
    const enrich = new EnrichCommands(orm, boss, jobRuns, config.dataDir);
    registerProviderMetrics(metrics.registry, providers);
    if (has('worker')) {
      const workers = await startWorkers({ boss: boss!, services: { orm, boss: boss!, config, catalog, providers, enrich, pool, redis }, runs: jobRuns, pubsub, prefix: config.redisPrefix, logger: logger.child({ role: 'worker' }) });
      onStop('workers', () => workers.stop());
      const reconciler = startReconciler({ orm, boss: boss!, runs: jobRuns, logger: logger.child({ role: 'worker' }) }, config.jobSuperviseSeconds * 1000);
      onStop('job run reconciler', () => reconciler.stop());
      await boss!.schedule(JobName.PurgeRecycleBin, PURGE_SCHEDULE, {});
    }

    let url: string | null = null;
    if (has('api') || has('web')) {
      const app = createApp();
      app.use(requestContext(logger, metrics));
      app.use(securityHeaders);
      app.use(uploadRoutes(config.dataDir));
      app.use(
        healthRoutes({
          pool,
          redis,
          keySpace,
          metrics,
          maxLag: config.readyMaxLag,
          pendingMigrations: () => pendingMigrations(orm),
          queueCounts: boss
            ? async () =>
                (await boss!.getQueues()).filter((q) => !q.name.startsWith('__pgboss')).map((q) => ({
                  name: q.name,
                  counts: { ready: q.readyCount, deferred: q.deferredCount, active: q.activeCount, failed: q.failedCount },
                }))
            : undefined,
        }),
      );
      // The GraphQL read hot path answers what it can before Express sees the request.
      let front: FastPath | null = null;
      const httpServer: Server = createServer((req, res) => (front ? front(req, res, () => app(req, res)) : app(req, res)));
      let graphql: GraphQLEndpoint | null = null;
      if (has('api')) {
        const namespaces = new NamespaceTracker(redis, pubsub, keySpace);
        await namespaces.start();
        onStop('namespaces', () => namespaces.stop());
        const limits = new Limits(redis, config.redisPrefix, { requestsPerMinute: config.rateLimit });
        const revocations = new Revocations(redis, pubsub, config.redisPrefix);
        await revocations.start();
        onStop('revocations', () => revocations.stop());
        const auth = new AuthCommands(orm, new AccessTokens(await resolveAuthSecret(config)), limits, revocations, pubsub, config.redisPrefix);
        await auth.start();
        onStop('auth', () => auth.stop());
        const services: Services = {
          config,
          logger,
          keySpace,
          catalog,
          library: new LibraryCommands(orm, boss!, jobRuns),
          imports: new ImportCommands(boss!, jobRuns),
          jobs: new JobCommands(boss!, jobRuns, pubsub, config.redisPrefix),
          libraries: new LibraryReader(redis, keySpace, namespaces),
          jobRunReader: new JobRunReader(redis, keySpace, namespaces),
          personCommands: new PersonCommands(orm),
          titles: new TitleReader(redis, keySpace, namespaces),
          seasons: new SeasonReader(redis, keySpace, namespaces),
          people: new PersonReader(redis, keySpace, namespaces),
          namespaces,
          pubsub,
          jobProgress,
          redis,
          auth,
          authenticator: new Authenticator(auth, await resolveServiceToken(config), config.secureCookies),
          limits,
          userState: new UserStateCommands(orm),
          listCommands: new UserListCommands(orm, redis, keySpace),
          userLibrary: new UserLibraryReader(redis, keySpace, namespaces),
          userLists: new UserListReader(redis, keySpace, namespaces),
          providers,
          enrich,
          publishing: new PublishingCommands(orm, boss!, jobRuns),
          recycleBin: new RecycleBinCommands(orm, config.dataDir, config.recycleDays, catalog),
          publishingReader: new PublishingReader(redis, keySpace, namespaces),
          readModels: new ReadModelCommands(boss!, jobRuns),
          stats: new StatsReader(redis, keySpace, namespaces),
          integrations: new IntegrationReader(redis, keySpace, namespaces),
          integrationCommands: new IntegrationCommands(orm, new SecretBox(await resolveAuthSecret(config)), config),
        };
        app.use(arrWebhookRoutes({ orm, authenticator: services.authenticator, library: services.library, catalog, recycleBin: services.recycleBin, enrich, logger }));
        graphql = await mountGraphQL(app, httpServer, await buildAppSchema(), services, metrics);
        front = graphql.fastPath;
      }
      if (has('web')) {
        const webDir = config.webDir ?? DEFAULT_WEB_DIR;
        const handlerFile = path.join(webDir, 'handler.js');
        if (!existsSync(handlerFile)) {
          throw new StartupError(`The web client is not built (${handlerFile} is missing): run \`npm run build\` first.`);
        }
        const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: import('express').RequestHandler };
        app.use(handler);
      }
      app.use(jsonErrorHandler);
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => resolve());
      });
      const address = httpServer.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      onStop('http', async () => {
        if (graphql) await graphql.stop();
        else await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      });
      logger.info({ url, roles }, 'marquee is listening');
    }
    return { url, roles, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
