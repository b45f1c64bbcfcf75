import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Logger } from '../infra/logger.js';
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

/** Request id (honouring a sane incoming X-Request-Id), a child logger, and duration metrics. */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ requestId: req.id });
    res.setHeader('x-request-id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const fullPath = req.originalUrl.split('?')[0]!;
      const route = KNOWN_ROUTES.has(fullPath) ? fullPath : fullPath.startsWith('/_app/') ? '/_app' : 'other';
      metrics.httpDuration.observe({ method: req.method, route: String(route), status: String(res.statusCode) }, seconds);
      if (fullPath !== '/health' && fullPath !== '/metrics') {
        req.log.info({ method: req.method, path: fullPath, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
      }
    });
    next();
  };
}

/** Malformed JSON and oversized bodies answer in GraphQL's shape, never with an HTML stack trace. */
export const jsonErrorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const status = typeof err?.status === 'number' ? err.status : 500;
  if (status >= 500) req.log?.error({ err }, 'unhandled HTTP error');
  const code = status === 413 ? 'BAD_REQUEST' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
  const message =
    status === 413 ? 'Request body is too large' : err?.type === 'entity.parse.failed' ? 'Request body is not valid JSON' : status < 500 ? 'Bad request' : 'Internal server error';
  res.status(status).type('application/json').send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
};

export function createApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  return app;
}
