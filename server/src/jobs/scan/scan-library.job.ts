import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isMainMedia, type FileClass, type FileMatch, type MediaInfo, type ParsedNameState, type ScanSummary } from '@marquee/read-models';
import { Library } from '../../domain/library/library.entity.js';
import { MediaFileStore, type Identification, type Move, type NewFile, type StatChange, type StoredFile } from '../../domain/library/media-file.repository.js';
import type { FileDetails } from '../../domain/library/media-file.entity.js';
import { appendToOutbox } from '../../domain/outbox/outbox.js';
import { readNfo } from '../../integrations/nfo/nfo-reader.js';
import type { JobContext, JobHandler } from '../job-context.js';
import type { JobName, JobPayloads } from '../job-names.js';
import { describeFile, MAX_NFO_BYTES, type FileDescription } from './classify.js';
import { openSubtitlesHash } from './file-hash.js';
import { CatalogIndex, matchFile, type FileIds } from './identify.js';
import { readName } from './naming/name-state.js';
import { probeFile, ProbeError, type ProbeResult } from './probe.js';
import { walkLibrary, type WalkedFile } from './walk.js';
import { importWatchState } from './watch-state.js';
import { syncAfterScan } from '../sync-players/sync-players.job.js';
import { jobKeys } from '../job-keys.js';

/** Rows per write statement (and per transaction). */
const BATCH = 1_000;

const CLASS: Record<FileDescription['class'], FileClass> = { video: 'VIDEO', audio: 'AUDIO', subtitle: 'SUBTITLE', artwork: 'ARTWORK', nfo: 'NFO', other: 'OTHER' };

function describe(relPath: string): { class: FileClass; extra: string | null; details: FileDetails } {
  const d = describeFile(relPath);
  const details: FileDetails = {};
  if (d.subtitle) details.subtitle = { language: d.subtitle.language, forced: d.subtitle.forced, sdh: d.subtitle.sdh };
  if (d.artwork) details.artworkKind = d.artwork.season === undefined ? d.artwork.kind : `${d.artwork.kind}:${d.artwork.season}`;
  return { class: CLASS[d.class], extra: d.extra, details };
}

function toMediaInfo(r: ProbeResult): MediaInfo {
  return {
    durationSeconds: r.durationSeconds,
    bitRate: r.bitRate,
    container: r.container,
    video: r.streams.video.map((v) => ({ index: v.index, codec: v.codec, profile: v.profile, width: v.width, height: v.height, frameRate: v.frameRate, bitDepth: v.bitDepth, hdr: v.hdr, language: v.language, default: v.default })),
    audio: r.streams.audio.map((a) => ({ index: a.index, codec: a.codec, channels: a.channels, channelLayout: a.channelLayout, language: a.language, title: a.title, default: a.default })),
    subtitles: r.streams.subtitle.map((s) => ({ index: s.index, codec: s.codec, language: s.language, title: s.title, forced: s.forced, default: s.default })),
  };
}

/**
 * The NFO files a video can take ids and a title from, nearest first: `<stem>.nfo`, `movie.nfo`
 * beside it, then `tvshow.nfo` in a parent folder inside the root.
 */
function nfoCandidates(relPath: string, present: ReadonlyMap<string, number>): string[] {
  const dir = path.posix.dirname(relPath);
  const stem = path.posix.basename(relPath, path.posix.extname(relPath));
  const at = (d: string, name: string) => (d === '.' ? name : `${d}/${name}`);
  const out = [at(dir, `${stem}.nfo`), at(dir, 'movie.nfo')].filter((p) => present.has(p));
  for (let d = dir; ; d = path.posix.dirname(d)) {
    if (present.has(at(d, 'tvshow.nfo'))) {
      out.push(at(d, 'tvshow.nfo'));
      break;
    }
    if (d === '.' || d === '') break;
  }
  return out;
}

/** Everything one scan needs while it runs. */
class Scan {
  readonly summary: Omit<ScanSummary, 'at' | 'durationMs'> = { files: 0, added: 0, changed: 0, moved: 0, missing: 0, restored: 0, probed: 0, matched: 0, unmatched: 0 };
  private index: CatalogIndex | null = null;
  private readonly nfoCache = new Map<string, FileIds | null>();
  private readonly matchedTitles = new Set<string>();

  constructor(
    readonly library: Library,
    readonly ctx: JobContext,
    /** Every path in scope with its size, to find sidecars (and skip absurd ones unread). */
    readonly present: ReadonlyMap<string, number>,
  ) {}

  get titles(): ReadonlySet<string> {
    return this.matchedTitles;
  }

