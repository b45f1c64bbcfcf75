import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import sharp from 'sharp';
import { ArtworkDownloadError, AssetCache } from '../../domain/asset/asset-cache.js';
import { resolveInside, sha256File, writeAtomic } from '../../domain/asset/library-files.js';
import { announcePublishedFiles, Manifest, type ManifestRow } from '../../domain/asset/manifest.js';
import { Library } from '../../domain/library/library.entity.js';
import { readNfo } from '../../integrations/nfo/nfo-reader.js';
import type { JobContext, JobHandler } from '../job-context.js';
import type { JobName, JobPayloads } from '../job-names.js';
import { EDITED_WARNING } from '../publish/publisher.js';

export interface VerifyReport {
  checked: number;
  ok: number;
  /** Published files put back from the cache (missing, damaged, or edited when asked to). */
  repaired: string[];
  /** What could not be repaired, and why. */
  unrepaired: Array<{ path: string; reason: string }>;
  /** Files edited by hand, left alone. */
  edited: string[];
  /** Images downloaded again because the cache had lost them. */
  downloaded: number;
}

/** Whether changed bytes are still a usable file (an edit) or a damaged one (to repair). */
async function readable(row: ManifestRow, abs: string): Promise<boolean> {
  try {
    if (row.role === 'NFO') readNfo(await readFile(abs, 'utf8'));
    else await sharp(abs).stats();
    return true;
  } catch {
    return false;
  }
}

class Verifier {
  readonly report: VerifyReport = { checked: 0, ok: 0, repaired: [], unrepaired: [], edited: [], downloaded: 0 };
  private readonly exts = new Map<string, string | null>();

  constructor(
    private readonly em: EntityManager,
    private readonly cache: AssetCache,
    private readonly signal: AbortSignal,
  ) {}

  private async extOf(sha256: string): Promise<string | null> {
    if (!this.exts.has(sha256)) {
      const [row] = await this.em.execute<Array<{ ext: string }>>('select ext from cached_asset where sha256 = ?', [sha256]);
      this.exts.set(sha256, row?.ext ?? null);
    }
    return this.exts.get(sha256)!;
  }

  /** Makes sure the cache holds the content: present and intact, or downloaded again from a URL that gave it. */
  async ensureCached(sha256: string): Promise<string | null> {
    const ext = await this.extOf(sha256);
    if (ext && (await this.cache.holds(sha256, ext))) return ext;
    const urls = await this.em.execute<Array<{ url: string }>>('select url from asset_source where sha256 = ? order by fetched_at desc', [sha256]);
    for (const { url } of urls) {
      try {
        const { file, downloaded } = await this.cache.fetchArtwork(this.em, url, this.signal);
        if (downloaded) this.report.downloaded += 1;
        if (file.sha256 === sha256) return file.ext;
      } catch (err) {
        if (!(err instanceof ArtworkDownloadError)) throw err;
      }
    }
    return null;
  }

  /** Puts the published content back from the cache, through the manifest like a publish. */
  private async restore(manifest: Manifest, row: ManifestRow, abs: string, reason: string): Promise<boolean> {
    const ext = await this.ensureCached(row.sha256!);
    if (!ext) {
      this.report.unrepaired.push({ path: row.rel_path, reason: `${reason}; the cache no longer has its content` });
      return false;
    }
    await writeAtomic(abs, await this.cache.read(row.sha256!, ext));
    await manifest.confirm(row.library_id, row.rel_path, row.sha256!, Number(row.size));
    this.report.repaired.push(row.rel_path);
    return true;
  }

