import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkLibrary } from './walk.js';

describe('walkLibrary', () => {
  let root: string;
  let outside: string;
  const put = async (rel: string, content = 'x') => {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'marquee-walk-'));
    outside = await mkdtemp(path.join(tmpdir(), 'marquee-walk-outside-'));
    await writeFile(path.join(outside, 'secret.mkv'), 'secret');
    await put('Movies/Alien (1979)/Alien (1979).mkv', 'alien');
    await put('Movies/Alien (1979)/.hidden.mkv');
    await put('Movies/.trash/Old (1990).mkv');
    await put('Movies/@eaDir/thumb.jpg');
    await put('Series/Show/Season 01/Show - S01E01.mkv');
    // A marker hides its folder and everything below it, and nothing beside it.
    await put('Series/Skipped/.ignore', '');
    await put('Series/Skipped/Season 01/Skipped - S01E01.mkv');
    await put('Music/.nomedia', '');
    await put('Music/song.flac');
    await put('Top.nomedia.mkv');
    await symlink(path.join(outside, 'secret.mkv'), path.join(root, 'Movies/link.mkv'));
    await symlink(outside, path.join(root, 'Linked folder'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('lists regular files with size, mtime and inode; skips hidden, ignored, marked and linked entries', async () => {
    const files = await walkLibrary(root, null);
    expect(files.map((f) => f.relPath).sort()).toEqual(['Movies/Alien (1979)/Alien (1979).mkv', 'Series/Show/Season 01/Show - S01E01.mkv', 'Top.nomedia.mkv']);
    const alien = files.find((f) => f.relPath.startsWith('Movies/Alien'))!;
    expect(alien.size).toBe(5);
    expect(alien.inode).toBeGreaterThan(0);
    expect(alien.mtimeMs).toBeGreaterThan(0);
  });

  it('walks one folder or one file inside the root, with paths relative to the root', async () => {
    expect((await walkLibrary(root, 'Series/Show')).map((f) => f.relPath)).toEqual(['Series/Show/Season 01/Show - S01E01.mkv']);
    expect((await walkLibrary(root, 'Movies/Alien (1979)/Alien (1979).mkv')).map((f) => f.relPath)).toEqual(['Movies/Alien (1979)/Alien (1979).mkv']);
    expect(await walkLibrary(root, 'Movies/link.mkv')).toEqual([]);
    expect(await walkLibrary(root, 'No such folder')).toEqual([]);
  });

  it('honours a marker in the folder it is asked to walk', async () => {
    expect(await walkLibrary(root, 'Series/Skipped')).toEqual([]);
  });
});
