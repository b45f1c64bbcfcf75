import { randomUUID } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { ArtworkState, RecycleEntryState } from '@marquee/read-models';
import { Artwork } from '../domain/catalog/artwork.entity.js';
import type { Title } from '../domain/catalog/title.entity.js';
import { moveFile, resolveInside, sha256File } from '../domain/asset/library-files.js';
import { announcePublishedFiles, ownsContent, type ManifestRow } from '../domain/asset/manifest.js';
import { Library } from '../domain/library/library.entity.js';
import { LibraryError, LibraryErrorCode } from '../domain/library/library.errors.js';
import { appendEvents, fileState } from '../domain/library/media-file.repository.js';
import { appendToOutbox } from '../domain/outbox/outbox.js';
import { RecycleEntry, type RecycleKind, type RecycledFile } from '../domain/recycle/recycle-entry.entity.js';
import type { CatalogCommands } from './catalog.commands.js';
import { UUID } from './command-support.js';

const DAY_MS = 24 * 3600 * 1000;

interface FileToRecycle {
  root: string;
  libraryId: string;
  relPath: string;
  manifest?: ManifestRow | null;
}

interface Recycling {
  kind: RecycleKind;
  label: string;
  titleId?: string | null;
  libraryId?: string | null;
  records?: Record<string, unknown>;
  files?: readonly FileToRecycle[];
  /** Database changes that belong to the delete, in its transaction. */
  work?: (em: EntityManager) => Promise<void>;
}

export interface RestoreOutcome {
  id: string;
  kind: RecycleKind;
  titleId: string | null;
  files: number;
}

/**
 * The recycle bin: every delete of a title, a media file record, an artwork candidate or a file
 * Marquee published is an entry here, restorable until it is purged (after `MARQUEE_RECYCLE_DAYS`).
 * Files are moved (never copied and left) to `<data>/recycle-bin/<YYYY-MM-DD>/<entry id>/`, and
 * moved back on restore, so what comes back is byte for byte what went.
 */
export class RecycleBinCommands {
  readonly root: string;

  constructor(
    private readonly orm: MikroORM,
    dataDir: string,
    private readonly recycleDays: number,
    private readonly catalog: CatalogCommands,
  ) {
    this.root = path.join(dataDir, 'recycle-bin');
  }

  private state(entry: RecycleEntry): RecycleEntryState {
    return {
      id: entry.id,
      kind: entry.kind,
      label: entry.label,
      titleId: entry.titleId,
      libraryId: entry.libraryId,
      files: entry.files.map((f) => ({ libraryId: f.libraryId, path: f.relPath, size: f.size })),
      deletedAt: entry.deletedAt.toISOString(),
      purgeAfter: new Date(entry.deletedAt.getTime() + this.recycleDays * DAY_MS).toISOString(),
    };
  }

  /** Moves the files in, then records the entry (and the caller's changes) in one transaction; a failure moves them back. */
  private async recycle(r: Recycling): Promise<RecycleEntry> {
    const id = randomUUID();
    const deletedAt = new Date();
    const folder = `${deletedAt.toISOString().slice(0, 10)}/${id}`;
    const moved: Array<RecycledFile & { from: string }> = [];
    try {
      for (const [i, f] of (r.files ?? []).entries()) {
        const abs = await resolveInside(f.root, f.relPath);
        const sha256 = await sha256File(abs);
        if (sha256 === null) continue;
        const stored = `${folder}/${i}-${path.basename(abs)}`;
        const { size } = await stat(abs);
        await moveFile(abs, path.join(this.root, stored));
        moved.push({
          from: abs,
          libraryId: f.libraryId,
          relPath: f.relPath,
          stored,
          sha256,
          size,
          manifest: f.manifest ? { role: f.manifest.role, kind: f.manifest.kind, titleId: f.manifest.title_id } : null,
        });
      }
      return await this.orm.em.fork().transactional(async (em) => {
        const entry = em.create(RecycleEntry, {
          id,
          kind: r.kind,
          label: r.label,
          titleId: r.titleId ?? null,
          libraryId: r.libraryId ?? null,
          records: r.records ?? {},
          files: moved.map(({ from: _from, ...f }) => f),
          folder,
          deletedAt,
        });
        await em.flush();
        const titles = new Set<string>();
        for (const f of moved) {
          if (!f.manifest) continue;
          await em.execute('delete from published_file where library_id = ? and rel_path = ?', [f.libraryId, f.relPath]);
          if (f.manifest.titleId) titles.add(f.manifest.titleId);
        }
        await r.work?.(em);
        await appendToOutbox(em, [{ aggregateType: 'recycle', aggregateId: entry.id, aggregateVersion: entry.version, type: 'RecycleEntryChanged', payload: this.state(entry) }]);
        for (const titleId of titles) await announcePublishedFiles(em, titleId);
        return entry;
      });
    } catch (err) {
      for (const f of moved.reverse()) await moveFile(path.join(this.root, f.stored), f.from).catch(() => undefined);
      throw err;
    }
  }