  /** One published file: as written, missing, interrupted, damaged or edited. */
  async check(manifest: Manifest, root: string, row: ManifestRow, opts: { restoreEdited: boolean; onlyMissingArtwork: boolean }): Promise<boolean> {
    this.report.checked += 1;
    if (!row.sha256) {
      this.report.unrepaired.push({ path: row.rel_path, reason: 'its first write never completed; publish the title again' });
      return false;
    }
    const abs = await resolveInside(root, row.rel_path, { create: true });
    const onDisk = await sha256File(abs);
    if (onDisk === row.sha256) {
      if (!opts.onlyMissingArtwork && !(await this.ensureCached(row.sha256))) this.report.unrepaired.push({ path: row.rel_path, reason: 'the cache lost its content and no source gave it again' });
      else this.report.ok += 1;
      return false;
    }
    if (onDisk === null) return this.restore(manifest, row, abs, 'missing');
    if (opts.onlyMissingArtwork) return false;
    if (onDisk === row.pending_sha256) {
      await manifest.confirm(row.library_id, row.rel_path, onDisk, Number(row.size));
      this.report.ok += 1;
      return true;
    }
    if (opts.restoreEdited || !(await readable(row, abs))) return this.restore(manifest, row, abs, 'damaged');
    this.report.edited.push(row.rel_path);
    if (row.warning === EDITED_WARNING) return false;
    await manifest.warn(row.library_id, row.rel_path, EDITED_WARNING);
    return true;
  }

  /** Selected artwork of the library's titles that the cache does not hold yet (only that is fetched). */
  async fetchMissingArtwork(libraryId: string | null): Promise<void> {
    const urls = await this.em.execute<Array<{ url: string }>>(
      `select distinct a.url from artwork a join title t on t.id = a.title_id and t.deleted_at is null
        where a.selected and exists (select 1 from media_file m where m.title_id = a.title_id and (?::uuid is null or m.library_id = ?::uuid))`,
      [libraryId, libraryId],
    );
    for (const { url } of urls) {
      this.signal.throwIfAborted();
      try {
        const { downloaded } = await this.cache.fetchArtwork(this.em, url, this.signal);
        if (downloaded) this.report.downloaded += 1;
      } catch (err) {
        if (!(err instanceof ArtworkDownloadError)) throw err;
        this.report.unrepaired.push({ path: url, reason: err.message });
      }
    }
  }
}

async function verify(data: JobPayloads[JobName.VerifyCache], ctx: JobContext): Promise<VerifyReport> {
  const em = ctx.services.orm.em.fork();
  const cache = new AssetCache(ctx.services.config.dataDir);
  const verifier = new Verifier(em, cache, ctx.signal);
  const onlyMissingArtwork = data.mode === 'missing-artwork';
  if (onlyMissingArtwork) await verifier.fetchMissingArtwork(data.libraryId ?? null);
  const manifest = new Manifest(em);
  const rows = (await manifest.ofLibrary(data.libraryId ?? null)).filter((r) => !onlyMissingArtwork || r.role === 'ARTWORK');
  const libraries = new Map((await em.find(Library, {})).map((l) => [l.id, l.rootPath]));
  const titles = new Set<string>();
  for (const [i, row] of rows.entries()) {
    ctx.signal.throwIfAborted();
    const root = libraries.get(row.library_id);
    if (!root) continue;
    if (await verifier.check(manifest, root, row, { restoreEdited: data.restoreEdited ?? false, onlyMissingArtwork })) {
      if (row.title_id) titles.add(row.title_id);
    }
    await ctx.progress({ done: i + 1, total: rows.length, message: path.basename(row.rel_path) });
  }
  for (const titleId of titles) await em.transactional((tx) => announcePublishedFiles(tx, titleId));
  return verifier.report;
}

/**
 * Compares the cache, the manifest and the library: published files that are missing or damaged
 * come back from the cache (images the cache lost are downloaded again from their source), files
 * edited by hand are reported and left alone unless `restoreEdited`, and whatever cannot be
 * repaired is listed. Mode `missing-artwork` only fetches and puts back what is missing.
 */
export const verifyCache: JobHandler<JobPayloads[JobName.VerifyCache]> = async (data, ctx) => {
  const report = await verify(data, ctx);
  for (const item of report.unrepaired) ctx.logger.warn(item, 'a published file could not be repaired');
  return { ...report };
};
