import { pino, type Logger } from 'pino';

export type { Logger };

const accessLoggers = new WeakMap<Logger, Logger>();

/** JSON logs; secrets are redacted wherever they may appear. */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  const options = { level, base: { service: 'marquee', ...bindings }, timestamp: pino.stdTimeFunctions.isoTime };
  const logger = pino({
    ...options,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-marquee-service-token"]',
        'req.headers["x-api-key"]',
        '*.password',
        '*.token',
        '*.serviceToken',
        '*.accessToken',
        '*.refreshToken',
        '*.currentPassword',
        '*.newPassword',
        '*.*.password',
        'variables.input.password',
      ],
      censor: '[redacted]',
    },
  });
  // Access lines carry fixed fields only (request id, method, path, status, duration), none of
  // them secret, so they skip redaction: on the read hot path it was the dearest part of a line.
  accessLoggers.set(logger, pino(options));
  return logger;
}

/** The logger for access lines: redaction-free for a logger made by `createLogger`, else itself. */
export function accessLogger(logger: Logger): Logger {
  return accessLoggers.get(logger) ?? logger;
}
