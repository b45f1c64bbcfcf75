import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { CronExpressionParser } from 'cron-parser';
import { LIBRARY_KINDS, OPTIONAL_PHASES, type LibraryEvent } from '@marquee/read-models';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { Title } from '../domain/catalog/title.entity.js';
import { Library } from '../domain/library/library.entity.js';
import { LibraryError, LibraryErrorCode } from '../domain/library/library.errors.js';
import { MediaFile } from '../domain/library/media-file.entity.js';
import { appendEvents, fileState, MediaFileStore } from '../domain/library/media-file.repository.js';
import { appendToOutbox } from '../domain/outbox/outbox.js';
import { JobName } from '../jobs/job-names.js';
import type { JobRuns } from '../jobs/job-runs.js';
import { possibleNfoPaths } from '../jobs/scan/nfo-sidecars.js';
import { parse, UUID } from './command-support.js';

export const cron = z
  .string()
  .trim()
  .max(200, 'must be at most 200 characters')
  .refine((v) => {
    try {
      CronExpressionParser.parse(v);
      return v.split(/\s+/).length >= 5;
    } catch {
      return false;
    }
  }, 'must be a cron expression such as "0 4 * * *"');

const mapping = z.object({
  from: z.string().trim().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters'),
  to: z.string().trim().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters'),
});

const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  rootPath: z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters').refine((p) => path.isAbsolute(p), 'must be an absolute path'),
  kind: z.enum(LIBRARY_KINDS, { error: `must be one of ${LIBRARY_KINDS.join(', ')}` }),
  phases: z.array(z.enum(OPTIONAL_PHASES, { error: `must list phases from ${OPTIONAL_PHASES.join(', ')}` })).transform((p) => [...new Set(p)]),
  scanSchedule: cron.nullable(),
  pathMappings: z.array(mapping).max(20, 'must have at most 20 mappings'),
};
const createSchema = z.object(fields).partial({ phases: true, scanSchedule: true, pathMappings: true });
const updateSchema = z.object(fields).partial();

export type CreateLibraryCommand = z.input<typeof createSchema>;
export type UpdateLibraryCommand = z.input<typeof updateSchema>;

const MATCH_SCHEMA = z.object({
  seasonNumber: z.number().int('must be a whole number').min(0, 'must not be negative').max(10_000, 'must be at most 10000').nullable().optional(),
  episodeNumbers: z.array(z.number().int('must be whole numbers').min(0, 'must not be negative').max(100_000, 'must be at most 100000')).max(50, 'must have at most 50 numbers').optional(),
});

const inside = (parent: string, child: string) => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/** Key of a library's scheduled scan in pg-boss. */
// pg-boss keys allow letters, digits, _ - . and / only.
const scheduleKey = (libraryId: string) => `library.${libraryId}`;

/** Libraries, their scans and the files in them: the write side. */
export class LibraryCommands {
  constructor(
    private readonly orm: MikroORM,
    private readonly boss: PgBoss,
    private readonly runs: JobRuns,
  ) {}

  /** The root must exist, be a readable directory, and neither contain nor sit inside another library. */
  private async validateRoot(em: EntityManager, rawRoot: string, self: string | null): Promise<string> {
    let root: string;
    try {
      root = await realpath(path.resolve(rawRoot));
    } catch {
      throw new LibraryError(LibraryErrorCode.InvalidInput, `rootPath ${rawRoot} does not exist`, 'rootPath');
    }
    const info = await stat(root);
    if (!info.isDirectory()) throw new LibraryError(LibraryErrorCode.InvalidInput, `rootPath ${root} is not a directory`, 'rootPath');
    try {
      await access(root, constants.R_OK | constants.X_OK);
    } catch {
      throw new LibraryError(LibraryErrorCode.InvalidInput, `rootPath ${root} cannot be read by Marquee`, 'rootPath');
    }
    if (root === path.parse(root).root) throw new LibraryError(LibraryErrorCode.InvalidInput, 'rootPath must not be the file system root', 'rootPath');
    for (const other of await em.find(Library, {})) {
      if (other.id === self) continue;
      if (inside(other.rootPath, root)) throw new LibraryError(LibraryErrorCode.Conflict, `rootPath ${root} is inside library "${other.name}" (${other.rootPath})`, 'rootPath');
      if (inside(root, other.rootPath)) throw new LibraryError(LibraryErrorCode.Conflict, `rootPath ${root} contains library "${other.name}" (${other.rootPath})`, 'rootPath');
    }
    return root;
  }

