import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from './config.js';

describe('loadConfig', () => {
  it('serves a local install with defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', redisPrefix: 'marquee:', env: 'production', logLevel: 'info' });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/\/data$/);
  });

  it.each([
    [{ PORT: 'abc' }, 'invalid configuration: PORT must be an integer port between 0 (any free port) and 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a PostgreSQL connection URL'],
    [{ REDIS_URL: 'nope' }, 'REDIS_URL must be a Redis connection URL'],
    [{ MARQUEE_LOG_LEVEL: 'loud' }, 'MARQUEE_LOG_LEVEL must be one of'],
    [{ MARQUEE_REDIS_PREFIX: 'has space' }, 'MARQUEE_REDIS_PREFIX must be letters'],
    [{ MARQUEE_SERVICE_TOKEN: 'short' }, 'MARQUEE_SERVICE_TOKEN must be at least 32 characters'],
  ])('%j fails with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as Error).message).toContain(message);
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('never echoes secrets or URLs in its errors', () => {
    expect(() => loadConfig({ MARQUEE_SERVICE_TOKEN: 'hunter2' })).toThrow(/^((?!hunter2).)*$/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:pw@h/db' })).toThrow(/^((?!pw@).)*$/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  it('redacts passwords in URLs', () => {
    expect(redactUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db');
  });
});
