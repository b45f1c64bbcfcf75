import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { parseCookie } from 'cookie';
import DataLoader from 'dataloader';
import express, { type Express } from 'express';
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { AuthError } from '../auth/auth.errors.js';
import { API_KEY_HEADER, clientOf, SERVICE_TOKEN_HEADER, type Authenticated } from '../auth/authenticate.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import type { Services } from '../main/services.js';
import type { GraphQLContext, Principal } from './context.js';
import type { Client } from '../auth/auth.commands.js';
import { addressOf, admit, admitRequest, API_CSP, LIMITS, mayIntrospect, rejectionError, validationRules } from './edge.js';
import { graphqlFastPath, type FastPath } from './fast-path.js';
import { formatError } from './format-error.js';
import { graphiqlRoutes } from '../http/graphiql.js';
import { RedisPersistedQueries } from './persisted-queries.js';
import { SharedSubscriptions } from './shared-subscriptions.js';

/** Subscriptions whose results depend only on the event and arguments (see SharedSubscriptions). */
const SHAREABLE_SUBSCRIPTIONS = new Set(['jobRunChanged', 'titleChanged']);

export { SERVICE_TOKEN_HEADER };

export interface RequestFacts {
  requestId: string;
  /** The request's logger, or how to make it (made on first use: most requests never log). */
  logger: Logger | (() => Logger);
  headers: IncomingHttpHeaders;
  address: string;
  authenticated: Authenticated;
  setCookies(values: string[]): void;
}

type Loaders = GraphQLContext['loaders'];

/**
 * A request's GraphQL context. What a request may not use (its logger, cookies, client facts and
 * loaders) is made on first use: the read hot path answers most queries without any of it but
 * the loader of the one kind of document it reads. Plain (not `#private`) fields: Apollo copies
 * the context object for each operation it runs.
 */
class RequestContext implements GraphQLContext {
  readonly requestId: string;
  readonly principal: Principal;
  readonly setCookies: (values: string[]) => void;
  private lazyLogger: Logger | undefined;
  private lazyCookies: Record<string, string | undefined> | undefined;
  private lazyClient: Client | undefined;
  private lazyLoaders: Loaders | undefined;

  constructor(
    readonly services: Services,
    private readonly facts: RequestFacts,
  ) {
    this.requestId = facts.requestId;
    this.principal = facts.authenticated.principal;
    this.setCookies = facts.setCookies;
  }

  get logger(): Logger {
    const { logger } = this.facts;
    return (this.lazyLogger ??= typeof logger === 'function' ? logger() : logger);
  }

  get cookies(): Record<string, string | undefined> {
    const cookieHeader = this.facts.headers.cookie;
    return (this.lazyCookies ??= cookieHeader ? parseCookie(cookieHeader) : {});
  }

  get client(): Client {
    return (this.lazyClient ??= clientOf(this.facts.headers, this.facts.address));
  }

  get loaders(): Loaders {
    return (this.lazyLoaders ??= new RequestLoaders(this.services));
  }
}

/** The request's DataLoaders (one MGET per kind per tick), each made when first asked for. */
class RequestLoaders implements Loaders {
  private lazyTitle: Loaders['title'] | undefined;
  private lazySeason: Loaders['season'] | undefined;
  private lazyPerson: Loaders['person'] | undefined;

  constructor(private readonly services: Services) {}

  get title(): Loaders['title'] {
    return (this.lazyTitle ??= new DataLoader((ids: readonly string[]) => this.services.titles.getMany(ids), { maxBatchSize: 500 }));
  }

  get season(): Loaders['season'] {
    return (this.lazySeason ??= new DataLoader((ids: readonly string[]) => this.services.seasons.getMany(ids), { maxBatchSize: 500 }));
  }

  get person(): Loaders['person'] {
    return (this.lazyPerson ??= new DataLoader((ids: readonly string[]) => this.services.people.getMany(ids), { maxBatchSize: 500 }));
  }
}

export function contextFor(services: Services, facts: RequestFacts): GraphQLContext {
  return new RequestContext(services, facts);
}

/** Authentication and rate limits, with failures in the shape Apollo sends (status, Retry-After). */
async function admitForApollo(services: Services, req: IncomingMessage): Promise<Authenticated> {
  try {
    return await admitRequest(services, req);
  } catch (err) {
    throw err instanceof AuthError ? rejectionError(err) : err;
  }
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

/** Introspection only for those who may (development, admins); others get the validation error. */
function introspectionPlugin(schema: GraphQLSchema): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, source, contextValue }) {
          // Only a document that names an introspection field needs the second validation pass.
          if (!source.includes('__schema') && !source.includes('__type')) return;
          if (mayIntrospect(contextValue.services, contextValue.principal)) return;
          const errors = validate(schema, document, [NoSchemaIntrospectionCustomRule]);
          if (errors.length) {
            throw new GraphQLError(errors[0]!.message, { nodes: errors[0]!.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
          }
        },
      };
    },
  };
}

/** Every answer of /graphql states it is data, not a page. */
function apiHeadersPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('content-security-policy', API_CSP);
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