  private async catalog(em: EntityManager): Promise<CatalogIndex> {
    this.index ??= await CatalogIndex.load(em);
    return this.index;
  }

  /** Ids and title from one NFO file; unreadable or hostile NFOs are logged and ignored. */
  private async nfo(relPath: string): Promise<FileIds | null> {
    if (this.nfoCache.has(relPath)) return this.nfoCache.get(relPath)!;
    let ids: FileIds | null = null;
    try {
      if ((this.present.get(relPath) ?? Infinity) <= MAX_NFO_BYTES) {
        const buf = await readFile(path.join(this.library.rootPath, relPath), { flag: 'r' });
        const doc = readNfo(buf.toString('utf8'));
        const uniqueIds = 'uniqueIds' in doc && doc.uniqueIds ? doc.uniqueIds : {};
        const title = 'title' in doc && typeof doc.title === 'string' ? doc.title : null;
        const year = 'year' in doc && typeof doc.year === 'number' ? doc.year : null;
        ids = { fromPath: [], fromNfo: Object.entries(uniqueIds).map(([provider, value]) => ({ provider, value: String(value) })), nfoTitle: title, nfoYear: title ? year : null };
      }
    } catch (err) {
      this.ctx.logger.info({ nfo: relPath, reason: err instanceof Error ? err.message : String(err) }, 'NFO file ignored');
    }
    this.nfoCache.set(relPath, ids);
    return ids;
  }

  /** Parses the name, reads sidecar NFOs and matches a main media file to a catalog title. */
  async identify(em: EntityManager, relPath: string): Promise<{ parsed: ParsedNameState; match: FileMatch }> {
    const { parsed, pathIds } = readName(relPath, this.library.kind);
    const ids: FileIds = { fromPath: pathIds, fromNfo: [], nfoTitle: null, nfoYear: null };
    for (const candidate of nfoCandidates(relPath, this.present)) {
      const nfo = await this.nfo(candidate);
      if (!nfo) continue;
      ids.fromNfo.push(...nfo.fromNfo);
      if (ids.nfoTitle === null && nfo.nfoTitle) {
        ids.nfoTitle = nfo.nfoTitle;
        ids.nfoYear = nfo.nfoYear;
      }
    }
    const match = matchFile(parsed, ids, await this.catalog(em), this.library.kind, this.ctx.services.config.matchThreshold);
    if (match.titleId) {
      this.summary.matched += 1;
      this.matchedTitles.add(match.titleId);
    } else this.summary.unmatched += 1;
    return { parsed, match };
  }
}

async function inTransaction<T>(ctx: JobContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return ctx.services.orm.em.fork().transactional(work);
}

/** Splits work into transactions of BATCH rows so a killed worker loses at most one batch. */
async function batched<I>(ctx: JobContext, items: readonly I[], write: (em: EntityManager, store: MediaFileStore, batch: I[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) {
    ctx.signal.throwIfAborted();
    const batch = items.slice(i, i + BATCH);
    await inTransaction(ctx, (em) => write(em, new MediaFileStore(em), batch));
  }
}

/**
 * Like `batched`, for work with a CPU-bound preparation: batch n+1 is prepared while batch n's
 * transaction is in flight. Still one transaction per batch, committed in order.
 */
async function pipelined<I>(ctx: JobContext, items: readonly I[], prepare: (batch: I[]) => Promise<(store: MediaFileStore) => Promise<void>>): Promise<void> {
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; i < items.length; i += BATCH) {
    ctx.signal.throwIfAborted();
    const write = await prepare(items.slice(i, i + BATCH));
    await writing;
    writing = inTransaction(ctx, (em) => write(new MediaFileStore(em)));
    // Awaited on the next turn or after the loop; until then a failure must not count as unhandled.
    writing.catch(() => undefined);
  }
  await writing;
}

function movedKey(f: { inode: number; size: number }): string {
  return `${f.inode}:${f.size}`;
}

/**
 * The scan phase: walk the root (or one path inside it), compare size, mtime and inode with the
 * stored files, and write only what differs. New and changed files are probed with ffprobe and
 * identified; a file found under a new path with the inode and size (or the content hash) of a
 * vanished one is the same file moved, keeping its id; vanished files are marked missing, never
 * deleted. Safe to kill at any point: a rerun compares against what was committed and finishes
 * the rest (rows not yet probed or identified are picked up again).
 */
