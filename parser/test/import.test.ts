import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../server/test/harness/fixtures.js';
import { setupAdmin, spawnProduct, type Product } from '../../server/test/harness/spawn-product.js';
import { startFakeTmdb, type FakeTmdb } from './fake-tmdb.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const AOD = path.join(fixturesDir(), 'anime-offline-database', 'samples');
const TMDB_TOKEN = 'tmdb-read-token-for-the-fake-0123456789';
let product: Product;
let adminToken: string;
let dir: string;
let db: pg.Client;

beforeAll(async () => {
  product = await spawnProduct({ roles: 'api,projector,worker' });
  adminToken = await setupAdmin(product.url);
  dir = await mkdtemp(path.join(tmpdir(), 'marquee-parser-'));
  db = new pg.Client({ connectionString: product.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await product?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function parser(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const base = ['--url', product.url, ...(args.includes('--checkpoint-dir') ? [] : ['--checkpoint-dir', path.join(dir, 'checkpoints')])];
  const full = args[0] === 'import' ? [...args, ...base, '--log', 'json'] : args[0] === 'schedule' || args[0] === 'status' ? [...args, '--url', product.url] : args;
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...full], { env: { ...process.env, MARQUEE_SERVICE_TOKEN: product.serviceToken, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const summaryOf = (r: Result) => JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number | boolean | string>;
const count = async (sql: string) => Number((await db.query(sql)).rows[0].count);

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${product.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

interface TitleNode {
  id: string;
  name: string;
  year: number | null;
  kind: string;
  version: number;
  studios: string[];
  tags: string[];
  synonyms: string[];
  externalIds: Array<{ provider: string; value: string }>;
}
const byId = (provider: string, value: string) =>
  gql<{ titleByExternalId: TitleNode }>(
    `query($p: String!, $v: String!) { titleByExternalId(provider: $p, value: $v) { id name year kind version studios tags synonyms externalIds { provider value } } }`,
    { p: provider, v: value },
  ).then((d) => d.titleByExternalId);

/** The read models are eventually consistent: wait until the projector has caught up. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  let value: T | undefined;
  for (let i = 0; i < 200; i++) {
    try {
      value = await read();
      if (ok(value)) return value;
    } catch {
      // not projected yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return value as T;
}

/** `n` anime-offline-database entries made from the real sample, each with its own ids. */
async function synthesizedAod(n: number, file: string, base: number): Promise<string> {
  const lines = (await readFile(path.join(AOD, 'derived-anime-offline-database.jsonl'), 'utf8')).trim().split('\n');
  const entry = JSON.parse(lines[1]!) as { sources: string[]; title: string };
  const out = [lines[0]];
  for (let i = 0; i < n; i++) {
    out.push(JSON.stringify({ ...entry, title: `${entry.title} ${i}`, sources: [`https://myanimelist.net/anime/${base + i}`, `https://anidb.net/anime/${base + i}`] }));
  }
  const target = path.join(dir, file);
  await writeFile(target, out.join('\n') + '\n');
  return target;
}

describe('marquee-parser import: anime-offline-database', () => {
  it('imports the real samples (JSONL and JSON, old and new format) and they reach the read models with their ids', async () => {
    const jsonl = await parser(['import', path.join(AOD, 'derived-anime-offline-database.jsonl'), '--source', 'anime-offline-database']);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    expect(summaryOf(jsonl)).toMatchObject({ created: 1, updated: 0, unchanged: 0, failed: 0 });
    const old = await parser(['import', path.join(AOD, 'modb-serde-test_dataset_for_deserialization.json'), '--source', 'anime-offline-database']);
    expect(summaryOf(old)).toMatchObject({ created: 5, failed: 0 });

    const deathNote = await eventually(() => byId('anilist', '1535'), (t) => t?.name === 'Death Note');
    expect(deathNote).toMatchObject({ name: 'Death Note', year: 2006, kind: 'ANIME_SERIES', studios: ['madhouse'] });
    expect(deathNote.tags).toContain('psychological');
    expect(deathNote.synonyms).toContain('DEATH NOTE');
    expect(deathNote.externalIds).toEqual(expect.arrayContaining([{ provider: 'mal', value: '1535' }, { provider: 'anidb', value: '4563' }, { provider: 'kitsu', value: '1376' }]));
    const movie = await eventually(() => byId('mal', '5'), (t) => Boolean(t));
    expect(movie).toMatchObject({ name: 'Cowboy Bebop: Tengoku no Tobira', kind: 'ANIME_MOVIE', year: 1998 });
  });

  it('a second import of the same data reports everything unchanged and adds nothing to the outbox', async () => {
    const outbox = await count('select count(*) from outbox');
    const again = await parser(['import', path.join(AOD, 'modb-serde-test_dataset_for_deserialization.json'), '--source', 'anime-offline-database']);
    expect(summaryOf(again)).toMatchObject({ created: 0, updated: 0, unchanged: 5, failed: 0 });
    expect(await count('select count(*) from outbox')).toBe(outbox);
    // The same anime in the README's JSON form (newer data) updates the one title, never a second one.
    const readme = await parser(['import', path.join(AOD, 'readme-example-anime-offline-database.json'), '--source', 'anime-offline-database']);
    expect(summaryOf(readme).created).toBe(0);
    expect(await count(`select count(*) from external_id where provider = 'mal' and value = '1535'`)).toBe(1);
  });

  it('a dry run reports what would change and writes nothing', async () => {
    const file = await synthesizedAod(30, 'dry.jsonl', 100000);
    const outbox = await count('select count(*) from outbox');
    const dry = await parser(['import', file, '--source', 'anime-offline-database', '--dry-run', '--batch-size', '7']);
    expect(summaryOf(dry)).toMatchObject({ created: 30, dryRun: true });
    expect(await count('select count(*) from outbox')).toBe(outbox);
    expect(await count(`select count(*) from source_record where external_id like 'mal:1000%'`)).toBe(0);
  });

  it('keeps fields the user locked', async () => {
    const title = await eventually(() => byId('mal', '1'), (t) => Boolean(t));
    await gql(`mutation($input: UpdateTitleInput!) { updateTitle(input: $input) { id } }`, { input: { id: title.id, expectedVersion: title.version, name: 'Cowboy Bebop (my name)', year: 1997 } });
    const source = JSON.parse(await readFile(path.join(AOD, 'modb-serde-test_dataset_for_deserialization.json'), 'utf8')) as { data: Array<{ title: string; tags: string[] }> };
    source.data = source.data.map((a) => (a.title === 'Cowboy Bebop' ? { ...a, title: 'Cowboy Bebop (provider rename)', tags: [...a.tags, 'noir'] } : a));
    const file = path.join(dir, 'renamed.json');
    await writeFile(file, JSON.stringify(source));
    const res = await parser(['import', file, '--source', 'anime-offline-database']);
    expect(summaryOf(res)).toMatchObject({ updated: 1, unchanged: 4 });
    const after = await eventually(() => byId('mal', '1'), (t) => t.tags.includes('noir'));
    expect(after).toMatchObject({ name: 'Cowboy Bebop (my name)', year: 1997 });
    expect(after.tags).toContain('noir');
  });

  it('reports a malformed line and a failing item and lands the rest; a broken document names its position', async () => {
    const file = await synthesizedAod(4, 'bad-lines.jsonl', 200000);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    lines[2] = '{"sources": ["https://myanimelist.net/anime/1"], "title": '; // line 3: cut off
    lines[3] = lines[3]!.replace(/"animeSeason":\{[^}]*\}/, '"animeSeason":{"season":"FALL","year":1700}'); // line 4: the API refuses the year
    await writeFile(file, lines.join('\n') + '\n');
    const res = await parser(['import', file, '--source', 'anime-offline-database']);
    expect(res.code).toBe(3);
    expect(summaryOf(res)).toMatchObject({ created: 2, failed: 2 });
    const failures = res.stderr.split('\n').filter((l) => l.includes('item failed')).map((l) => JSON.parse(l) as { where: string; code: string; field?: string });
    expect(failures).toEqual(
      expect.arrayContaining([expect.objectContaining({ where: 'line 3', code: 'INVALID_RECORD' }), expect.objectContaining({ where: 'line 4', code: 'INVALID_INPUT', field: 'year' })]),
    );
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{"data": [{"sources": ["https://myanimelist.net/anime/1"],, }]}');
    const bad = await parser(['import', broken, '--source', 'anime-offline-database']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/broken\.json: .*position \d+/);
  });

  it('killed mid-run, resumes from its checkpoint and ends where an uninterrupted run ends', async () => {
    const n = 600;
    const file = await synthesizedAod(n, 'resume.jsonl', 300000);
    const args = [CLI, 'import', file, '--source', 'anime-offline-database', '--url', product.url, '--checkpoint-dir', path.join(dir, 'resume-cp'), '--log', 'json', '--batch-size', '20', '--concurrency', '2', '--rps', '8'];
    const child = spawn(process.execPath, args, { env: { ...process.env, MARQUEE_SERVICE_TOKEN: product.serviceToken }, stdio: 'ignore' });
    const cpDir = path.join(dir, 'resume-cp');
    const saved = await eventually(
      async () => (existsSync(cpDir) ? await readdir(cpDir) : []),
      (files) => files.some((f) => f.endsWith('.json')),
    );
    expect(saved.length).toBeGreaterThan(0);
    await eventually(
      async () => JSON.parse(await readFile(path.join(cpDir, saved.find((f) => f.endsWith('.json'))!), 'utf8')) as { next: number },
      (cp) => cp.next >= 100,
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const ours = `from source_record where external_id >= 'mal:300000' and external_id < 'mal:300600'`;
    const landed = await count(`select count(*) ${ours}`);
    expect(landed).toBeGreaterThan(0);
    expect(landed).toBeLessThan(n);

    const resumed = await parser(['import', file, '--source', 'anime-offline-database', '--checkpoint-dir', path.join(dir, 'resume-cp'), '--batch-size', '100']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = summaryOf(resumed);
    expect(summary.resumedFrom).toBeGreaterThan(0);
    expect(summary.total).toBe(n);
    // Whatever landed before the kill but after the checkpoint is met again unchanged, never doubled.
    expect(Number(summary.created) + Number(summary.unchanged)).toBe(n);
    expect(await count(`select count(*) ${ours}`)).toBe(n);
    expect(await count(`select count(distinct title_id) ${ours}`)).toBe(n);
    expect(await readdir(cpDir)).toEqual([]);
    const last = await eventually(() => byId('mal', String(300000 + n - 1)), (t) => Boolean(t));
    expect(last.name).toBe(`Death Note ${n - 1}`);
  });
});

describe('marquee-parser import: TMDB', () => {
  let tmdb: FakeTmdb;
  beforeAll(async () => {
    tmdb = await startFakeTmdb({ token: TMDB_TOKEN, throttleOnce: [11], limit: 45, missing: [] });
  });
  afterAll(() => tmdb?.close());

  it('reads /changes page by page, fetches details with the bearer token, waits out a 429 and imports the movies', async () => {
    const res = await parser(['import', '--source', 'tmdb', '--tmdb-mode', 'changes', '--tmdb-api-url', tmdb.url], { TMDB_API_KEY: TMDB_TOKEN });
    expect(res.code, res.stderr).toBe(0);
    expect(summaryOf(res)).toMatchObject({ created: tmdb.ids.length, failed: 0 });
    expect(tmdb.ids.length).toBeGreaterThan(40);
    expect(tmdb.requests.filter((r) => r.path.startsWith('/3/movie/changes')).map((r) => new URL(r.path, 'http://x').searchParams.get('page'))).toEqual(['1', '2', '3']);
    expect(tmdb.requests.every((r) => r.path.startsWith('/p/') || r.authorization === `Bearer ${TMDB_TOKEN}`)).toBe(true);
    expect(res.stderr + res.stdout).not.toContain(TMDB_TOKEN);
    const first = tmdb.ids.find((id) => id !== 11)!;
    const movie = await eventually(() => byId('tmdb', String(first)), (t) => Boolean(t));
    expect(movie).toMatchObject({ name: `Star Wars ${first}`, year: 1977, kind: 'MOVIE' });
  });

  it('imports a daily id export file; a wrong key is refused without echoing it', async () => {
    const full = await parser(['import', '--source', 'tmdb', '--tmdb-mode', 'full', '--tmdb-api-url', tmdb.url, '--tmdb-files-url', `${tmdb.url}/p/exports`], { TMDB_API_KEY: TMDB_TOKEN });
    expect(full.code, full.stderr).toBe(0);
    expect(summaryOf(full)).toMatchObject({ created: 0, unchanged: tmdb.ids.length });
    const wrong = await parser(['import', '--source', 'tmdb', '--tmdb-api-url', tmdb.url], { TMDB_API_KEY: 'not-the-key-0123456789' });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(/HTTP 401/);
    expect(wrong.stderr).not.toContain('not-the-key-0123456789');
  });

  it('retries with Retry-After: a throttled detail call is made again and lands', async () => {
    expect(tmdb.requests.filter((r) => r.path.startsWith('/3/movie/11?')).length).toBeGreaterThanOrEqual(2);
    const sw = await eventually(() => byId('imdb', 'tt0076759'), (t) => Boolean(t));
    expect(sw.name).toBe('Star Wars');
  });
});

describe('marquee-parser canonical JSONL, schedules and refusals', () => {
  it('imports Marquee canonical JSONL', async () => {
    const file = path.join(dir, 'catalog.jsonl');
    await writeFile(
      file,
      [
        { provider: 'tmdb', externalId: 603, kind: 'MOVIE', name: 'The Matrix', year: 1999 },
        { provider: 'tmdb', externalId: '129', kind: 'ANIME_MOVIE', name: 'Spirited Away', year: 2001 },
        { provider: 'tmdb', externalId: '1', kind: 'PODCAST', name: 'Not a title kind' },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n'),
    );
    const res = await parser(['import', file]);
    expect(summaryOf(res)).toMatchObject({ created: 2, failed: 1 });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/"where":"line 3".*"kind/);
  });

  it('schedules an import that the worker runs as a job run, visible through status', async () => {
    const add = await parser(['schedule', 'add', 'anime-nightly', path.join(AOD, 'modb-serde-test_dataset_for_deserialization.json'), '--source', 'anime-offline-database', '--cron', '0 4 * * *']);
    expect(add.code, add.stderr).toBe(0);
    const bad = await parser(['schedule', 'add', 'broken', 'x', '--cron', 'every day']);
    expect(bad.stderr).toMatch(/"code":"(BAD_USER_INPUT|INVALID_INPUT)"/);
    const list = await parser(['schedule', 'list']);
    expect(JSON.parse(list.stdout)).toMatchObject({ name: 'anime-nightly', cron: '0 4 * * *', source: 'ANIME_OFFLINE_DATABASE' });
    const started = await parser(['schedule', 'run', 'anime-nightly']);
    const { jobRunId } = JSON.parse(started.stdout) as { jobRunId: string };
    const status = await eventually(
      async () => JSON.parse((await parser(['status'])).stdout) as { runs: Array<{ id: string; state: string; output: Record<string, unknown> | null }> },
      (s) => s.runs.some((r) => r.id === jobRunId && r.state === 'COMPLETED'),
    );
    const done = status.runs.find((r) => r.id === jobRunId)!;
    expect(done.state).toBe('COMPLETED');
    expect(done.output).toMatchObject({ schedule: 'anime-nightly', unchanged: 4, updated: 1, failed: 0 });
    const removed = await parser(['schedule', 'remove', 'anime-nightly']);
    expect(JSON.parse(removed.stdout)).toEqual({ name: 'anime-nightly', removed: true });
  });

  it('without the service token the API refuses with UNAUTHENTICATED', async () => {
    const file = path.join(dir, 'one.jsonl');
    await writeFile(file, JSON.stringify({ provider: 'tmdb', externalId: '2', kind: 'MOVIE', name: 'Ariel', year: 1988 }));
    const tokenFile = path.join(dir, 'wrong-token');
    await writeFile(tokenFile, 'not-the-token-at-all-0123456789abcdef');
    const res = await parser(['import', file, '--token-file', tokenFile]);
    expect(res.code).toBe(4);
    expect(res.stderr).toMatch(/"code":"UNAUTHENTICATED"/);
    expect(res.stderr).not.toContain('not-the-token-at-all');
  });

  it('has --help on every command', async () => {
    expect((await parser(['--help'])).stdout).toMatch(/import[\s\S]*export[\s\S]*schedule[\s\S]*status/);
    expect((await parser(['import', '--help'])).stdout).toContain('--dry-run');
    expect((await parser(['schedule', '--help'])).stdout).toContain('add');
    expect((await parser(['schedule', 'add', '--help'])).stdout).toContain('--cron');
    expect((await parser(['status', '--help'])).stdout).toContain('--runs');
    expect((await parser(['export', '--help'])).stdout).toContain('--page-size');
  });
});

describe('generated operations', () => {
  it('match schema.graphql (npm run codegen -w parser regenerates them)', async () => {
    const res = await run(process.execPath, [fileURLToPath(new URL('../scripts/codegen.mjs', import.meta.url)), '--check']).then(
      () => 0,
      (err: { code: number }) => err.code,
    );
    expect(res).toBe(0);
  });
});
