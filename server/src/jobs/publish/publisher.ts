import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { FileMatch, MediaInfo } from '@marquee/read-models';
import { Title } from '../../domain/catalog/title.entity.js';
import { ArtworkDownloadError, type AssetCache } from '../../domain/asset/asset-cache.js';
import { removeStaleTemps, resolveInside, sha256File, writeAtomic } from '../../domain/asset/library-files.js';
import { announcePublishedFiles, Manifest, ownsContent, type ManifestRow } from '../../domain/asset/manifest.js';
import { Library } from '../../domain/library/library.entity.js';
import type { RecycleBinCommands } from '../../commands/recycle-bin.commands.js';
import { planPublish, type PlannedFile, type PublishMediaFile } from './publish-plan.js';

export const EDITED_WARNING = 'changed since Marquee wrote it; left alone';

export interface PublishReport {
  /** Files written (new or updated), relative to the library root. */
  written: string[];
  unchanged: number;
  /** Files Marquee did not write that stand where it would have written; never touched. */
  skippedUserFiles: string[];
  /** Files Marquee wrote that someone changed since; left alone. */
  edited: string[];
  /** Files Marquee wrote that are no longer wanted, moved to the recycle bin. */
  recycled: string[];
  /** Artwork that could not be downloaded, with why. */
  failedArtwork: Array<{ url: string; reason: string }>;
  /** Artwork downloaded into the cache during this run. */
  downloaded: number;
}

/** A file to put in place: where, what, and how to get its bytes. */
interface Target {
  relPath: string;
  role: 'NFO' | 'ARTWORK';
  kind: string;
  sha256: string;
  size: number;
  bytes: () => Promise<Buffer>;
}

const TITLE_GRAPH = ['externalIds', 'artwork', 'credits', 'credits.person', 'seasons', 'seasons.episodes'] as const;

interface FileRow {
  rel_path: string;
  media: MediaInfo | null;
  match: FileMatch | null;
}

/**
 * Publishes a title into a library: selected artwork into the cache and beside the media, NFOs
 * written by the plan (publish-plan.ts), all through the manifest. It writes only where nothing
 * stands or where what stands is exactly what it wrote; every write is atomic; it touches nothing
 * outside the library root. Unchanged data writes nothing, not even the manifest.
 */
export class Publisher {
  constructor(
    private readonly orm: MikroORM,
    private readonly cache: AssetCache,
    private readonly recycleBin: RecycleBinCommands,
  ) {}

