import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import { httpErrorBody, recordRequest, requestIdOf } from '../http/app.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import type { GraphQLContext } from './context.js';

type Entry = { compiled: CompiledQuery; operationName: string } | 'apollo';

/** Bodies the hot path reads itself; anything larger (or chunked) goes to Express untouched. */
const MAX_BODY = 1024 * 1024;
/** Query documents longer than this are not cached (a client building queries by hand). */
const MAX_CACHED_QUERY = 16 * 1024;

export interface FastPathOptions {
  schema: GraphQLSchema;
  introspection: boolean;
  logger: Logger;
  metrics: Metrics;
  /** The request's GraphQL context, built the same way Apollo's context function builds it. */
  context: (req: IncomingMessage, requestId: string, logger: Logger) => GraphQLContext;
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
  const cache = new LRUCache<string, Entry>({ max: 2_000 });
  const rules = opts.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  const { logger, metrics } = opts;

  const prepare = (query: string, operationName: string | undefined): Entry => {
    try {
      const document = parse(query, { maxTokens: 10_000 });
      if (validate(opts.schema, document, rules).length) return 'apollo';
      const operation = getOperationAST(document, operationName);
      if (!operation || operation.operation !== 'query') return 'apollo';
      const compiled = compileQuery(opts.schema, document, operationName);
      if (!isCompiledQuery(compiled)) return 'apollo';
      return { compiled, operationName: operation.name?.value ?? 'anonymous' };
    } catch {
      return 'apollo';
    }
  };

  const lookup = (query: string, operationName: string | undefined): Entry => {
    if (query.length > MAX_CACHED_QUERY) return prepare(query, operationName);
    const key = operationName ? `${operationName}\u0000${query}` : query;
    let entry = cache.get(key);
    if (entry === undefined) {
      entry = prepare(query, operationName);
      cache.set(key, entry);
    }
    return entry;
  };

  const answer = (req: IncomingMessage, res: ServerResponse, requestId: string, started: bigint, status: number, type: string, body: string): void => {
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(body), 'x-request-id': requestId });
    res.end(body);
    recordRequest(logger, metrics, req.method!, req.url!, status, started);
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
      const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
      const entry = lookup(body.query, operationName);
      if (entry === 'apollo') return next();

      const requestId = requestIdOf(req.headers['x-request-id']);
      const variables = body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};
      const context = opts.context(req, requestId, logger);
      Promise.resolve(entry.compiled.query(undefined, context, variables))
        .then((result) => {
          if (result.errors?.length) return next();
          metrics.graphqlDuration.observe({ operation: entry.operationName, type: 'query', outcome: 'ok' }, Number(process.hrtime.bigint() - started) / 1e9);
          // The same media type Apollo would answer with for this Accept header.
          const type = (req.headers.accept ?? '').includes('application/graphql-response+json') ? 'application/graphql-response+json' : 'application/json';
          answer(req, res, requestId, started, 200, type, entry.compiled.stringify(result));
        })
        .catch(() => next());
    });
  };
}