  private async libraryRoots(em: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    const libraries = ids.length ? await em.find(Library, { id: { $in: [...new Set(ids)] } }) : [];
    return new Map(libraries.map((l) => [l.id, l.rootPath]));
  }

  /** The published files of a title whose content is still what Marquee wrote (edited ones stay). */
  private async ownedPublished(em: EntityManager, titleId: string): Promise<FileToRecycle[]> {
    const rows = await em.execute<ManifestRow[]>('select * from published_file where title_id = ? order by library_id, rel_path', [titleId]);
    const roots = await this.libraryRoots(em, rows.map((r) => r.library_id));
    const files: FileToRecycle[] = [];
    for (const row of rows) {
      const root = roots.get(row.library_id);
      if (!root) continue;
      const onDisk = await sha256File(await resolveInside(root, row.rel_path));
      if (ownsContent(row, onDisk)) files.push({ root, libraryId: row.library_id, relPath: row.rel_path, manifest: row });
    }
    return files;
  }

  /** Moves a title to the recycle bin with the files Marquee published for it. */
  async deleteTitle(id: string): Promise<Title> {
    const title = await this.catalog.deleteTitle(id);
    if (await this.entryOfTitle(title.id)) return title;
    const files = await this.ownedPublished(this.orm.em.fork(), title.id);
    await this.recycle({ kind: 'TITLE', label: title.name, titleId: title.id, records: { titleId: title.id }, files });
    return title;
  }

  /** Removes an artwork candidate; restoring it adds it back (and selects it again if a person had). */
  async removeArtwork(titleId: string, artworkId: string): Promise<Title> {
    const artwork = UUID.test(artworkId) && UUID.test(titleId) ? await this.orm.em.fork().findOne(Artwork, { id: artworkId, title: titleId }) : null;
    const title = await this.catalog.removeArtwork(titleId, artworkId);
    const state = artwork!.toState();
    await this.recycle({ kind: 'ARTWORK', label: `${title.name}: ${state.kind.toLowerCase()} ${state.url}`, titleId, records: { artwork: state } });
    return title;
  }

  /** Deletes a media file: the file on disk goes to the bin with its record. */
  async deleteMediaFile(fileId: string): Promise<RecycleEntryState> {
    const em = this.orm.em.fork();
    const [row] = UUID.test(fileId) ? await em.execute<Array<{ row: Record<string, unknown> }>>('select to_jsonb(m) as row from media_file m where id = ?', [fileId]) : [];
    if (!row) throw new LibraryError(LibraryErrorCode.FileNotFound, `File ${fileId} was not found`, 'fileId');
    const libraryId = row.row.library_id as string;
    const relPath = row.row.rel_path as string;
    const root = (await this.libraryRoots(em, [libraryId])).get(libraryId)!;
    const entry = await this.recycle({
      kind: 'MEDIA_FILE',
      label: relPath,
      titleId: (row.row.title_id as string | null) ?? null,
      libraryId,
      records: { mediaFile: row.row },
      files: row.row.missing_since ? [] : [{ root, libraryId, relPath }],
      work: async (tx) => {
        const [gone] = await tx.execute<Array<{ version: number }>>('delete from media_file where id = ? returning version', [fileId]);
        if (!gone) throw new LibraryError(LibraryErrorCode.FileNotFound, `File ${fileId} was not found`, 'fileId');
        await appendEvents(tx, [{ aggregateType: 'mediafile', aggregateId: fileId, aggregateVersion: gone.version + 1, type: 'MediaFileRemoved', payload: { id: fileId } }]);
      },
    });
    return this.state(entry);
  }