  async publish(libraryId: string, titleId: string, signal?: AbortSignal): Promise<PublishReport> {
    const em = this.orm.em.fork();
    const report: PublishReport = { written: [], unchanged: 0, skippedUserFiles: [], edited: [], recycled: [], failedArtwork: [], downloaded: 0 };
    const library = await em.findOne(Library, { id: libraryId });
    const title = await em.findOne(Title, { id: titleId }, { populate: TITLE_GRAPH });
    if (!library || !title || title.deletedAt) return report;
    const files = await em.execute<FileRow[]>(
      `select rel_path, media, match from media_file
        where library_id = ? and title_id = ? and missing_since is null and class in ('VIDEO', 'AUDIO') and extra is null order by rel_path`,
      [libraryId, titleId],
    );
    const media: PublishMediaFile[] = files.map((f) => ({ relPath: f.rel_path, media: f.media, seasonNumber: f.match?.seasonNumber ?? null, episodeNumbers: f.match?.episodeNumbers ?? [] }));
    const plan = planPublish(
      {
        title: title.toState(),
        people: new Map(title.credits.getItems().map((c) => [c.person.id, c.person.name])),
        seasons: title.seasons.getItems().map((s) => s.toState()),
      },
      media,
    );
    const manifest = new Manifest(em);
    const previous = await manifest.ofTitle(libraryId, titleId);
    const { targets, keep } = await this.resolve(em, plan, previous, report, signal);
    const owners = await manifest.at(libraryId, targets.map((t) => t.relPath));
    let changed = false;
    const cleaned = new Set<string>();
    for (const target of targets) {
      signal?.throwIfAborted();
      const abs = await resolveInside(library.rootPath, target.relPath, { create: true });
      const dir = path.dirname(abs);
      if (!cleaned.has(dir)) {
        cleaned.add(dir);
        // Temporary files an interrupted run left behind (kill -9 between write and rename).
        await removeStaleTemps(dir);
      }
      const onDisk = await sha256File(abs);
      const row = owners.get(target.relPath);
      if (onDisk === target.sha256) {
        if (row && (row.sha256 !== target.sha256 || row.pending_sha256 !== null || row.warning !== null || row.title_id !== titleId)) {
          await manifest.intend({ libraryId, relPath: target.relPath, titleId, role: target.role, kind: target.kind, sha256: target.sha256, size: target.size });
          await manifest.confirm(libraryId, target.relPath, target.sha256, target.size);
          changed = true;
        } else if (!row) report.skippedUserFiles.push(target.relPath);
        else report.unchanged += 1;
        continue;
      }
      if (onDisk !== null && !row) {
        report.skippedUserFiles.push(target.relPath);
        continue;
      }
      if (onDisk !== null && row && !ownsContent(row, onDisk)) {
        report.edited.push(target.relPath);
        if (row.warning !== EDITED_WARNING) {
          await manifest.warn(libraryId, target.relPath, EDITED_WARNING);
          changed = true;
        }
        continue;
      }
      await manifest.intend({ libraryId, relPath: target.relPath, titleId, role: target.role, kind: target.kind, sha256: target.sha256, size: target.size });
      await writeAtomic(abs, await target.bytes());
      await manifest.confirm(libraryId, target.relPath, target.sha256, target.size);
      report.written.push(target.relPath);
      changed = true;
    }
    const wanted = new Set([...targets.map((t) => t.relPath), ...keep]);
    for (const row of previous) {
      if (wanted.has(row.rel_path)) continue;
      signal?.throwIfAborted();
      const onDisk = await sha256File(await resolveInside(library.rootPath, row.rel_path));
      if (onDisk === null) {
        await manifest.remove(libraryId, row.rel_path);
        changed = true;
      } else if (ownsContent(row, onDisk)) {
        await this.recycleBin.recyclePublished(library.rootPath, row);
        report.recycled.push(row.rel_path);
      } else {
        report.edited.push(row.rel_path);
        if (row.warning !== EDITED_WARNING) {
          await manifest.warn(libraryId, row.rel_path, EDITED_WARNING);
          changed = true;
        }
      }
    }
    if (changed) await em.transactional((tx) => announcePublishedFiles(tx, titleId));
    return report;
  }

  /**
   * Gives each planned file its bytes: NFO text goes into the cache as it is; artwork is fetched
   * into the cache (once per URL) and takes its extension from the image's format. Artwork that
   * cannot be had keeps whatever was published for its name before.
   */
  private async resolve(em: EntityManager, plan: PlannedFile[], previous: ManifestRow[], report: PublishReport, signal?: AbortSignal): Promise<{ targets: Target[]; keep: string[] }> {
    const targets: Target[] = [];
    const keep: string[] = [];
    for (const p of plan) {
      if (p.role === 'NFO') {
        const file = await this.cache.putText(em, p.text);
        targets.push({ relPath: p.relPath, role: 'NFO', kind: p.kind, sha256: file.sha256, size: file.size, bytes: async () => Buffer.from(p.text, 'utf8') });
        continue;
      }
      try {
        const { file, downloaded } = await this.cache.fetchArtwork(em, p.url, signal);
        if (downloaded) report.downloaded += 1;
        targets.push({ relPath: `${p.relBase}.${file.ext}`, role: 'ARTWORK', kind: p.kind, sha256: file.sha256, size: file.size, bytes: () => this.cache.read(file.sha256, file.ext) });
      } catch (err) {
        if (!(err instanceof ArtworkDownloadError)) throw err;
        report.failedArtwork.push({ url: p.url, reason: err.message });
        keep.push(...previous.filter((r) => r.rel_path.startsWith(`${p.relBase}.`)).map((r) => r.rel_path));
      }
    }
    return { targets, keep };
  }
}
