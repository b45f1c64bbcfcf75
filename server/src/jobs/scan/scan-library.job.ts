import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isMainMedia, type FileClass, type FileMatch, type MediaInfo, type ParsedNameState, type ScanSummary, type TitleKind } from '@marquee/read-models';
import { Library } from '../../domain/library/library.entity.js';
import { MediaFileStore, type Identification, type Move, type NewFile, type StatChange, type StoredFile } from '../../domain/library/media-file.repository.js';
import type { FileDetails } from '../../domain/library/media-file.entity.js';
import { appendToOutbox } from '../../domain/outbox/outbox.js';
import { Manifest, ownsContent } from '../../domain/asset/manifest.js';
import type { NfoApplied } from '../../domain/library/media-file.entity.js';
import { readNfo } from '../../integrations/nfo/nfo-reader.js';
import type { NfoDocument } from '../../integrations/nfo/nfo.types.js';
import { NfoCommands, type NfoIdConflict, type NfoPlan } from '../../commands/nfo.commands.js';
import type { JobContext, JobHandler } from '../job-context.js';
import type { JobName, JobPayloads } from '../job-names.js';
import { describeFile, MAX_NFO_BYTES, type FileDescription } from './classify.js';
import { openSubtitlesHash } from './file-hash.js';
import { CatalogIndex, matchedToCreated, matchFile, type FileIds } from './identify.js';
import { describesTitle, episodeFacts, fitsKind, kindFor, seasonFacts, titleFacts, type TitleDocument } from './nfo-facts.js';
import { describingNfos, nfoCandidateFinder, nfoScope } from './nfo-sidecars.js';
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

/** One NFO file as this scan read it. */
interface ReadNfo {
  sha256: string | null;
  doc: NfoDocument | null;
}

/** What reading NFO files did in one scan (part of the job's output). */
interface NfoReport {
  read: number;
  applied: number;
  created: number;
  titlesChanged: number;
  published: number;
  unreadable: number;
  conflicts: NfoIdConflict[];
  rejected: string[];
}

/** Everything one scan needs while it runs. */
class Scan {
  readonly summary: Omit<ScanSummary, 'at' | 'durationMs'> = { files: 0, added: 0, changed: 0, moved: 0, missing: 0, restored: 0, probed: 0, matched: 0, unmatched: 0 };
  readonly nfoReport: NfoReport = { read: 0, applied: 0, created: 0, titlesChanged: 0, published: 0, unreadable: 0, conflicts: [], rejected: [] };
  /** Main files this scan matched to a title, with their match. */
  readonly identified = new Map<string, FileMatch>();
  private index: CatalogIndex | null = null;
  private indexLoadedAt = new Date();
  private readonly nfoCache = new Map<string, Promise<ReadNfo>>();
  private readonly ownedCache = new Map<string, boolean>();
  private readonly matchedTitles = new Set<string>();
  readonly nfoCommands: NfoCommands;
  /** The NFO files a main media file can take ids and a title from (see nfoCandidates). */
  readonly nfoCandidates: (relPath: string) => string[];

  private presentMap: Map<string, number> | null = null;

  constructor(
    readonly library: Library,
    readonly ctx: JobContext,
    /** The files in scope as the walk listed them. */
    private readonly walked: readonly WalkedFile[],
  ) {
    this.nfoCommands = new NfoCommands(ctx.services.orm);
    this.nfoCandidates = nfoCandidateFinder({ has: (p) => this.present.has(p) });
  }

  /**
   * Every path in scope with its size, to find sidecars (and skip absurd ones unread). Made on
   * first use: an unchanged rescan never needs it.
   */
  get present(): ReadonlyMap<string, number> {
    this.presentMap ??= new Map(this.walked.map((w) => [w.relPath, w.size]));
    return this.presentMap;
  }

  get titles(): ReadonlySet<string> {
    return this.matchedTitles;
  }

  /** A title to enrich (and publish) after the scan. */
  follow(titleId: string): void {
    this.matchedTitles.add(titleId);
  }

