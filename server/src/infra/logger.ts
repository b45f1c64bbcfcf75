import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs; secrets are redacted wherever they may appear. */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'marquee', ...bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
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
}