  private async load(em: EntityManager, id: string): Promise<Library> {
    const library = UUID.test(id) ? await em.findOne(Library, { id }) : null;
    if (!library) throw new LibraryError(LibraryErrorCode.LibraryNotFound, `Library ${id} was not found`, 'id');
    return library;
  }

  private event(library: Library): LibraryEvent {
    return { aggregateType: 'library', aggregateId: library.id, aggregateVersion: library.version, type: 'LibraryChanged', payload: library.toState() };
  }

  private async schedule(library: Library): Promise<void> {
    if (library.scanSchedule) await this.boss.schedule(JobName.ScanLibrary, library.scanSchedule, { libraryId: library.id }, { key: scheduleKey(library.id) });
    else await this.boss.unschedule(JobName.ScanLibrary, scheduleKey(library.id));
  }

  async createLibrary(input: CreateLibraryCommand | Record<string, unknown>): Promise<Library> {
    const data = parse(createSchema, input);
    const library = await this.orm.em.fork().transactional(async (em) => {
      const rootPath = await this.validateRoot(em, data.rootPath, null);
      const created = em.create(Library, { ...data, rootPath, phases: data.phases ?? [], scanSchedule: data.scanSchedule ?? null, pathMappings: data.pathMappings ?? [] });
      await em.flush();
      await appendToOutbox(em, [this.event(created)]);
      return created;
    });
    await this.schedule(library);
    return library;
  }

  async updateLibrary(id: string, input: UpdateLibraryCommand | Record<string, unknown>): Promise<Library> {
    const data = parse(updateSchema, input);
    const library = await this.orm.em.fork().transactional(async (em) => {
      const lib = await this.load(em, id);
      if (data.rootPath !== undefined) data.rootPath = await this.validateRoot(em, data.rootPath, lib.id);
      for (const [k, v] of Object.entries(data)) if (v !== undefined) (lib as unknown as Record<string, unknown>)[k] = v;
      await em.flush();
      await appendToOutbox(em, [this.event(lib)]);
      return lib;
    });
    await this.schedule(library);
    return library;
  }

  /** Removes the library and Marquee's records of its files; nothing on disk is touched. */
  async deleteLibrary(id: string): Promise<{ id: string }> {
    await this.orm.em.fork().transactional(async (em) => {
      const lib = await this.load(em, id);
      const files = await em.execute<Array<{ id: string; version: number }>>('delete from media_file where library_id = ? returning id, version', [lib.id]);
      await appendEvents(em, files.map((f) => ({ aggregateType: 'mediafile', aggregateId: f.id, aggregateVersion: f.version + 1, type: 'MediaFileRemoved', payload: { id: f.id } })));
      // What Marquee published there stays on disk; only its record of it goes with the library.
      await em.execute('delete from published_file where library_id = ?', [lib.id]);
      const version = lib.version + 1;
      em.remove(lib);
      await em.flush();
      await appendToOutbox(em, [{ aggregateType: 'library', aggregateId: lib.id, aggregateVersion: version, type: 'LibraryRemoved', payload: { id: lib.id } }]);
    });
    await this.boss.unschedule(JobName.ScanLibrary, scheduleKey(id));
    return { id };
  }

  /** Queues a scan of a library, or of one path inside it (relative to its root). */
  async scan(libraryId: string, relPath: string | null = null, options: { importWatchState?: boolean } = {}): Promise<{ id: string; queue: JobName }> {
    const library = await this.load(this.orm.em.fork(), libraryId);
    let target: string | null = null;
    if (relPath) {
      const abs = path.resolve(library.rootPath, relPath);
      if (!inside(library.rootPath, abs)) throw new LibraryError(LibraryErrorCode.OutsideLibraryRoot, `path ${relPath} is outside the library root`, 'path');
      target = path.relative(library.rootPath, abs).split(path.sep).join('/') || null;
    }
    return this.enqueueScan(library, target, options.importWatchState === true);
  }

