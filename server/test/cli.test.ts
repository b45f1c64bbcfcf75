import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI, setupAdmin, spawnProduct } from './harness/spawn-product.js';

const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('marquee CLI', () => {
  it.each([[[]], [['start']], [['migrate']], [['read-models']], [['read-models', 'rebuild']], [['read-models', 'verify']], [['schema']]])(
    '%j has --help',
    async (args) => {
      const res = await cli([...args, '--help']);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/^Usage: marquee/);
    },
  );

  it('users reset-password sets a new password and signs the user out everywhere', async () => {
    const product = await spawnProduct({ roles: 'api' });
    try {
      const token = await setupAdmin(product.url);
      const env = { DATABASE_URL: product.databaseUrl, REDIS_URL: 'redis://127.0.0.1:6379', MARQUEE_REDIS_PREFIX: product.redisPrefix, MARQUEE_DATA_DIR: product.dataDir, MARQUEE_LOG_LEVEL: 'silent' };
      const res = await cli(['users', 'reset-password', 'Admin'], env);
      expect(res.code).toBe(0);
      const password = /new password for Admin: (\S+)/.exec(res.stdout)![1]!;
      expect(res.stdout).toContain('1 session(s) signed out');
      const gql = async (query: string, headers: Record<string, string> = {}) =>
        (await (await fetch(`${product.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) })).json()) as {
          data?: Record<string, unknown>;
          errors?: Array<{ extensions: { code: string } }>;
        };
      expect((await gql('{ me { username } }', { authorization: `Bearer ${token}` })).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect((await gql(`mutation { login(input: { username: "admin", password: "${password}" }) { accessToken } }`)).data).toBeTruthy();
      const missing = await cli(['users', 'reset-password', 'nobody'], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe('marquee: no user named nobody\n');
    } finally {
      await product.stop();
    }
  });

  it('an invalid configuration value stops start-up with one line and exit code 2', async () => {
    const res = await cli(['start'], { PORT: 'eighty' });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('marquee: invalid configuration: PORT must be an integer port between 0 (any free port) and 65535 (got "eighty")\n');
  });

  it('refuses an unknown role', async () => {
    const res = await cli(['start', '--role', 'api,frontend']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('--role takes a comma-separated list of api, worker, projector, web');
  });

  it('parse-name prints one JSON object per path', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'parse-name', 'Breaking Bad (2008)/Season 01/Breaking Bad - S01E02E03.mkv', 'The Matrix (1999) {tmdb-603}/The Matrix.mkv']);
    const [episode, movie] = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(episode).toMatchObject({ kind: 'episode', title: 'Breaking Bad', season: 1, episode: [2, 3] });
    expect(movie).toMatchObject({ kind: 'movie', title: 'The Matrix', year: 1999, externalIds: { tmdb: '603' } });
  });

  it('schema --check passes on the committed schema', async () => {
    const res = await cli(['schema', '--check']);
    expect(res.stdout).toContain('up to date');
    expect(res.code).toBe(0);
  });

  it('drains every role and exits 0 on SIGTERM (a forced exit would be 1)', async () => {
    const product = await spawnProduct();
    try {
      const exited = new Promise<number | null>((resolve) => product.child.once('exit', (code) => resolve(code)));
      product.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(product.output()).not.toMatch(/error while stopping/);
    } finally {
      await product.stop();
    }
  });
});
