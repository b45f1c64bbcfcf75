import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, lstat, mkdir, open, readdir, realpath, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { LibraryError, LibraryErrorCode } from '../library/library.errors.js';

/** Temporary files of atomic writes: `.<name>.marquee-<random>.tmp` beside the target. */
const TEMP_FILE = /^\..*\.marquee-[0-9a-f]{12}\.tmp$/;

export const isTempFile = (name: string): boolean => TEMP_FILE.test(name);

const inside = (parent: string, child: string) => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/**
 * The absolute path of `relPath` under `root`, refusing anything that leaves the root: `..`
 * segments, absolute paths, and folders that are (or pass through) symbolic links leading out.
 * Missing folders are created inside the root when `create` is set.
 */
export async function resolveInside(root: string, relPath: string, opts: { create?: boolean } = {}): Promise<string> {
  const abs = path.resolve(root, ...relPath.split('/'));
  if (path.isAbsolute(relPath) || !inside(root, abs) || abs === root) {
    throw new LibraryError(LibraryErrorCode.OutsideLibraryRoot, `path ${relPath} is outside the library root`, 'path');
  }
  const dir = path.dirname(abs);
  if (opts.create) await mkdir(dir, { recursive: true });
  let realDir: string;
  try {
    realDir = await realpath(dir);
  } catch {
    return abs;
  }
  if (!inside(await realpath(root), realDir)) throw new LibraryError(LibraryErrorCode.OutsideLibraryRoot, `path ${relPath} leads outside the library root`, 'path');
  const link = await lstat(abs).then((s) => s.isSymbolicLink(), () => false);
  if (link) throw new LibraryError(LibraryErrorCode.OutsideLibraryRoot, `path ${relPath} is a symbolic link`, 'path');
  return abs;
}

export async function sha256File(file: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') return null;
    throw err;
  }
}

export const sha256Of = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Writes `bytes` to `target` atomically: a temporary file beside it, flushed to disk, then renamed
 * over the target. A reader (or a crash) sees the old file or the new one, never part of one.
 */
export async function writeAtomic(target: string, bytes: Buffer | string): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.marquee-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Removes temporary files an interrupted write left in a folder; returns how many. */
export async function removeStaleTemps(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter(isTempFile);
  await Promise.all(stale.map((n) => unlink(path.join(dir, n)).catch(() => undefined)));
  return stale.length;
}

/** Moves a file, across file systems too (copy, flush, then unlink). */
export async function moveFile(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await unlink(from);
  }
}