  private async catalog(em: EntityManager): Promise<CatalogIndex> {
    if (!this.index) {
      this.indexLoadedAt = new Date();
      this.index = await CatalogIndex.load(em);
    }
    return this.index;
  }

  /** One NFO file, read once per scan; unreadable or hostile NFOs are logged and give no document. */
  read(relPath: string): Promise<ReadNfo> {
    let reading = this.nfoCache.get(relPath);
    if (!reading) {
      reading = this.readNow(relPath);
      this.nfoCache.set(relPath, reading);
    }
    return reading;
  }

  private async readNow(relPath: string): Promise<ReadNfo> {
    let sha256: string | null = null;
    try {
      if ((this.present.get(relPath) ?? Infinity) > MAX_NFO_BYTES) throw new Error('too large');
      const buf = await readFile(path.join(this.library.rootPath, relPath), { flag: 'r' });
      sha256 = createHash('sha256').update(buf).digest('hex');
      this.nfoReport.read += 1;
      return { sha256, doc: readNfo(buf.toString('utf8')) };
    } catch (err) {
      this.ctx.logger.info({ nfo: relPath, reason: err instanceof Error ? err.message : String(err) }, 'NFO file ignored');
      return { sha256, doc: null };
    }
  }

  /** Whether these NFOs' contents are what Marquee published there (never read back as a source). */
  async published(em: EntityManager, relPaths: readonly string[]): Promise<Set<string>> {
    const unknown = relPaths.filter((p) => !this.ownedCache.has(p));
    if (unknown.length) {
      const rows = await new Manifest(em).at(this.library.id, unknown);
      for (const p of unknown) {
        const row = rows.get(p);
        this.ownedCache.set(p, row ? ownsContent(row, (await this.read(p)).sha256) : false);
      }
    }
    return new Set(relPaths.filter((p) => this.ownedCache.get(p)));
  }

  /** Ids and title from one NFO file. */
  private async nfo(relPath: string): Promise<FileIds | null> {
    const { doc } = await this.read(relPath);
    if (!doc) return null;
    const uniqueIds = 'uniqueIds' in doc && doc.uniqueIds ? doc.uniqueIds : {};
    const title = 'title' in doc && typeof doc.title === 'string' ? doc.title : null;
    const year = 'year' in doc && typeof doc.year === 'number' ? doc.year : null;
    return { fromPath: [], fromNfo: Object.entries(uniqueIds).map(([provider, value]) => ({ provider, value: String(value) })), nfoTitle: title, nfoYear: title ? year : null };
  }

  /** Parses the name, reads sidecar NFOs and matches a main media file to a catalog title. */
  async identify(em: EntityManager, relPath: string, candidates = this.nfoCandidates(relPath)): Promise<{ parsed: ParsedNameState; match: FileMatch }> {
    const { parsed, pathIds } = readName(relPath, this.library.kind);
    const ids: FileIds = { fromPath: pathIds, fromNfo: [], nfoTitle: null, nfoYear: null };
    for (const candidate of candidates) {
      const nfo = await this.nfo(candidate);
      if (!nfo) continue;
      ids.fromNfo.push(...nfo.fromNfo);
      if (ids.nfoTitle === null && nfo.nfoTitle) {
        ids.nfoTitle = nfo.nfoTitle;
        ids.nfoYear = nfo.nfoYear;
      }
    }
    let match = matchFile(parsed, ids, await this.catalog(em), this.library.kind, this.ctx.services.config.matchThreshold);
    if (!match.titleId) match = (await this.createFromNfo(em, parsed, candidates, match)) ?? match;
    if (match.titleId) {
      this.summary.matched += 1;
      this.matchedTitles.add(match.titleId);
      this.identified.set(relPath, match);
    } else this.summary.unmatched += 1;
    return { parsed, match };
  }