/** The credentials a graphql-ws client sends in connection_init, as request headers. */
function connectionHeaders(params: Record<string, unknown>, upgrade: IncomingHttpHeaders): IncomingHttpHeaders {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const explicit: IncomingHttpHeaders = {};
  if (str(params.serviceToken)) explicit[SERVICE_TOKEN_HEADER] = str(params.serviceToken);
  if (str(params.authorization)) explicit.authorization = str(params.authorization);
  if (str(params.apiKey)) explicit[API_KEY_HEADER] = str(params.apiKey);
  // Without credentials in the payload, the browser's cookies from the handshake count.
  const base = { 'user-agent': upgrade['user-agent'], host: upgrade.host, origin: upgrade.origin };
  return Object.keys(explicit).length ? { ...base, ...explicit } : { ...base, cookie: upgrade.cookie };
}

/** Mounts /graphql (HTTP) and attaches graphql-ws on the same path of the http server. */
export async function mountGraphQL(app: Express, httpServer: Server, schema: GraphQLSchema, services: Services, metrics: Metrics): Promise<GraphQLEndpoint> {
  const { logger } = services;
  const format = formatError(logger);

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 1024 * 1024 });
  type WsExtra = { socket: WebSocket; request: IncomingMessage; authenticated?: Authenticated; headers?: IncomingHttpHeaders };
  const shared = new SharedSubscriptions(SHAREABLE_SUBSCRIPTIONS);
  const wsCleanup = useServer<Record<string, unknown>, WsExtra>(
    {
      schema,
      subscribe: shared.subscribe,
      // Subscriptions authenticate once, on connection_init; a refusal closes the socket (4403).
      onConnect: async (ctx) => {
        const headers = connectionHeaders(ctx.connectionParams ?? {}, ctx.extra.request.headers);
        try {
          // No Set-Cookie can go back over a socket: never spend the refresh cookie here.
          ctx.extra.authenticated = await admit(services, headers, addressOf(ctx.extra.request), { refresh: false });
          ctx.extra.headers = headers;
          return true;
        } catch (err) {
          if (err instanceof AuthError) return false;
          throw err;
        }
      },
      // The same limits as HTTP, and introspection only for those who may.
      onSubscribe: (ctx, _id, payload) => {
        const authenticated = ctx.extra.authenticated!;
        let document;
        try {
          document = parse(payload.query, { maxTokens: LIMITS.tokens });
        } catch (err) {
          return [err as GraphQLError];
        }
        const rules = [...specifiedRules, ...validationRules, ...(mayIntrospect(services, authenticated.principal) ? [] : [NoSchemaIntrospectionCustomRule])];
        const errors = validate(schema, document, rules);
        if (errors.length) return errors;
        const contextValue = contextFor(services, {
          requestId: `ws-${Math.random().toString(36).slice(2)}`,
          logger,
          headers: ctx.extra.headers ?? {},
          address: addressOf(ctx.extra.request),
          authenticated,
          setCookies: () => undefined,
        });
        return { schema, document, variableValues: payload.variables ?? undefined, operationName: payload.operationName ?? undefined, contextValue };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        const r = result as ExecutionResult;
        if (!r.errors?.length) return result;
        return { ...r, errors: r.errors.map((e) => format(e.toJSON(), e)) } as unknown as typeof result;
      },
      onError: (ctx, _id, _payload, errors) => {
        // The client went away while a result was being sent (ECONNRESET, EPIPE): nothing can be
        // sent any more and nothing went wrong on our side, so there is nothing to report.
        if (ctx.extra.socket.readyState !== WebSocket.OPEN) return errors;
        return errors.map((e) => {
          const formatted = format(e.toJSON(), e);
          return new GraphQLError(formatted.message, { extensions: formatted.extensions });
        });
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError: format,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Per principal: see introspectionPlugin.
    introspection: true,
    validationRules,
    parseOptions: { maxTokens: LIMITS.tokens },
    // Automatic persisted queries, shared by every API process through Redis.
    persistedQueries: { cache: new RedisPersistedQueries(services.redis, services.config.redisPrefix), ttl: 7 * 24 * 3600 },
    // The CLI owns signal handling and drains every role in order (main/cli.ts).
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Marquee sets no cache hints; the default cache-control plugin would wrap every field
      // resolver of the (shared) schema and slow both paths.
      ApolloServerPluginCacheControlDisabled(),
      metricsPlugin(metrics),
      introspectionPlugin(schema),
      apiHeadersPlugin(),
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
    rules: validationRules,
    logger,
    metrics,
    admit: (req) => admitRequest(services, req),
    mayIntrospect: (principal) => mayIntrospect(services, principal),
    context: (facts) => contextFor(services, facts),
  });
  app.use(
    '/graphql',
    express.json({ limit: LIMITS.bodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const address = addressOf(req);
        const authenticated = await admitForApollo(services, req);
        const setCookies = (values: string[]) => values.forEach((v) => res.append('set-cookie', v));
        setCookies(authenticated.cookies);
        return contextFor(services, { requestId: req.id, logger: req.log, headers: req.headers, address, authenticated, setCookies });
      },
    }),
  );

  // GraphiQL for those who may introspect; a 404 for everyone else.
  app.use(
    graphiqlRoutes(async (req, res, next) => {
      try {
        const authenticated = await admitRequest(services, req);
        if (mayIntrospect(services, authenticated.principal)) {
          authenticated.cookies.forEach((c) => res.append('set-cookie', c));
          return next();
        }
      } catch (err) {
        if (!(err instanceof AuthError)) return next(err);
      }
      res.status(404).type('text/plain').send('Not found');
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
