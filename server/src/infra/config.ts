import path from 'node:path';
import { z } from 'zod';
import { providerEnvSchema, providersConfig, type ProvidersConfig } from '../integrations/providers/provider-config.js';

const PORT_RULE = 'an integer port between 0 (any free port) and 65535';
const port = (fallback: number) => z.coerce.number({ error: PORT_RULE }).int(PORT_RULE).min(0, PORT_RULE).max(65535, PORT_RULE).default(fallback);

const url = (protocols: string[], what: string) =>
  z
    .string()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `${what} (${protocols.map((p) => `${p}//…`).join(' or ')})`);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'one of development, production, test' }).default('production'),
  HOST: z.string().min(1, 'a host name or address to listen on').default('127.0.0.1'),
  PORT: port(3000),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'a PostgreSQL connection URL').optional(),
  REDIS_URL: url(['redis:', 'rediss:'], 'a Redis connection URL').optional(),
  MARQUEE_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - (at most 64), e.g. "marquee:"')
    .default('marquee:'),
  MARQUEE_DATA_DIR: z.string().min(1, 'a directory path').default('data'),
  MARQUEE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  MARQUEE_SERVICE_TOKEN: z.string().min(32, 'at least 32 characters (or unset to generate one in the data directory)').optional(),
  MARQUEE_AUTH_SECRET: z.string().min(32, 'at least 32 characters (or unset to generate one in the data directory)').optional(),
  MARQUEE_RATE_LIMIT: z.coerce.number({ error: 'requests per minute, 1 or more' }).int('requests per minute, 1 or more').min(1, 'requests per minute, 1 or more').default(6_000),
  MARQUEE_SECURE_COOKIES: z.enum(['auto', 'true', 'false'], { error: 'one of auto, true, false' }).default('auto'),
  MARQUEE_EMBEDDED_PG_PORT: port(5433),
  MARQUEE_EMBEDDED_REDIS_PORT: port(6380),
  MARQUEE_WEB_DIR: z.string().min(1, 'the directory of the built web client').optional(),
  MARQUEE_READY_MAX_LAG: z.coerce.number({ error: 'a non-negative integer' }).int('a non-negative integer').min(0, 'a non-negative integer').default(10_000),
  MARQUEE_PROJECTOR_PARTITIONS: z.coerce.number({ error: 'an integer from 1 to 64' }).int('an integer from 1 to 64').min(1, 'an integer from 1 to 64').max(64, 'an integer from 1 to 64').default(1),
  MARQUEE_PROJECTOR_POLL_MS: z.coerce.number({ error: 'milliseconds, 50 or more' }).int('milliseconds, 50 or more').min(50, 'milliseconds, 50 or more').default(1_000),
  MARQUEE_FFPROBE: z.string().min(1, 'the ffprobe executable, or "off"').default('ffprobe'),
  MARQUEE_PROBE_CONCURRENCY: z.coerce.number({ error: 'an integer from 1 to 32' }).int('an integer from 1 to 32').min(1, 'an integer from 1 to 32').max(32, 'an integer from 1 to 32').default(2),
  MARQUEE_MATCH_THRESHOLD: z.coerce.number({ error: 'a number from 0 to 1' }).min(0, 'a number from 0 to 1').max(1, 'a number from 0 to 1').default(0.8),
  MARQUEE_RECYCLE_DAYS: z.coerce.number({ error: 'whole days, 1 or more' }).int('whole days, 1 or more').min(1, 'whole days, 1 or more').default(30),
  MARQUEE_API_URL: url(['http:', 'https:'], 'the URL the worker reaches the API on, for scheduled parser imports').optional(),
  MARQUEE_PARSER_CLI: z.string().min(1, 'the path of the parser CLI (parser/dist/cli.js)').optional(),
  MARQUEE_JOB_SUPERVISE_SECONDS: z.coerce.number({ error: 'seconds, 1 to 3600' }).int('seconds, 1 to 3600').min(1, 'seconds, 1 to 3600').max(3600, 'seconds, 1 to 3600').default(10),
  ...providerEnvSchema,
  MARQUEE_OUTGOING_ALLOW_LOOPBACK: z.enum(['true', 'false'], { error: 'true or false' }).default('false'),
  MARQUEE_OUTGOING_ALLOW_LINK_LOCAL: z.enum(['true', 'false'], { error: 'true or false' }).default('false'),
  MARQUEE_PLAYER_DEBOUNCE_SECONDS: z.coerce.number({ error: 'seconds, 0 to 3600' }).int('seconds, 0 to 3600').min(0, 'seconds, 0 to 3600').max(3600, 'seconds, 0 to 3600').default(10),
  MARQUEE_INTEGRATION_RETRY_SECONDS: z.coerce.number({ error: 'seconds, 1 to 3600' }).int('seconds, 1 to 3600').min(1, 'seconds, 1 to 3600').max(3600, 'seconds, 1 to 3600').default(15),
  MARQUEE_INTEGRATION_RETRY_LIMIT: z.coerce.number({ error: 'an integer from 0 to 50' }).int('an integer from 0 to 50').min(0, 'an integer from 0 to 50').max(50, 'an integer from 0 to 50').default(8),
  MARQUEE_JOB_RETRY_LIMIT: z.coerce.number({ error: 'retries, 0 to 100' }).int('retries, 0 to 100').min(0, 'retries, 0 to 100').max(100, 'retries, 0 to 100').optional(),
});

