import { lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import { fdir } from 'fdir';
import { IGNORED_FOLDERS } from './classify.js';

export interface WalkedFile {
  /** Relative to the library root, `/`-separated. */
  relPath: string;
  size: number;
  mtimeMs: number;
  inode: number;
}

/** Marker files that hide a folder from scans (Jellyfin's `.ignore`, Android's `.nomedia`). */
const IGNORE_MARKERS = ['.ignore', '.nomedia'];
/** Files stat'ed between two yields to the event loop (the API may share this process). */
const STAT_CHUNK = 4_096;

function ignoredFolder(name: string): boolean {
  return name.startsWith('.') || IGNORED_FOLDERS.has(name.toLowerCase());
}

/** True when a marker file sits in `dir` (relative, '' for the start) or in a folder above it. */
function hiddenByMarker(dir: string, markers: ReadonlySet<string>): boolean {
  for (let d = dir; ; d = d.slice(0, Math.max(0, d.lastIndexOf('/')))) {
    if (markers.has(d)) return true;
    if (d === '') return false;
  }
}

function toWalked(relPath: string, st: Stats | undefined): WalkedFile | null {
  // Regular files only: symbolic links (which could point outside the root), sockets and devices are never read.
  if (!st || !st.isFile()) return null;
  return { relPath, size: st.size, mtimeMs: st.mtimeMs, inode: st.ino };
}

/**
 * Lists the regular files under `root` (or under `scope`, a file or folder relative to it) with
 * their size, mtime and inode. Symbolic links are neither followed nor listed, hidden and ignored
 * folders are skipped. The listing is fdir's; the lstat calls are synchronous in chunks, which on
 * a warm cache is several times faster than one promise per file.
 */
export async function walkLibrary(root: string, scope: string | null, signal?: AbortSignal): Promise<WalkedFile[]> {
  const start = scope ? path.join(root, scope) : root;
  const top = lstatSync(start, { throwIfNoEntry: false });
  if (!top) return [];
  if (!top.isDirectory()) {
    const one = scope ? toWalked(scope, top) : null;
    return one ? [one] : [];
  }
  const prefix = scope ? `${scope}/` : '';
  const base = root.endsWith('/') ? root : `${root}/`;
  // Marker files are listed with the rest (a stat per folder to look for them would cost more than
  // the walk); the folders holding one are dropped, with everything below them, afterwards.
  const markers = new Set<string>();
  const relative = await new fdir({ excludeSymlinks: true, pathSeparator: '/' })
    .withRelativePaths()
    .exclude((name) => ignoredFolder(name))
    .filter((file) => {
      const slash = file.lastIndexOf('/');
      const name = file.slice(slash + 1);
      if (!name.startsWith('.')) return true;
      if (IGNORE_MARKERS.includes(name)) markers.add(slash < 0 ? '' : file.slice(0, slash));
      return false;
    })
    .withAbortSignal(signal ?? new AbortController().signal)
    .crawl(start)
    .withPromise();
  signal?.throwIfAborted();
  const files: WalkedFile[] = [];
  for (let i = 0; i < relative.length; i++) {
    const file = relative[i]!;
    if (markers.size && hiddenByMarker(file.slice(0, Math.max(0, file.lastIndexOf('/'))), markers)) continue;
    const rel = prefix + file;
    const walked = toWalked(rel, lstatSync(base + rel, { throwIfNoEntry: false }));
    if (walked) files.push(walked);
    if (i % STAT_CHUNK === STAT_CHUNK - 1) {
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    }
  }
  return files;
}
