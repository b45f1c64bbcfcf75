import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { accessLogger, type Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

/** Routes labelled by name in metrics; everything else is folded so label cardinality stays bounded. */
const KNOWN_ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics', '/']);

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** A sane incoming X-Request-Id is kept (so a proxy's id follows the request); otherwise a new one. */
export function requestIdOf(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Duration metric and access-log line for one finished request, whichever path answered it. */
export function recordRequest(logger: Logger, metrics: Metrics, method: string, url: string, status: number, started: bigint, requestId?: string): void {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const fullPath = url.split('?')[0]!;
  const route = KNOWN_ROUTES.has(fullPath) ? fullPath : fullPath.startsWith('/_app/') ? '/_app' : 'other';
  metrics.httpDuration.observe({ method, route, status: String(status) }, seconds);
  if (fullPath !== '/health' && fullPath !== '/metrics' && logger.isLevelEnabled('info')) {
    accessLogger(logger).info({ ...(requestId ? { requestId } : {}), method, path: fullPath, status, ms: Math.round(seconds * 1000) }, 'request');
  }
}

/** Request id, a child logger, and duration metrics for requests Express answers. */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    req.id = requestIdOf(req.get('x-request-id'));
    req.log = logger.child({ requestId: req.id });
    res.setHeader('x-request-id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => recordRequest(logger, metrics, req.method, req.originalUrl, res.statusCode, started, req.id));
    next();
  };
}

/** Malformed JSON and oversized bodies answer in GraphQL's shape, never with an HTML stack trace. */
export const jsonErrorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const status = typeof err?.status === 'number' ? err.status : 500;
  if (status >= 500) req.log?.error({ err }, 'unhandled HTTP error');
  res.status(status).type('application/json').send(httpErrorBody(status, err?.type));
};

/** The GraphQL-shaped body of a request that failed before GraphQL could see it. */
export function httpErrorBody(status: number, type?: string): string {
  const code = status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
  const message =
    status === 413 ? 'Request body is too large' : type === 'entity.parse.failed' ? 'Request body is not valid JSON' : status < 500 ? 'Bad request' : 'Internal server error';
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

export function createApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  return app;
}
