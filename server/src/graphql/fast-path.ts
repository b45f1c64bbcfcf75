import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { getOperationAST, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { Metrics } from '../infra/metrics.js';
import type { GraphQLContext } from './context.js';

type Entry = { compiled: CompiledQuery; operationName: string } | 'apollo';

/**
 * The read hot path. A query document is parsed, validated and compiled with graphql-jit once,
 * then served from the cache. Only results without errors are answered here: anything else
 * (mutations, subscriptions, invalid documents, introspection where it is off, or any execution
 * error) goes on to Apollo, which runs it again — queries have no side effects — so clients see
 * exactly the same errors whichever path a request takes.
 */
export function graphqlFastPath(opts: {
  schema: GraphQLSchema;
  introspection: boolean;
  metrics: Metrics;
  context: (req: Parameters<RequestHandler>[0]) => GraphQLContext;
}): RequestHandler {
  const cache = new LRUCache<string, Entry>({ max: 2_000 });
  const rules = opts.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];

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

  return (req, res, next) => {
    const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown } | undefined;
    if (req.method !== 'POST' || !body || typeof body.query !== 'string' || body.extensions !== undefined) return next();
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    const key = createHash('sha1').update(operationName ?? '').update('\u0000').update(body.query).digest('base64');
    let entry = cache.get(key);
    if (entry === undefined) {
      entry = prepare(body.query, operationName);
      cache.set(key, entry);
    }
    if (entry === 'apollo') return next();
    const { compiled, operationName: name } = entry;
    const started = process.hrtime.bigint();
    const variables = body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};
    Promise.resolve(compiled.query(undefined, opts.context(req), variables))
      .then((result) => {
        if (result.errors?.length) return next();
        opts.metrics.graphqlDuration.observe({ operation: name, type: 'query', outcome: 'ok' }, Number(process.hrtime.bigint() - started) / 1e9);
        // The same media type Apollo would answer with for this Accept header.
        const type = (req.get('accept') ?? '').includes('application/graphql-response+json') ? 'application/graphql-response+json' : 'application/json';
        res.status(200).type(`${type}; charset=utf-8`).send(compiled.stringify(result));
      })
      .catch(() => next());
  };
}
