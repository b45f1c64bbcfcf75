import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../server/test/harness/fixtures.js';
import { setupAdmin, spawnProduct, type Product } from '../../server/test/harness/spawn-product.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const AOD = path.join(fixturesDir(), 'anime-offline-database', 'samples');
let source: Product;
let empty: Product;
let dir: string;

beforeAll(async () => {
  [source, empty] = await Promise.all([spawnProduct({ roles: 'api,projector' }), spawnProduct({ roles: 'api,projector' })]);
  dir = await mkdtemp(path.join(tmpdir(), 'marquee-export-'));
});
afterAll(async () => {
  await Promise.all([source?.stop(), empty?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function parser(product: Product, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const extra = args[0] === 'import' ? ['--checkpoint-dir', path.join(dir, 'checkpoints'), '--log', 'json'] : [];
  return run(process.execPath, [CLI, ...args, '--url', product.url, ...extra], { env: { ...process.env, MARQUEE_SERVICE_TOKEN: product.serviceToken }, maxBuffer: 1 << 24 });
}

const lastJson = (text: string) => JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;

async function visible(product: Product, token: string, n: number): Promise<number> {
  let count = -1;
  for (let i = 0; i < 200 && count < n; i++) {
    const res = await fetch(`${product.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ titles(first: 1) { totalCount } }' }) });
    count = ((await res.json()) as { data: { titles: { totalCount: number } } }).data.titles.totalCount;
    if (count < n) await new Promise((r) => setTimeout(r, 50));
  }
  return count;
}

type Line = Record<string, unknown> & { name: string; externalId: string; provider: string };
const linesOf = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Line);
/** What a title is, apart from the instance's own id for it. */
const comparable = (lines: Line[]) => lines.map(({ externalId: _id, ...rest }) => rest).sort((a, b) => (a.name < b.name ? -1 : 1));

describe('marquee-parser export', () => {
  it('writes canonical JSONL that an empty instance imports into the same catalog, and a second import changes nothing', async () => {
    await parser(source, ['import', path.join(AOD, 'derived-anime-offline-database.jsonl'), '--source', 'anime-offline-database']);
    await parser(source, ['import', path.join(AOD, 'modb-serde-test_dataset_for_deserialization.json'), '--source', 'anime-offline-database']);
    expect(await visible(source, await setupAdmin(source.url), 6)).toBe(6);

    const exported = path.join(dir, 'catalog.jsonl');
    const first = await parser(source, ['export', exported, '--page-size', '4']);
    expect(lastJson(first.stdout)).toMatchObject({ exported: 6, total: 6 });
    const original = await linesOf(exported);
    expect(original).toHaveLength(6);
    expect(new Set(original.map((l) => l.provider))).toEqual(new Set(['marquee']));
    // The anime-offline-database details the title keeps: format, season, episodes, ids, poster.
    const deathNote = original.find((l) => l.name === 'Death Note')!;
    expect(deathNote).toMatchObject({ kind: 'ANIME_SERIES', format: 'TV', releaseSeason: 'FALL', year: 2006, episodeCount: 37, status: 'ENDED', runtime: 23, studios: ['madhouse'] });
    expect(deathNote.externalIds).toEqual(expect.arrayContaining([{ provider: 'mal', value: '1535' }, { provider: 'anidb', value: '4563' }]));
    expect(deathNote.artwork).toEqual([expect.objectContaining({ kind: 'POSTER', url: 'https://cdn.myanimelist.net/images/anime/1079/138100.jpg', provider: 'aod' })]);
    expect(original.find((l) => l.name === 'Cowboy Bebop: Tengoku no Tobira')).toMatchObject({ kind: 'ANIME_MOVIE', format: 'MOVIE', episodeCount: 1 });

    const imported = await parser(empty, ['import', exported, '--source', 'marquee']);
    expect(lastJson(imported.stdout)).toMatchObject({ created: 6, failed: 0 });
    expect(await visible(empty, await setupAdmin(empty.url), 6)).toBe(6);
    const copy = path.join(dir, 'copy.jsonl.gz');
    await parser(empty, ['export', copy]);
    const { stdout: unzipped } = await run('gzip', ['-dc', copy]);
    const roundTripped = unzipped.trim().split('\n').map((l) => JSON.parse(l) as Line);
    expect(comparable(roundTripped)).toEqual(comparable(original));

    const again = await parser(empty, ['import', exported, '--source', 'marquee']);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
  });

  it('refuses a caller without the service token, and leaves no file behind', async () => {
    const target = path.join(dir, 'refused.jsonl');
    const err = await run(process.execPath, [CLI, 'export', target, '--url', source.url], { env: { ...process.env, MARQUEE_SERVICE_TOKEN: 'not-the-token-0123456789abcdef0123456789' } }).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 4 });
    await expect(readFile(target)).rejects.toThrow();
    await expect(readFile(`${target}.partial`)).rejects.toThrow();
  });
});
