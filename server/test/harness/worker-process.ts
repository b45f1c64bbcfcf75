import { spawn, type ChildProcess } from 'node:child_process';
import type { TestServices } from './services.js';
import { CLI } from './spawn-product.js';

/**
 * Starts the built product's worker role as a child process (so a test can kill it with -9)
 * against the test file's services and data directory.
 */
export function spawnWorker(services: TestServices, dataDir: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [CLI, 'start', '--role', 'worker'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      MARQUEE_REDIS_PREFIX: services.redisPrefix,
      MARQUEE_DATA_DIR: dataDir,
      MARQUEE_LOG_LEVEL: 'warn',
      // A dead worker's job is noticed (no heartbeat) and retried within seconds.
      MARQUEE_JOB_SUPERVISE_SECONDS: '1',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
