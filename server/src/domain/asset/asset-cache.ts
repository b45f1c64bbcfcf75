import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import sharp, { type Metadata } from 'sharp';
import { sha256File, sha256Of, writeAtomic } from './library-files.js';
import { uploadedFile } from './uploads.js';

/** Artwork larger than this is refused (posters and fanart are a few MB at most). */
export const MAX_ARTWORK_BYTES = 50 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;

export interface CachedFile {
  sha256: string;
  ext: string;
  format: string;
  width: number | null;
  height: number | null;
  size: number;
}

const EXTENSIONS: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif', avif: 'avif', tiff: 'tif', heif: 'heic' };

export class ArtworkDownloadError extends Error {}

/**
 * The content-addressed cache under `<data>/cache`: `ab/cd/<sha256>.<ext>`, one file per distinct
 * content however many titles, URLs or libraries use it. Rows in `cached_asset` record the format
 * and dimensions; `asset_source` remembers which URL gave which content, so a URL is fetched once.
 */
export class AssetCache {
  readonly root: string;

  constructor(private readonly dataDir: string) {
    this.root = path.join(dataDir, 'cache');
  }

  pathOf(sha256: string, ext: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.${ext}`);
  }

  /** Whether the cache holds the content intact (present, and its bytes still hash to its name). */
  async holds(sha256: string, ext: string): Promise<boolean> {
    return (await sha256File(this.pathOf(sha256, ext))) === sha256;
  }

  async read(sha256: string, ext: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256, ext));
  }

  /** Stores bytes (once: identical content is already there) and records them. */
  async put(em: EntityManager, bytes: Buffer, described: Omit<CachedFile, 'sha256' | 'size'>): Promise<CachedFile> {
    const sha256 = sha256Of(bytes);
    const file = this.pathOf(sha256, described.ext);
    if (!(await this.holds(sha256, described.ext))) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeAtomic(file, bytes);
    }
    const entry: CachedFile = { sha256, size: bytes.length, ...described };
    await em.execute(
      `insert into cached_asset (sha256, ext, format, width, height, size, created_at) values (?, ?, ?, ?, ?, ?, now()) on conflict (sha256) do nothing`,
      [sha256, entry.ext, entry.format, entry.width, entry.height, entry.size],
    );
    return entry;
  }

  /** Reads an image's format and dimensions; refuses bytes that are not an image sharp knows. */
  async describeImage(bytes: Buffer): Promise<Omit<CachedFile, 'sha256' | 'size'>> {
    let meta: Metadata;
    try {
      meta = await sharp(bytes).metadata();
    } catch {
      throw new ArtworkDownloadError('not an image');
    }
    const format = meta.format ?? 'unknown';
    const ext = EXTENSIONS[format];
    if (!ext) throw new ArtworkDownloadError(`unsupported image format ${format}`);
    return { ext, format, width: meta.width ?? null, height: meta.height ?? null };
  }

  /** The cached image a URL gave, if it was fetched before and the cache still holds it. */
  async known(em: EntityManager, url: string): Promise<CachedFile | null> {
    const [row] = await em.execute<Array<{ sha256: string; ext: string; format: string; width: number | null; height: number | null; size: string }>>(
      'select a.sha256, a.ext, a.format, a.width, a.height, a.size from asset_source s join cached_asset a on a.sha256 = s.sha256 where s.url = ?',
      [url],
    );
    if (!row) return null;
    return { ...row, size: Number(row.size) };
  }

  /**
   * The cached image of an artwork URL: reused when the URL was fetched before and the file is
   * intact, downloaded (http/https only) otherwise; a user's upload (`/uploads/artwork/…`) is read
   * from the data directory. `downloaded` reports whether it was fetched (or read) this time.
   */
  async fetchArtwork(em: EntityManager, url: string, signal?: AbortSignal): Promise<{ file: CachedFile; downloaded: boolean }> {
    const known = await this.known(em, url);
    if (known && (await this.holds(known.sha256, known.ext))) return { file: known, downloaded: false };
    const upload = uploadedFile(this.dataDir, url);
    const bytes = upload ? await readUpload(upload) : await download(url, signal);
    const file = await this.put(em, bytes, await this.describeImage(bytes));
    await em.execute(
      `insert into asset_source (url, sha256, fetched_at) values (?, ?, now()) on conflict (url) do update set sha256 = excluded.sha256, fetched_at = excluded.fetched_at`,
      [url, file.sha256],
    );
    return { file, downloaded: true };
  }

  /** Stores text (an NFO Marquee wrote), so a published file can be restored from the cache. */
  putText(em: EntityManager, text: string): Promise<CachedFile> {
    return this.put(em, Buffer.from(text, 'utf8'), { ext: 'nfo', format: 'nfo', width: null, height: null });
  }

  async size(sha256: string, ext: string): Promise<number | null> {
    return stat(this.pathOf(sha256, ext)).then((s) => s.size, () => null);
  }
}

async function readUpload(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new ArtworkDownloadError(`the uploaded image is gone: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

async function download(url: string, signal?: AbortSignal): Promise<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ArtworkDownloadError(`${url} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ArtworkDownloadError(`${parsed.protocol} URLs are not downloaded`);
  const timeout = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(parsed, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'follow' });
  } catch (err) {
    signal?.throwIfAborted();
    throw new ArtworkDownloadError(`download failed: ${err instanceof Error ? err.message : 'network error'}`);
  }
  if (!res.ok) throw new ArtworkDownloadError(`download failed: HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_ARTWORK_BYTES) throw new ArtworkDownloadError(`image is larger than ${MAX_ARTWORK_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body ?? []) {
    total += (chunk as Uint8Array).length;
    if (total > MAX_ARTWORK_BYTES) throw new ArtworkDownloadError(`image is larger than ${MAX_ARTWORK_BYTES} bytes`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}