export type Env = z.infer<typeof schema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  /** Unset: probe the local default, else start an embedded Postgres (see infra/services.ts). */
  databaseUrl?: string;
  redisUrl?: string;
  redisPrefix: string;
  dataDir: string;
  logLevel: Env['MARQUEE_LOG_LEVEL'];
  serviceToken?: string;
  /** Signs access tokens; unset: generated once into the data directory. */
  authSecret?: string;
  /** Requests per minute per principal and per address. */
  rateLimit: number;
  /** Secure cookies: 'auto' sets them unless Marquee listens on a loopback address (plain HTTP). */
  secureCookies: 'auto' | 'true' | 'false';
  embeddedPgPort: number;
  embeddedRedisPort: number;
  webDir?: string;
  /** Where scheduled parser imports reach the API (default: this process's own port). */
  apiUrl?: string;
  parserCli?: string;
  readyMaxLag: number;
  projectorPollMs: number;
  /** Outbox partitions; changing it needs `marquee read-models rebuild`. */
  projectorPartitions: number;
  /** The ffprobe executable, or null when probing is switched off (`MARQUEE_FFPROBE=off`). */
  ffprobe: string | null;
  probeConcurrency: number;
  /** Files matched below this confidence are listed as unmatched. */
  matchThreshold: number;
  /** Days recycled titles and missing files are kept before the purge phase removes them. */
  recycleDays: number;
  /** How often pg-boss checks for dead workers' jobs, expired jobs and schedules. */
  jobSuperviseSeconds: number;
  /** Metadata providers: keys, endpoints, priority, cache, limits (integrations/providers). */
  providers: ProvidersConfig;
  /** Players and notification targets on loopback / link-local addresses (refused by default: SSRF). */
  outgoing: { allowLoopback: boolean; allowLinkLocal: boolean };
  /** Changes within this window are coalesced into one refresh per player and directory. */
  playerDebounceSeconds: number;
  /** First retry delay of player refreshes and notification deliveries (doubling after). */
  integrationRetrySeconds: number;
  /** Retries after the first attempt of a player refresh or notification delivery; then it is dead-lettered. */
  integrationRetryLimit: number;
  /** At most this many retries for every phase queue (unset: each queue's own limit). */
  jobRetryLimit: number | null;
}

export class ConfigError extends Error {}

/** Validates the environment; the first problem is reported as one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as in most .env conventions.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const got = cleaned[name];
    const shown = name.includes('TOKEN') || name.includes('SECRET') || name.includes('KEY') || name.includes('PIN') || name.includes('URL') ? '' : got === undefined ? '' : ` (got "${got}")`;
    throw new ConfigError(`invalid configuration: ${name} must be ${issue.message}${shown}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.MARQUEE_REDIS_PREFIX,
    dataDir: path.resolve(e.MARQUEE_DATA_DIR),
    logLevel: e.MARQUEE_LOG_LEVEL,
    serviceToken: e.MARQUEE_SERVICE_TOKEN,
    authSecret: e.MARQUEE_AUTH_SECRET,
    rateLimit: e.MARQUEE_RATE_LIMIT,
    secureCookies: e.MARQUEE_SECURE_COOKIES,
    embeddedPgPort: e.MARQUEE_EMBEDDED_PG_PORT,
    embeddedRedisPort: e.MARQUEE_EMBEDDED_REDIS_PORT,
    webDir: e.MARQUEE_WEB_DIR,
    apiUrl: e.MARQUEE_API_URL,
    parserCli: e.MARQUEE_PARSER_CLI,
    readyMaxLag: e.MARQUEE_READY_MAX_LAG,
    projectorPollMs: e.MARQUEE_PROJECTOR_POLL_MS,
    projectorPartitions: e.MARQUEE_PROJECTOR_PARTITIONS,
    ffprobe: e.MARQUEE_FFPROBE === 'off' ? null : e.MARQUEE_FFPROBE,
    probeConcurrency: e.MARQUEE_PROBE_CONCURRENCY,
    matchThreshold: e.MARQUEE_MATCH_THRESHOLD,
    recycleDays: e.MARQUEE_RECYCLE_DAYS,
    jobSuperviseSeconds: e.MARQUEE_JOB_SUPERVISE_SECONDS,
    providers: providersConfig(e),
    outgoing: { allowLoopback: e.MARQUEE_OUTGOING_ALLOW_LOOPBACK === 'true', allowLinkLocal: e.MARQUEE_OUTGOING_ALLOW_LINK_LOCAL === 'true' },
    playerDebounceSeconds: e.MARQUEE_PLAYER_DEBOUNCE_SECONDS,
    integrationRetrySeconds: e.MARQUEE_INTEGRATION_RETRY_SECONDS,
    integrationRetryLimit: e.MARQUEE_INTEGRATION_RETRY_LIMIT,
    jobRetryLimit: e.MARQUEE_JOB_RETRY_LIMIT ?? null,
  };
}

/** A connection URL with its password masked, for logs and errors. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}
