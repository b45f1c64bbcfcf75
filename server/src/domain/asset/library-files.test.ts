import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTempFile, removeStaleTemps, resolveInside, writeAtomic } from './library-files.js';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'marquee-files-'));
  root = path.join(base, 'library');
  await mkdir(path.join(root, 'Movies'), { recursive: true });
  await mkdir(path.join(base, 'outside'));
  await symlink(path.join(base, 'outside'), path.join(root, 'Movies', 'escape'));
  await writeFile(path.join(base, 'outside', 'secret.txt'), 'x');
  await symlink(path.join(base, 'outside', 'secret.txt'), path.join(root, 'Movies', 'link.nfo'));
});

afterAll(() => rm(base, { recursive: true, force: true }));

describe('resolveInside', () => {
  it('resolves paths inside the root and creates missing folders there', async () => {
    expect(await resolveInside(root, 'Movies/New (2020)/New (2020).nfo', { create: true })).toBe(path.join(root, 'Movies', 'New (2020)', 'New (2020).nfo'));
    expect(await readdir(path.join(root, 'Movies'))).toContain('New (2020)');
  });

  it.each([['../outside/x.nfo'], ['/etc/passwd'], ['Movies/../../outside/x.nfo'], ['Movies/escape/x.nfo'], ['Movies/link.nfo']])('refuses %s', async (rel) => {
    await expect(resolveInside(root, rel)).rejects.toMatchObject({ code: 'OUTSIDE_LIBRARY_ROOT' });
  });
});

describe('writeAtomic', () => {
  it('replaces the file whole and leaves no temporary file', async () => {
    const file = path.join(root, 'Movies', 'a.nfo');
    await writeAtomic(file, 'old');
    await writeAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect((await readdir(path.join(root, 'Movies'))).filter(isTempFile)).toEqual([]);
  });

  it('cleans temporary files an interrupted write left, and only those', async () => {
    const dir = path.join(root, 'Movies');
    await writeFile(path.join(dir, '.a.nfo.marquee-0123456789ab.tmp'), 'partial');
    await writeFile(path.join(dir, '.hidden.tmp'), 'user');
    expect(await removeStaleTemps(dir)).toBe(1);
    expect(await readdir(dir)).toContain('.hidden.tmp');
  });
});