  /**
   * A file no catalog title matched, whose NFO names a title (a title and a year, or provider ids):
   * the title is created from the NFO (movie.nfo or <name>.nfo for a movie, tvshow.nfo for an
   * episode) and the file matched to it as a rescan would match it (NFO ids 0.99, NFO title and year
   * 0.95). Without ids, a near miss the user should look at (a suggestion) creates nothing.
   */
  private async createFromNfo(em: EntityManager, parsed: ParsedNameState, candidates: readonly string[], match: FileMatch): Promise<FileMatch | null> {
    const kind = this.library.kind;
    const shape = kind === 'SERIES' ? 'episode' : kind === 'MOVIES' ? 'movie' : parsed.kind;
    let found: { doc: TitleDocument; relPath: string } | null = null;
    for (const relPath of candidates) {
      const { doc } = await this.read(relPath);
      if (!doc || !describesTitle(doc)) continue;
      const isShow = path.posix.basename(relPath) === 'tvshow.nfo';
      if (shape === 'episode' ? !isShow : doc.kind === 'tvshow' || isShow) continue;
      found = { doc, relPath };
      break;
    }
    if (!found || (await this.published(em, [found.relPath])).size > 0) return null;
    const facts = titleFacts(found.doc);
    if (found.doc.kind === 'url' && parsed.year !== null) facts.fields.year = parsed.year;
    const name = facts.fields.name ?? parsed.title;
    const byIds = facts.externalIds.length > 0;
    if (!name || (!byIds && (!facts.fields.name || !facts.fields.year || match.suggestedTitleId))) return null;
    const titleKind = kindFor(found.doc, kind, shape);
    if (!titleKind) return null;
    const result = await this.nfoCommands.createTitle(titleKind, name, facts, found.relPath, this.indexLoadedAt);
    if (!result) return null;
    this.nfoReport.rejected.push(...result.rejected);
    if (result.created) this.nfoReport.created += 1;
    (await this.catalog(em)).add({ id: result.titleId, kind: titleKind, year: facts.fields.year ?? null, names: [name, ...(facts.fields.originalTitle ? [facts.fields.originalTitle] : [])] }, facts.externalIds);
    return matchedToCreated(result.titleId, parsed, byIds ? 'NFO_ID' : 'NFO', byIds ? 0.99 : 0.95);
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

/** Batch transactions `pipelined` keeps in flight at once. */
const WRITES_IN_FLIGHT = 2;

/**
 * Like `batched`, for work with a CPU-bound preparation: the next batch is prepared while the
 * previous ones' transactions are in flight (up to WRITES_IN_FLIGHT of them, on their own
 * connections, so Postgres can use another core while this process prepares). Still one
 * transaction per batch; each batch stands alone, so their commit order does not matter.
 */
async function pipelined<I>(ctx: JobContext, items: readonly I[], prepare: (batch: I[]) => Promise<(store: MediaFileStore) => Promise<void>>): Promise<void> {
  const writing: Array<Promise<void>> = [];
  for (let i = 0; i < items.length; i += BATCH) {
    ctx.signal.throwIfAborted();
    const write = await prepare(items.slice(i, i + BATCH));
    if (writing.length >= WRITES_IN_FLIGHT) await writing.shift();
    const next = inTransaction(ctx, (em) => write(new MediaFileStore(em)));
    // Awaited on a later turn or after the loop; until then a failure must not count as unhandled.
    next.catch(() => undefined);
    writing.push(next);
  }
  await Promise.all(writing);
}

/** How far an NFO is from the files it describes: title-wide files first, so the nearest applies last. */
function nfoRank(relPath: string): number {
  const name = path.posix.basename(relPath).toLowerCase();
  return name === 'tvshow.nfo' ? 0 : name === 'movie.nfo' ? 1 : name === 'season.nfo' ? 2 : 3;
}

/**
 * Applies what NFO files say to the titles of the files they describe: NFOs new or changed since
 * they were last read (`nfoWork`), and the NFOs of files this scan matched. An NFO is applied to
 * the title most of its files are matched to, only when its content (sha256) or that title differs
 * from its last application; NFOs Marquee published are never read back as a source (an edited one
 * is the user's again). Each title is one transaction that also records what was read.
 */
async function applyNfos(scan: Scan, nfoWork: ReadonlySet<string>): Promise<void> {
  const { library, ctx, present } = scan;
  const em = ctx.services.orm.em.fork();
  const store = new MediaFileStore(em);
  const dirs: string[] = [];
  const trees: string[] = [];
  for (const relPath of nfoWork) {
    const { dir, tree } = nfoScope(relPath);
    (tree ? trees : dirs).push(dir);
  }
  // Files the NFOs describe: those this scan matched, and the matched ones beside changed NFOs.
  const files = new Map<string, FileMatch>();
  for (const f of await store.matchedIn(library.id, [...new Set(dirs)], [...new Set(trees)])) {
    if (describingNfos(f.relPath, present).some((n) => nfoWork.has(n))) files.set(f.relPath, f.match);
  }
  for (const [relPath, match] of scan.identified) files.set(relPath, match);

  // Each NFO goes to the title most of its files are matched to.
  const votes = new Map<string, Map<string, number>>();
  const nfosOf = new Map<string, string[]>();
  for (const [relPath, match] of files) {
    if (!match.titleId) continue;
    const nfos = describingNfos(relPath, present);
    nfosOf.set(relPath, nfos);
    for (const n of nfos) {
      const count = votes.get(n) ?? new Map<string, number>();
      count.set(match.titleId, (count.get(match.titleId) ?? 0) + 1);
      votes.set(n, count);
    }
  }
  const titleOf = new Map<string, string>();
  for (const [n, count] of votes) titleOf.set(n, [...count.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]);

  const involved = [...new Set([...titleOf.keys(), ...nfoWork])].sort();
  const before = await store.nfoApplied(library.id, involved);
  const published = await scan.published(em, involved);
  const kinds = new Map((titleOf.size ? await em.getConnection().execute<Array<{ id: string; kind: TitleKind }>>('select id, kind from title where id in (select jsonb_array_elements_text(?::jsonb)::uuid)', [JSON.stringify([...new Set(titleOf.values())])]) : []).map((t) => [t.id, t.kind]));

  interface TitleWork {
    plan: NfoPlan;
    marks: Array<{ relPath: string; applied: NfoApplied }>;
  }
  const work = new Map<string, TitleWork>();
  const workOf = (titleId: string) => {
    let w = work.get(titleId);
    if (!w) work.set(titleId, (w = { plan: { titles: [], seasons: [], episodes: [] }, marks: [] }));
    return w;
  };
  const unattached: Array<{ relPath: string; applied: NfoApplied }> = [];
  /** NFOs whose fields go into this scan's plans, by path: the files they describe need their rows. */
  const userNfos = new Set<string>();
  for (const relPath of involved) {
    ctx.signal.throwIfAborted();
    const titleId = titleOf.get(relPath) ?? null;
    const { sha256, doc } = await scan.read(relPath);
    const mark = (outcome: NfoApplied['outcome']) => {
      const entry = { relPath, applied: { sha256, titleId, outcome } };
      if (titleId && outcome !== 'UNMATCHED') workOf(titleId).marks.push(entry);
      else unattached.push(entry);
    };
    if (!doc) {
      scan.nfoReport.unreadable += 1;
      mark('UNREADABLE');
      continue;
    }
    if (published.has(relPath)) {
      scan.nfoReport.published += 1;
      mark('PUBLISHED');
      continue;
    }
    const kind = titleId ? kinds.get(titleId) : undefined;
    if (!titleId || !kind) {
      mark('UNMATCHED');
      continue;
    }
    if (!fitsKind(doc, kind)) {
      mark('IGNORED');
      continue;
    }
    userNfos.add(relPath);
    const last = before.get(relPath);
    if (last && last.outcome === 'APPLIED' && last.sha256 === sha256 && last.titleId === titleId) {
      // Read again (it was touched, or its file was re-identified) but unchanged: nothing to apply.
      if (nfoWork.has(relPath)) mark('APPLIED');
      continue;
    }
    mark('APPLIED');
    scan.nfoReport.applied += 1;
    const plan = workOf(titleId).plan;
    if (describesTitle(doc)) {
      plan.titles.push({ facts: titleFacts(doc), origin: relPath });
      if (doc.kind === 'tvshow') for (const s of doc.namedSeasons) plan.seasons.push({ facts: { number: s.number, name: s.name }, origin: relPath });
      continue;
    }
    const described = [...files.entries()].filter(([f, m]) => m.titleId === titleId && nfosOf.get(f)?.includes(relPath));
    if (doc.kind === 'season') {
      const facts = seasonFacts(doc, described.find(([, m]) => m.seasonNumber !== null)?.[1].seasonNumber ?? null);
      if (facts) plan.seasons.push({ facts, origin: relPath });
    } else if (doc.kind === 'episode') {
      const [, m] = described[0] ?? [];
      for (const facts of episodeFacts(doc, { season: m?.seasonNumber ?? null, episodes: m?.episodeNumbers ?? [] })) plan.episodes.push({ facts, origin: relPath });
    }
  }
  // Episode files described by a user's NFO get their season and episode rows, even without an episode NFO.
  for (const [relPath, match] of files) {
    const kind = match.titleId ? kinds.get(match.titleId) : undefined;
    if (!match.titleId || match.seasonNumber === null || (kind !== 'SERIES' && kind !== 'ANIME_SERIES')) continue;
    if (!(nfosOf.get(relPath) ?? []).some((n) => userNfos.has(n))) continue;
    const plan = workOf(match.titleId).plan;
    for (const number of match.episodeNumbers) {
      if (!plan.episodes.some((e) => e.facts.season === match.seasonNumber && e.facts.number === number)) plan.episodes.push({ facts: { season: match.seasonNumber, number }, origin: null });
    }
  }

  for (const [titleId, { plan, marks }] of work) {
    ctx.signal.throwIfAborted();
    plan.titles.sort((a, b) => nfoRank(a.origin) - nfoRank(b.origin) || (a.origin < b.origin ? -1 : 1));
    const outcome = await scan.nfoCommands.apply(library.id, titleId, plan, marks);
    scan.nfoReport.conflicts.push(...outcome.conflicts);
    scan.nfoReport.rejected.push(...outcome.rejected);
    for (const c of outcome.conflicts) ctx.logger.warn({ nfo: c.nfo, provider: c.provider, value: c.value, kept: c.kept, ownerTitleId: c.ownerTitleId }, 'an NFO id was not set: the title or another title has one');
    if (outcome.changed) {
      scan.nfoReport.titlesChanged += 1;
      scan.follow(titleId);
    }
  }
  await batched(ctx, unattached, (_tx, batchStore, batch) => batchStore.nfoRead(library.id, batch));
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
  const scan = new Scan(library, ctx, walked);
  scan.summary.files = walked.length;
  await ctx.progress({ done: 0, total: walked.length, message: `Found ${walked.length} files` }, true);

  // --- compare ---------------------------------------------------------------------------------
  // Stored files by path (their index in `stored`); those the walk finds are ticked off in `seen`.
  const byPath = new Map<string, number>();
  for (let i = 0; i < stored.length; i++) byPath.set(stored[i]!.relPath, i);
  const seen = new Uint8Array(stored.length);
  const fresh: WalkedFile[] = [];
  const changed: StatChange[] = [];
  const restored: string[] = [];
  const toProbe = new Map<string, string>();
  const toIdentify = new Map<string, string>();
  // NFO files to read: new, changed, moved, or left unread by a killed scan.
  const nfoWork = new Set<string>();
  for (const w of walked) {
    const at = byPath.get(w.relPath);
    if (at === undefined) {
      fresh.push(w);
      continue;
    }
    seen[at] = 1;
    const s = stored[at]!;
    if (s.size !== w.size || s.mtimeMs !== w.mtimeMs || s.inode !== w.inode) {
      changed.push({ id: s.id, size: w.size, mtimeMs: w.mtimeMs, inode: w.inode });
      if (s.class === 'VIDEO' || s.class === 'AUDIO') toProbe.set(s.id, w.relPath);
      if (!s.matchLocked) toIdentify.set(s.id, w.relPath);
      if (s.class === 'NFO') nfoWork.add(w.relPath);
      continue;
    }
    if (s.needsNfo) nfoWork.add(w.relPath);
    if (s.missing) restored.push(s.id);
    if (s.needsProbe) toProbe.set(s.id, w.relPath);
    if (s.needsIdentify) toIdentify.set(s.id, w.relPath);
  }
  // What the walk did not find vanished from its path: moved, or missing.
  const gone = stored.filter((_, i) => seen[i] === 0);
  const movedAway = new Set<string>();
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
      movedAway.add(from.id);
      const d = describe(w.relPath);
      moves.push({ id: from.id, relPath: w.relPath, class: d.class, extra: d.extra, mtimeMs: w.mtimeMs, inode: w.inode, details: d.details, parsed: isMainMedia(d) ? readName(w.relPath, library.kind).parsed : null });
      if (from.needsProbe) toProbe.set(from.id, w.relPath);
      if (from.needsIdentify) toIdentify.set(from.id, w.relPath);
      if (d.class === 'NFO') nfoWork.add(w.relPath);
    } else added.push(w);
  }
  const missing = gone.filter((s) => !movedAway.has(s.id) && !s.missing).map((s) => s.id);
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
    const described = batch.map((w) => describe(w.relPath));
    const candidates = batch.map((w, i) => (isMainMedia(described[i]!) ? scan.nfoCandidates(w.relPath) : null));
    // The batch's sidecar NFOs are read all at once (each once per scan), not one after another.
    for (const list of candidates) for (const nfo of list ?? []) void scan.read(nfo);
    for (const [i, w] of batch.entries()) {
      const d = described[i]!;
      const id = randomUUID();
      const identified = candidates[i] ? await scan.identify(reader, w.relPath, candidates[i]) : null;
      if (d.class === 'NFO') nfoWork.add(w.relPath);
      rows.push({ id, relPath: w.relPath, class: d.class, extra: d.extra, size: w.size, mtimeMs: w.mtimeMs, inode: w.inode, details: d.details, parsed: identified?.parsed ?? null, match: identified?.match ?? null, identified: true });
      if (d.class === 'VIDEO' || d.class === 'AUDIO') toProbe.set(id, w.relPath);
    }
    return async (store) => {
      scan.summary.added += (await store.insert(library.id, rows)).length;
      await step(batch.length, `Added ${scan.summary.added} files`);
    };
  });

  await pipelined(ctx, pending, async (batch) => {
    const results: Identification[] = [];
    for (const [id, relPath] of batch) {
      if (!isMainMedia(describe(relPath))) {
        results.push({ id, parsed: null, match: { titleId: null, seasonNumber: null, episodeNumbers: [], method: null, confidence: 0, suggestedTitleId: null, locked: false } });
        continue;
      }
      const { parsed, match } = await scan.identify(reader, relPath);
      results.push({ id, parsed, match });
    }
    return async (store) => {
      await store.identified(results);
      await step(batch.length, 'Identifying files');
    };
  });

  // --- apply what NFO files say ----------------------------------------------------------------
  if (nfoWork.size > 0 || scan.identified.size > 0) {
    await ctx.progress({ done, total, message: 'Reading NFO files' }, true);
    await applyNfos(scan, nfoWork);
  }

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
  const watchState = data.importWatchState ? await importWatchState({ orm, logger: ctx.logger }, library, scope, scan.present) : null;
  const s = scan.summary;
  const anyChange = s.added + s.changed + s.moved + s.missing + s.restored > 0;
  const changedPaths = anyChange ? [scope ?? ''] : [];
  const queued = await ctx.followUp(
    [...scan.titles].map((titleId) => ({ libraryId: library.id, titleId, data: { libraryId: library.id, titleId, ...(anyChange ? { changed: changedPaths } : {}) }, singletonKey: jobKeys.enrich(titleId) })),
  );
  const playerSyncs = await syncAfterScan(ctx, library, changedPaths, s.missing > 0, queued);
  await ctx.progress({ done: total, total, message: `Scanned ${walked.length} files` }, true);
  const nfo = scan.nfoReport;
  return { ...summary, ...(nfo.read > 0 ? { nfo } : {}), followUps: queued, ...(watchState ? { watchState } : {}), ...(playerSyncs ? { playerSyncs } : {}) };
};

