import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type Config } from '../../src/infra/config.js';
import { createLogger } from '../../src/infra/logger.js';
import { startMarquee, type Role, type Running } from '../../src/main/runtime.js';
import type { TestServices } from './services.js';
import { TEST_ADMIN } from './constants.js';
import { setupAdmin } from './spawn-product.js';

export const TEST_SERVICE_TOKEN = 'test-service-token-0123456789abcdefghijklmnop';
export { TEST_ADMIN };
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'x-marquee-service-token', 'cookie'];

export interface TestMarquee {
  url: string;
  config: Config;
  running: Running;
  /** The set-up admin's access token (when the API role runs). */
  adminToken: string;
  /**
   * POST a GraphQL operation as the admin (unless `headers` carry other credentials, or
   * `anonymous` is set); returns the parsed body and the HTTP status.
   */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
    options?: { anonymous?: boolean },
  ): Promise<{ status: number; data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
}

/** Runs the real product in this process (every role but web) against the file's services. */
export function useMarquee(services: TestServices, roles: Role[] = ['api', 'worker', 'projector'], env: Record<string, string> = {}): TestMarquee {
  const handle = {} as TestMarquee;
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'marquee-test-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      MARQUEE_REDIS_PREFIX: services.redisPrefix,
      MARQUEE_DATA_DIR: dataDir,
      MARQUEE_LOG_LEVEL: process.env.MARQUEE_TEST_LOG_LEVEL ?? 'silent',
      MARQUEE_SERVICE_TOKEN: TEST_SERVICE_TOKEN,
      MARQUEE_PROJECTOR_POLL_MS: '200',
      // Tests hammer the API on purpose; the rate-limit test sets its own.
      MARQUEE_RATE_LIMIT: '1000000',
      ...env,
    });
    const running = await startMarquee(config, roles, createLogger(config.logLevel));
    const post = async (query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>) => {
      const res = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) } as { status: number; data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
    };
    const adminToken = roles.includes('api') ? await setupAdmin(running.url!) : '';
    Object.assign(handle, {
      url: running.url ?? '',
      config,
      running,
      adminToken,
      gql: (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}, options: { anonymous?: boolean } = {}) => {
        const own = Object.keys(headers).some((h) => CREDENTIAL_HEADERS.includes(h.toLowerCase()));
        return post(query, variables, own || options.anonymous ? headers : { authorization: `Bearer ${adminToken}`, ...headers });
      },
    });
  });
  afterAll(async () => {
    await handle.running?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return handle;
}

/** Polls until `fn` returns a value that is not undefined (projection is asynchronous). */
export async function eventually<T>(fn: () => Promise<T | undefined>, what: string, tries = 200, delayMs = 50): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, delayMs));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