  /** A file Marquee published and no longer wants (its artwork was unselected…). */
  async recyclePublished(root: string, row: ManifestRow): Promise<void> {
    await this.recycle({ kind: 'PUBLISHED_FILE', label: row.rel_path, titleId: row.title_id, libraryId: row.library_id, files: [{ root, libraryId: row.library_id, relPath: row.rel_path, manifest: row }] });
  }

  private async load(em: EntityManager, id: string): Promise<RecycleEntry> {
    const entry = UUID.test(id) ? await em.findOne(RecycleEntry, { id }) : null;
    if (!entry) throw new LibraryError(LibraryErrorCode.FileNotFound, `Recycle bin entry ${id} was not found`, 'id');
    return entry;
  }

  /**
   * Puts everything of an entry back: its files where they were (refused with CONFLICT if another
   * file now stands there), the manifest rows of published files, and its records.
   */
  async restore(id: string): Promise<RestoreOutcome> {
    const em = this.orm.em.fork();
    const entry = await this.load(em, id);
    const roots = await this.libraryRoots(em, entry.files.map((f) => f.libraryId));
    const targets: Array<{ file: RecycledFile; abs: string; present: boolean }> = [];
    for (const file of entry.files) {
      const root = roots.get(file.libraryId);
      if (!root) throw new LibraryError(LibraryErrorCode.Conflict, `the library of ${file.relPath} no longer exists`, 'id');
      const abs = await resolveInside(root, file.relPath, { create: true });
      const onDisk = await sha256File(abs);
      if (onDisk !== null && onDisk !== file.sha256) throw new LibraryError(LibraryErrorCode.Conflict, `another file now exists at ${file.relPath}; move it away first`, 'id');
      targets.push({ file, abs, present: onDisk !== null });
    }
    if (entry.kind === 'TITLE' && entry.titleId) await this.catalog.restoreTitle(entry.titleId);
    if (entry.kind === 'ARTWORK' && entry.titleId) await this.restoreArtwork(entry.titleId, entry.records.artwork as ArtworkState);
    const moved: typeof targets = [];
    try {
      for (const t of targets) {
        if (t.present) await rm(path.join(this.root, t.file.stored), { force: true });
        else await moveFile(path.join(this.root, t.file.stored), t.abs);
        moved.push(t);
      }
      await em.transactional(async (tx) => {
        const titles = new Set<string>();
        for (const { file } of targets) {
          if (!file.manifest) continue;
          await tx.execute(
            `insert into published_file (id, library_id, rel_path, title_id, role, kind, sha256, pending_sha256, size, warning, created_at, updated_at)
             values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, null, ?, null, now(), now())
             on conflict (library_id, rel_path) do update set title_id = excluded.title_id, sha256 = excluded.sha256, pending_sha256 = null, size = excluded.size, warning = null, updated_at = now()`,
            [file.libraryId, file.relPath, file.manifest.titleId, file.manifest.role, file.manifest.kind, file.sha256, file.size],
          );
          if (file.manifest.titleId) titles.add(file.manifest.titleId);
        }
        if (entry.kind === 'MEDIA_FILE') await this.restoreMediaFile(tx, entry.records.mediaFile as Record<string, unknown>);
        await tx.execute('delete from recycle_entry where id = ?', [entry.id]);
        await appendToOutbox(tx, [{ aggregateType: 'recycle', aggregateId: entry.id, aggregateVersion: entry.version + 1, type: 'RecycleEntryRemoved', payload: { id: entry.id } }]);
        for (const titleId of titles) await announcePublishedFiles(tx, titleId);
      });
    } catch (err) {
      for (const t of moved.reverse()) if (!t.present) await moveFile(t.abs, path.join(this.root, t.file.stored)).catch(() => undefined);
      throw err;
    }
    await rm(path.join(this.root, entry.folder), { recursive: true, force: true });
    return { id: entry.id, kind: entry.kind, titleId: entry.titleId, files: targets.length };
  }

