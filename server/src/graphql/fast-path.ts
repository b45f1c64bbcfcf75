import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type GraphQLSchema, type ValidationRule } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import { AuthError } from '../auth/auth.errors.js';
import type { Authenticated } from '../auth/authenticate.js';
import type { Principal } from '../auth/policy.js';
import { httpErrorBody, recordRequest, requestIdOf } from '../http/app.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import type { GraphQLContext } from './context.js';
import { addressOf, collectSecurityHeaders, LIMITS, rejection } from './edge.js';
import type { RequestFacts } from './server.js';

type Entry = { compiled: CompiledQuery; operationName: string } | 'apollo';

/** Bodies the hot path reads itself; anything larger (or chunked) goes to Express untouched. */
const MAX_BODY = LIMITS.bodyBytes;
/** Query documents longer than this are not cached (a client building queries by hand). */
const MAX_CACHED_QUERY = 16 * 1024;

export interface FastPathOptions {
  schema: GraphQLSchema;
  /** Validation rules beyond graphql-js's own (the hostile-request limits). */
  rules: readonly ValidationRule[];
  logger: Logger;
  metrics: Metrics;
  /** Authentication and rate limits, exactly as Apollo's context function does them. */
  admit: (req: IncomingMessage) => Promise<Authenticated>;
  mayIntrospect: (principal: Principal) => boolean;
  /** The request's GraphQL context, built the same way Apollo's context function builds it. */
  context: (facts: RequestFacts) => GraphQLContext;
}

/** Answers the request, or calls `next` to let Express and Apollo have it (with the body already read). */
export type FastPath = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * The read hot path, in front of Express. A POST /graphql with a JSON body is read here; its query
 * document is parsed, validated and compiled with graphql-jit once, then served from the cache.
 * Only results without errors are answered here: anything else (mutations, subscriptions, invalid
 * documents, introspection where it is off, extensions such as persisted queries, or any execution
 * error) goes on to Express and Apollo with the parsed body attached, and Apollo runs it again
 * (queries have no side effects), so clients see exactly the same errors whichever path a request
 * takes. Request ids, metrics and the access log are the same on both paths.
 */
export function graphqlFastPath(opts: FastPathOptions): FastPath {
  // By query text, then by operation name and introspection: no per-request key string to build.
  const cache = new LRUCache<string, Map<string, Entry>>({ max: 2_000 });
  const withIntrospection = [...specifiedRules, ...opts.rules];
  const withoutIntrospection = [...withIntrospection, NoSchemaIntrospectionCustomRule];
  const { logger, metrics } = opts;
  const securityHeaders = collectSecurityHeaders();

  const prepare = (query: string, operationName: string | undefined, introspection: boolean): Entry => {
    try {
      const document = parse(query, { maxTokens: LIMITS.tokens });
      if (validate(opts.schema, document, introspection ? withIntrospection : withoutIntrospection).length) return 'apollo';
      const operation = getOperationAST(document, operationName);
      if (!operation || operation.operation !== 'query') return 'apollo';
      const compiled = compileQuery(opts.schema, document, operationName);
      if (!isCompiledQuery(compiled)) return 'apollo';
      return { compiled, operationName: operation.name?.value ?? 'anonymous' };
    } catch {
      return 'apollo';
    }
  };

  const lookup = (query: string, operationName: string | undefined, introspection: boolean): Entry => {
    if (query.length > MAX_CACHED_QUERY) return prepare(query, operationName, introspection);
    let variants = cache.get(query);
    if (variants === undefined) cache.set(query, (variants = new Map()));
    // The same document validates differently with and without introspection.
    const key = introspection ? `i${operationName ?? ''}` : `n${operationName ?? ''}`;
    let entry = variants.get(key);
    if (entry === undefined) {
      entry = prepare(query, operationName, introspection);
      variants.set(key, entry);
    }
    return entry;
  };

  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    started: bigint,
    status: number,
    type: string,
    body: string,
    extra: Record<string, string | string[]> = {},
  ): void => {
    res.writeHead(status, { ...securityHeaders, ...extra, 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(body), 'x-request-id': requestId });
    res.end(body);
    recordRequest(logger, metrics, req.method!, req.url!, status, started, requestId);
  };

  return (req, res, next) => {
    if (req.method !== 'POST' || req.url !== '/graphql') return next();
    const length = Number(req.headers['content-length']);
    if (!(length > 0 && length <= MAX_BODY) || !req.headers['content-type']?.startsWith('application/json')) return next();

    const started = process.hrtime.bigint();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      let body: { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown };
      try {
        body = JSON.parse(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(req, res, requestIdOf(req.headers['x-request-id']), started, 400, 'application/json', httpErrorBody(400, 'entity.parse.failed'));
      }
      // Express's JSON parser sees a finished stream and leaves this body in place for Apollo.
      (req as IncomingMessage & { body?: unknown }).body = body;
      if (!body || typeof body !== 'object' || typeof body.query !== 'string' || body.extensions !== undefined) return next();
      const { query } = body;
      const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
      const requestId = requestIdOf(req.headers['x-request-id']);
      opts.admit(req).then(
        (authenticated) => {
          const entry = lookup(query, operationName, opts.mayIntrospect(authenticated.principal));
          if (entry === 'apollo') return next();
          const cookies = [...authenticated.cookies];
          const variables = body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};
          const context = opts.context({
            requestId,
            logger: () => logger.child({ requestId }),
            headers: req.headers,
            address: addressOf(req),
            authenticated,
            setCookies: (values) => cookies.push(...values),
          });
          return Promise.resolve(entry.compiled.query(undefined, context, variables)).then((result) => {
            // Errors (and any cookie a resolver set) are Apollo's to answer; queries can run twice.
            if (result.errors?.length) return next();
            metrics.graphqlDuration.observe({ operation: entry.operationName, type: 'query', outcome: 'ok' }, Number(process.hrtime.bigint() - started) / 1e9);
            // The same media type Apollo would answer with for this Accept header.
            const type = (req.headers.accept ?? '').includes('application/graphql-response+json') ? 'application/graphql-response+json' : 'application/json';
            answer(req, res, requestId, started, 200, type, entry.compiled.stringify(result), cookies.length ? { 'set-cookie': cookies } : {});
          });
        },
        (err: unknown) => {
          if (!(err instanceof AuthError)) return next();
          // Refused before execution: answered here, as Apollo's context function would answer it.
          const r = rejection(err);
          answer(req, res, requestId, started, r.status, 'application/json', JSON.stringify(r.body), r.headers);
        },
      ).catch(() => next());
    });
  };
}