export const scanLibrary: JobHandler<JobPayloads[JobName.ScanLibrary]> = async (data, ctx) => {
  const started = Date.now();
  const { orm, config } = ctx.services;
  const library = await orm.em.fork().findOne(Library, { id: data.libraryId });
  if (!library) return { skipped: 'library deleted' };
  const root = library.rootPath;
  const scope = data.path ? data.path.replace(/^\/+|\/+$/g, '') : null;
  await ctx.progress({ done: 0, total: 0, message: `Listing ${scope ?? root}` }, true);

  // The stored files load while the tree is walked: on an unchanged library these two are the scan.
  const loading = new MediaFileStore(orm.em.fork()).loadScope(library.id, scope);
  loading.catch(() => undefined);
  const walked = await walkLibrary(root, scope, ctx.signal);
  const stored = await loading;
  if (!scope && walked.length === 0 && stored.some((s) => !s.missing)) {
    // An unmounted disk looks like an empty folder: refuse rather than mark everything missing.
    throw new Error(`The library root ${root} is empty or unreadable; not marking ${stored.length} files missing. Check that the disk is mounted.`);
  }
  const present = new Map(walked.map((w) => [w.relPath, w.size]));
  const scan = new Scan(library, ctx, present);
  scan.summary.files = walked.length;
  await ctx.progress({ done: 0, total: walked.length, message: `Found ${walked.length} files` }, true);

  // --- compare ---------------------------------------------------------------------------------
  const byPath = new Map(stored.map((s) => [s.relPath, s]));
  const fresh: WalkedFile[] = [];
  const changed: StatChange[] = [];
  const restored: string[] = [];
  const toProbe = new Map<string, string>();
  const toIdentify = new Map<string, string>();
  for (const w of walked) {
    const s = byPath.get(w.relPath);
    if (!s) {
      fresh.push(w);
      continue;
    }
    byPath.delete(w.relPath);
    if (s.size !== w.size || s.mtimeMs !== w.mtimeMs || s.inode !== w.inode) {
      changed.push({ id: s.id, size: w.size, mtimeMs: w.mtimeMs, inode: w.inode });
      if (s.class === 'VIDEO' || s.class === 'AUDIO') toProbe.set(s.id, w.relPath);
      if (!s.matchLocked) toIdentify.set(s.id, w.relPath);
      continue;
    }
    if (s.missing) restored.push(s.id);
    if (s.needsProbe) toProbe.set(s.id, w.relPath);
    if (s.needsIdentify) toIdentify.set(s.id, w.relPath);
  }
  // What is left in byPath vanished from its path: moved, or missing.
  const gone = [...byPath.values()];
  const goneByInode = new Map<string, StoredFile>();
  const goneByHash = new Map<string, StoredFile>();
  for (const g of gone) {
    goneByInode.set(movedKey(g), g);
    if (g.hash) goneByHash.set(g.hash, g);
  }
  const moves: Move[] = [];
  const added: WalkedFile[] = [];
  for (const w of fresh) {
    let from = goneByInode.get(movedKey(w));
    if (!from && goneByHash.size > 0) {
      const candidate = describe(w.relPath);
      if (candidate.class === 'VIDEO' || candidate.class === 'AUDIO') {
        const hash = await openSubtitlesHash(path.join(root, w.relPath)).catch(() => null);
        if (hash) from = goneByHash.get(hash);
      }
    }
    if (from) {
      goneByInode.delete(movedKey(from));
      if (from.hash) goneByHash.delete(from.hash);
      byPath.delete(from.relPath);
      const d = describe(w.relPath);
      moves.push({ id: from.id, relPath: w.relPath, class: d.class, extra: d.extra, mtimeMs: w.mtimeMs, inode: w.inode, details: d.details, parsed: isMainMedia(d) ? readName(w.relPath, library.kind).parsed : null });
      if (from.needsProbe) toProbe.set(from.id, w.relPath);
      if (from.needsIdentify) toIdentify.set(from.id, w.relPath);
    } else added.push(w);
  }
  const missing = [...byPath.values()].filter((s) => !s.missing).map((s) => s.id);
  // Files whose content changed, or whose identification a killed scan left undone.
  const pending = [...toIdentify.entries()];

  // --- write what differs ----------------------------------------------------------------------
  let done = 0;
  let total = added.length + changed.length + moves.length + missing.length + restored.length + pending.length;
  const step = async (n: number, message: string) => {
    done += n;
    await ctx.progress({ done, total, message });
  };
  await batched(ctx, changed, async (_em, store, batch) => {
    await store.statChanged(batch);
    await step(batch.length, 'Updating changed files');
  });
  scan.summary.changed = changed.length;
  await batched(ctx, moves, async (_em, store, batch) => {
    await store.moved(batch);
    await step(batch.length, 'Following moved files');
  });
  scan.summary.moved = moves.length;
  await batched(ctx, missing, async (_em, store, batch) => {
    scan.summary.missing += (await store.markMissing(batch)).length;
    await step(batch.length, 'Marking missing files');
  });
  await batched(ctx, restored, async (_em, store, batch) => {
    scan.summary.restored += (await store.restored(batch)).length;
    await step(batch.length, 'Restoring files');
  });
  // New files: each batch is identified while the previous one is being written.
  const reader = orm.em.fork();
  await pipelined(ctx, added, async (batch) => {
    const rows: NewFile[] = [];
    for (const w of batch) {
      const d = describe(w.relPath);
      const id = randomUUID();
      const identified = isMainMedia(d) ? await scan.identify(reader, w.relPath) : null;
      rows.push({ id, relPath: w.relPath, class: d.class, extra: d.extra, size: w.size, mtimeMs: w.mtimeMs, inode: w.inode, details: d.details, parsed: identified?.parsed ?? null, match: identified?.match ?? null, identified: true });
      if (d.class === 'VIDEO' || d.class === 'AUDIO') toProbe.set(id, w.relPath);
    }
    return async (store) => {
      scan.summary.added += (await store.insert(library.id, rows)).length;
      await step(batch.length, `Added ${scan.summary.added} files`);
    };
  });

  await batched(ctx, pending, async (em, store, batch) => {
    const results: Identification[] = [];
    for (const [id, relPath] of batch) {
      if (!isMainMedia(describe(relPath))) {
        results.push({ id, parsed: null, match: { titleId: null, seasonNumber: null, episodeNumbers: [], method: null, confidence: 0, suggestedTitleId: null, locked: false } });
        continue;
      }
      const { parsed, match } = await scan.identify(em, relPath);
      results.push({ id, parsed, match });
    }
    await store.identified(results);
    await step(batch.length, 'Identifying files');
  });

  // --- probe new and changed media -------------------------------------------------------------
  if (config.ffprobe && toProbe.size > 0) {
    const queue = [...toProbe.entries()];
    total = done + queue.length;
    const results: Array<{ id: string; media: MediaInfo | null; probeError: string | null; hash: string | null }> = [];
    const flush = async () => {
      const batch = results.splice(0, results.length);
      if (batch.length) await inTransaction(ctx, (em) => new MediaFileStore(em).probed(batch));
    };
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        ctx.signal.throwIfAborted();
        const [id, relPath] = queue[next++]!;
        const abs = path.join(root, relPath);
        try {
          const [probe, hash] = await Promise.all([probeFile(abs, { ffprobePath: config.ffprobe!, signal: ctx.signal }), openSubtitlesHash(abs)]);
          results.push({ id, media: toMediaInfo(probe), probeError: null, hash });
        } catch (err) {
          if (err instanceof ProbeError && err.reason === 'ABORTED') throw err;
          if (err instanceof ProbeError && err.reason === 'NOT_FOUND') throw err;
          results.push({ id, media: null, probeError: err instanceof Error ? err.message : String(err), hash: null });
        }
        scan.summary.probed += 1;
        if (results.length >= 25) await flush();
        await step(1, `Probed ${relPath}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(config.probeConcurrency, queue.length) }, worker));
    await flush();
  }

  // --- record and chain ------------------------------------------------------------------------
  const summary: ScanSummary = { at: new Date().toISOString(), durationMs: Date.now() - started, ...scan.summary };
  if (!scope) {
    await inTransaction(ctx, async (em) => {
      const lib = await em.findOne(Library, { id: library.id });
      if (!lib) return;
      lib.lastScan = summary;
      await em.flush();
      await appendToOutbox(em, [{ aggregateType: 'library', aggregateId: lib.id, aggregateVersion: lib.version, type: 'LibraryChanged', payload: lib.toState() }]);
    });
  }
  const watchState = data.importWatchState ? await importWatchState({ orm, logger: ctx.logger }, library, scope, present) : null;
  const s = scan.summary;
  const anyChange = s.added + s.changed + s.moved + s.missing + s.restored > 0;
  const changedPaths = anyChange ? [scope ?? ''] : [];
  const queued = await ctx.followUp(
    [...scan.titles].map((titleId) => ({ libraryId: library.id, titleId, data: { libraryId: library.id, titleId, ...(anyChange ? { changed: changedPaths } : {}) }, singletonKey: jobKeys.enrich(titleId) })),
  );
  const playerSyncs = await syncAfterScan(ctx, library, changedPaths, s.missing > 0, queued);
  await ctx.progress({ done: total, total, message: `Scanned ${walked.length} files` }, true);
  return { ...summary, followUps: queued, ...(watchState ? { watchState } : {}), ...(playerSyncs ? { playerSyncs } : {}) };
};