  private async restoreArtwork(titleId: string, art: ArtworkState): Promise<void> {
    const { kind, seasonNumber, url, width, height, language, score, provider } = art;
    const title = await this.catalog.addArtwork(titleId, [{ kind, seasonNumber, url, width, height, language, score, provider }]);
    const back = title.artwork.getItems().find((a) => a.kind === kind && a.seasonNumber === seasonNumber && a.url === url);
    if (back && art.selectedBy === 'user') await this.catalog.selectArtwork(titleId, back.id);
  }

  private async restoreMediaFile(em: EntityManager, row: Record<string, unknown>): Promise<void> {
    // The removal event took version + 1; the restored record continues after it.
    const [restored] = await em.execute<Parameters<typeof fileState>[0][]>(
      `insert into media_file select * from jsonb_populate_record(null::media_file, ?::jsonb)
       returning id, library_id, rel_path, class, extra, size, mtime_ms, details, media, probe_error, parsed, match, missing_since, version, created_at, updated_at`,
      [JSON.stringify({ ...row, version: Number(row.version) + 2 })],
    );
    await appendEvents(em, [{ aggregateType: 'mediafile', aggregateId: restored!.id, aggregateVersion: restored!.version, type: 'MediaFileChanged', payload: fileState(restored!) }]);
  }

  /** Deletes an entry for good: its files and, for a title, the title itself. */
  async purge(id: string): Promise<{ id: string }> {
    const em = this.orm.em.fork();
    const entry = await this.load(em, id);
    if (entry.kind === 'TITLE' && entry.titleId) {
      const [live] = await em.execute<Array<{ deleted: boolean }>>('select deleted_at is not null as deleted from title where id = ?', [entry.titleId]);
      if (live?.deleted) await this.catalog.purgeTitle(entry.titleId);
    }
    await em.transactional(async (tx) => {
      await tx.execute('delete from recycle_entry where id = ?', [entry.id]);
      await appendToOutbox(tx, [{ aggregateType: 'recycle', aggregateId: entry.id, aggregateVersion: entry.version + 1, type: 'RecycleEntryRemoved', payload: { id: entry.id } }]);
    });
    await rm(path.join(this.root, entry.folder), { recursive: true, force: true });
    return { id: entry.id };
  }

  /** The recycle bin entry that holds a title, if it was deleted through the bin. */
  async entryOfTitle(titleId: string): Promise<string | null> {
    if (!UUID.test(titleId)) return null;
    const [row] = await this.orm.em.fork().execute<Array<{ id: string }>>(`select id from recycle_entry where kind = 'TITLE' and title_id = ? order by deleted_at desc limit 1`, [titleId]);
    return row?.id ?? null;
  }

  /** Brings a title back, with its published files when it went through the bin. */
  async restoreTitle(titleId: string): Promise<Title> {
    const entry = await this.entryOfTitle(titleId);
    if (entry) await this.restore(entry);
    return this.catalog.restoreTitle(titleId);
  }

  /** Deletes a recycled title for good, with its entry's files. */
  async purgeTitle(titleId: string): Promise<{ id: string }> {
    const entry = await this.entryOfTitle(titleId);
    if (entry) await this.purge(entry);
    const [still] = entry ? await this.orm.em.fork().execute<Array<{ id: string }>>('select id from title where id = ?', [titleId]) : [{ id: titleId }];
    return still ? this.catalog.purgeTitle(titleId) : { id: titleId };
  }

  /** Entries deleted before the cutoff, oldest first. */
  async expired(cutoff: Date): Promise<string[]> {
    const rows = await this.orm.em.fork().execute<Array<{ id: string }>>('select id from recycle_entry where deleted_at < ? order by deleted_at', [cutoff]);
    return rows.map((r) => r.id);
  }
}