  /**
   * Queues a targeted scan of an absolute path (used by *arr webhooks): the library is the one whose
   * root contains it. The path may no longer exist (a delete); its existing parts must not lead
   * outside the root through a symbolic link.
   */
  async scanPath(absPath: string): Promise<{ id: string; queue: JobName; libraryId: string }> {
    if (!path.isAbsolute(absPath)) throw new LibraryError(LibraryErrorCode.InvalidInput, 'path must be an absolute path', 'path');
    const resolved = path.resolve(absPath);
    const libraries = await this.orm.em.fork().find(Library, {});
    const library = libraries.filter((l) => inside(l.rootPath, resolved)).sort((a, b) => b.rootPath.length - a.rootPath.length)[0];
    if (!library) throw new LibraryError(LibraryErrorCode.OutsideLibraryRoot, `path ${resolved} is not inside any library`, 'path');
    // The deepest part of the path that exists must resolve inside the root.
    let existing = resolved;
    while (existing !== library.rootPath) {
      try {
        const real = await realpath(existing);
        if (!inside(library.rootPath, real)) throw new LibraryError(LibraryErrorCode.OutsideLibraryRoot, `path ${resolved} leads outside the library root`, 'path');
        break;
      } catch (err) {
        if (err instanceof LibraryError) throw err;
        existing = path.dirname(existing);
      }
    }
    const target = path.relative(library.rootPath, resolved).split(path.sep).join('/') || null;
    return { ...(await this.enqueueScan(library, target)), libraryId: library.id };
  }

  private async enqueueScan(library: Library, target: string | null, importWatchState = false): Promise<{ id: string; queue: JobName }> {
    const id = randomUUID();
    const data = { libraryId: library.id, path: target, ...(importWatchState ? { importWatchState } : {}) };
    // Recorded first so CREATED is there before a worker can pick the job up.
    await this.runs.update(id, {}, { id, queue: JobName.ScanLibrary, libraryId: library.id, target, data });
    try {
      const sent = await this.boss.send(JobName.ScanLibrary, data, { id, priority: target ? 10 : 0 });
      if (!sent) throw new Error('pg-boss refused the scan job');
    } catch (err) {
      await this.runs.update(id, { state: 'FAILED', message: 'Could not queue the job', error: 'Could not queue the job', finishedAt: new Date() });
      throw err;
    }
    return { id, queue: JobName.ScanLibrary };
  }

  /**
   * Matches a file to a title by hand. The match is locked: later scans leave it alone, and it
   * follows the file when it moves.
   */
  async matchFile(fileId: string, titleId: string, opts: z.input<typeof MATCH_SCHEMA> = {}): Promise<MediaFile> {
    const extra = parse(MATCH_SCHEMA, opts);
    return this.orm.em.fork().transactional(async (em) => {
      const file = UUID.test(fileId) ? await em.findOne(MediaFile, { id: fileId }) : null;
      if (!file) throw new LibraryError(LibraryErrorCode.FileNotFound, `File ${fileId} was not found`, 'fileId');
      const title = UUID.test(titleId) ? await em.findOne(Title, { id: titleId }) : null;
      if (!title || title.deletedAt) throw new LibraryError(LibraryErrorCode.InvalidInput, `Title ${titleId} was not found`, 'titleId');
      const episodic = title.kind === 'SERIES' || title.kind === 'ANIME_SERIES';
      file.title = title;
      file.match = {
        titleId: title.id,
        seasonNumber: episodic ? (extra.seasonNumber ?? file.parsed?.season ?? null) : null,
        episodeNumbers: episodic ? (extra.episodeNumbers ?? file.parsed?.episodes ?? []) : [],
        method: 'MANUAL',
        confidence: 1,
        suggestedTitleId: null,
        locked: true,
      };
      file.identifiedAt = new Date();
      await em.flush();
      // The NFOs beside it now describe a title: the next scan reads them again and applies them.
      const nfos = possibleNfoPaths(file.relPath);
      await new MediaFileStore(em).rereadNfos(file.library.id, [nfos.stem, nfos.movie, nfos.season, ...nfos.shows]);
      await this.publishFile(em, file);
      return file;
    });
  }

  /** Undoes a manual match: the next scan identifies the file again. */
  async unmatchFile(fileId: string): Promise<MediaFile> {
    return this.orm.em.fork().transactional(async (em) => {
      const file = UUID.test(fileId) ? await em.findOne(MediaFile, { id: fileId }) : null;
      if (!file) throw new LibraryError(LibraryErrorCode.FileNotFound, `File ${fileId} was not found`, 'fileId');
      file.title = null;
      file.match = null;
      file.identifiedAt = null;
      await em.flush();
      await this.publishFile(em, file);
      return file;
    });
  }

  private async publishFile(em: EntityManager, file: MediaFile): Promise<void> {
    const [row] = await em.execute<Parameters<typeof fileState>[0][]>(
      'select id, library_id, rel_path, class, extra, size, mtime_ms, details, media, probe_error, parsed, match, missing_since, version, created_at, updated_at from media_file where id = ?',
      [file.id],
    );
    await appendEvents(em, [{ aggregateType: 'mediafile', aggregateId: file.id, aggregateVersion: row!.version, type: 'MediaFileChanged', payload: fileState(row!) }]);
  }
}
