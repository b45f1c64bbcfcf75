import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupAdmin, spawnProduct, type Product } from '../../server/test/harness/spawn-product.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let product: Product;
let adminToken: string;
let dir: string;

beforeAll(async () => {
  product = await spawnProduct({ roles: 'api,projector' });
  adminToken = await setupAdmin(product.url);
  dir = await mkdtemp(path.join(tmpdir(), 'marquee-parser-'));
});
afterAll(async () => {
  await product?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function parser(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, MARQUEE_SERVICE_TOKEN: product.serviceToken, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function titles(): Promise<string[]> {
  const res = await fetch(`${product.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ query: '{ titles(first: 50) { edges { node { name year } } } }' }),
  });
  const body = (await res.json()) as { data: { titles: { edges: Array<{ node: { name: string; year: number } }> } } };
  return body.data.titles.edges.map((e) => `${e.node.name} (${e.node.year})`).sort();
}

describe('marquee-parser import', () => {
  it('imports a JSON file through the internal mutation and the titles reach the read models', async () => {
    const file = path.join(dir, 'catalog.json');
    await writeFile(
      file,
      JSON.stringify([
        { provider: 'tmdb', externalId: 603, kind: 'MOVIE', name: 'The Matrix', year: 1999 },
        { provider: 'tmdb', externalId: '129', kind: 'ANIME_MOVIE', name: 'Spirited Away', year: 2001 },
        { provider: 'tmdb', externalId: '1', kind: 'PODCAST', name: 'Not a title kind' },
      ]),
    );
    const res = await parser(['import', file, '--url', product.url]);
    expect(JSON.parse(res.stdout)).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 1 });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('skipped an invalid item');
    for (let i = 0; i < 100 && (await titles()).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await titles()).toEqual(['Spirited Away (2001)', 'The Matrix (1999)']);

    const again = await parser(['import', file, '--url', product.url]);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, unchanged: 2 });
  });

  it('without the service token the API refuses with UNAUTHENTICATED', async () => {
    const file = path.join(dir, 'one.json');
    await writeFile(file, JSON.stringify([{ provider: 'tmdb', externalId: '2', kind: 'MOVIE', name: 'Ariel', year: 1988 }]));
    const tokenFile = path.join(dir, 'wrong-token');
    await writeFile(tokenFile, 'not-the-token-at-all-0123456789abcdef');
    const res = await parser(['import', file, '--url', product.url, '--token-file', tokenFile]);
    expect(res.code).toBe(4);
    expect(res.stderr).toMatch(/"code":"UNAUTHENTICATED"/);
    expect(res.stderr).not.toContain('not-the-token-at-all');
    expect(await titles()).not.toContain('Ariel (1988)');
  });

  it('reports a malformed file clearly', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '[{"provider": "tmdb",');
    const res = await parser(['import', file, '--url', product.url]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/broken\.json/);
  });

  it('has --help on every command', async () => {
    expect((await parser(['--help'])).stdout).toContain('import');
    expect((await parser(['import', '--help'])).stdout).toContain('--token-file');
  });
});
