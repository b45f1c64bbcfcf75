import { timingSafeEqual, createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import DataLoader from 'dataloader';
import express, { type Express } from 'express';
import { GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import type { Services } from '../main/services.js';
import type { GraphQLContext, Principal } from './context.js';
import { graphqlFastPath, type FastPath } from './fast-path.js';
import { formatError } from './format-error.js';

export const SERVICE_TOKEN_HEADER = 'x-marquee-service-token';

function sameSecret(given: string, expected: string): boolean {
  // Compare digests so lengths match and timing says nothing about the token.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function principalFrom(token: string | undefined | null, services: Services): Principal {
  if (token && sameSecret(token, services.serviceToken)) return { kind: 'service' };
  return { kind: 'anonymous' };
}

const header = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

function contextFor(services: Services, requestId: string, logger: Logger, principal: Principal): GraphQLContext {
  return {
    requestId,
    logger,
    principal,
    services,
    loaders: {
      title: new DataLoader((ids: readonly string[]) => services.titles.getMany(ids), { maxBatchSize: 500 }),
      season: new DataLoader((ids: readonly string[]) => services.seasons.getMany(ids), { maxBatchSize: 500 }),
      person: new DataLoader((ids: readonly string[]) => services.people.getMany(ids), { maxBatchSize: 500 }),
    },
  };
}

function metricsPlugin(metrics: Metrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, errors }) {
          metrics.graphqlDuration.observe(
            { operation: operationName ?? 'anonymous', type: operation?.operation ?? 'unknown', outcome: errors?.length ? 'error' : 'ok' },
            Number(process.hrtime.bigint() - started) / 1e9,
          );
        },
      };
    },
  };
}

export interface GraphQLEndpoint {
  /** The read hot path, to be put in front of Express on the HTTP server. */
  fastPath: FastPath;
  stop(): Promise<void>;
}

/** Mounts /graphql (HTTP) and attaches graphql-ws on the same path of the http server. */
export async function mountGraphQL(app: Express, httpServer: Server, schema: GraphQLSchema, services: Services, metrics: Metrics): Promise<GraphQLEndpoint> {
  const { logger } = services;
  const format = formatError(logger);
  const introspection = services.config.env !== 'production';

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 1024 * 1024 });
  const wsCleanup = useServer<Record<string, unknown>>(
    {
      schema,
      context: (ctx) => {
        const params = ctx.connectionParams ?? {};
        const token = typeof params.serviceToken === 'string' ? params.serviceToken : null;
        return contextFor(services, `ws-${Math.random().toString(36).slice(2)}`, logger, principalFrom(token, services));
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        const r = result as ExecutionResult;
        if (!r.errors?.length) return result;
        return { ...r, errors: r.errors.map((e) => format(e.toJSON(), e)) } as unknown as typeof result;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => new GraphQLError(format(e.toJSON(), e).message, { extensions: format(e.toJSON(), e).extensions })),
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError: format,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    introspection,
    // The CLI owns signal handling and drains every role in order (main/cli.ts).
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Marquee sets no cache hints; the default cache-control plugin would wrap every field
      // resolver of the (shared) schema and slow both paths.
      ApolloServerPluginCacheControlDisabled(),
      metricsPlugin(metrics),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const fastPath = graphqlFastPath({
    schema,
    introspection,
    logger,
    metrics,
    context: (req, requestId, log) => contextFor(services, requestId, log.child({ requestId }), principalFrom(header(req.headers[SERVICE_TOKEN_HEADER]), services)),
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => contextFor(services, req.id, req.log, principalFrom(req.get(SERVICE_TOKEN_HEADER), services)),
    }),
  );

  return {
    fastPath,
    stop: async () => {
      await apollo.stop();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
