import type { EntityManager } from '@mikro-orm/postgresql';
import { OUTBOX_CHANNEL, type DomainEvent, type FileClass, type FileMatch, type MediaFileState, type MediaInfo, type ParsedNameState } from '@marquee/read-models';
import { executeBound } from '../../infra/sql.js';
import type { FileDetails, NfoApplied } from './media-file.entity.js';

/** What a rescan compares: the cheap columns of every stored file in scope. */
export interface StoredFile {
  id: string;
  relPath: string;
  size: number;
  mtimeMs: number;
  inode: number;
  class: FileClass;
  hash: string | null;
  missing: boolean;
  needsProbe: boolean;
  needsIdentify: boolean;
  matchLocked: boolean;
  /** An NFO file no scan has read since it appeared, changed or moved. */
  needsNfo: boolean;
}

/** A matched main media file, as applying NFOs needs it. */
export interface MatchedFile {
  relPath: string;
  match: FileMatch;
}

export interface NewFile {
  id: string;
  relPath: string;
  class: FileClass;
  extra: string | null;
  size: number;
  mtimeMs: number;
  inode: number;
  details: FileDetails;
  parsed: ParsedNameState | null;
  match: FileMatch | null;
  identified: boolean;
}

export interface StatChange {
  id: string;
  size: number;
  mtimeMs: number;
  inode: number;
}

export interface Move {
  id: string;
  relPath: string;
  class: FileClass;
  extra: string | null;
  mtimeMs: number;
  inode: number;
  details: FileDetails;
  parsed: ParsedNameState | null;
}

export interface ProbeOutcome {
  id: string;
  media: MediaInfo | null;
  probeError: string | null;
  hash: string | null;
}

export interface Identification {
  id: string;
  parsed: ParsedNameState | null;
  match: FileMatch;
}

interface FileRow {
  id: string;
  library_id: string;
  rel_path: string;
  class: FileClass;
  extra: string | null;
  size: string | number;
  mtime_ms: number;
  details: FileDetails;
  media: MediaInfo | null;
  probe_error: string | null;
  parsed: ParsedNameState | null;
  match: FileMatch | null;
  missing_since: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export function fileState(r: FileRow): MediaFileState {
  return {
    id: r.id,
    libraryId: r.library_id,
    path: r.rel_path,
    class: r.class,
    extra: r.extra,
    size: Number(r.size),
    modifiedAt: new Date(r.mtime_ms).toISOString(),
    subtitle: r.details.subtitle ?? null,
    artworkKind: r.details.artworkKind ?? null,
    media: r.media,
    probeError: r.probe_error,
    parsed: r.parsed,
    match: r.match,
    missingSince: r.missing_since ? new Date(r.missing_since).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

const RETURNING = 'returning m.id, m.library_id, m.rel_path, m.class, m.extra, m.size, m.mtime_ms, m.details, m.media, m.probe_error, m.parsed, m.match, m.missing_since, m.version, m.created_at, m.updated_at';

/**
 * Bulk writes of media files for the scan phase: one statement per batch, fed by a JSON array
 * (jsonb_to_recordset), each returning the rows it changed so their events go to the outbox in the
 * same transaction. Per-entity units of work would make a 100k-file first scan take minutes.
 */
export class MediaFileStore {
  constructor(private readonly em: EntityManager) {}

  /**
   * Stored files of a library, or of one path (a file or a folder) inside it. A rescan of an
   * unchanged library is mostly this read, so it comes back as one JSON array of arrays (parsed in
   * one go) rather than as a row object per file.
   */
  async loadScope(libraryId: string, scope: string | null): Promise<StoredFile[]> {
    const params: unknown[] = [libraryId];
    let where = 'library_id = $1';
    if (scope) {
      where += ` and (rel_path = $2 or starts_with(rel_path, $3))`;
      params.push(scope, `${scope}/`);
    }
    const [result] = await executeBound<{ files: string | null }>(
      this.em,
      `select json_agg(json_build_array(id, rel_path, size, mtime_ms, inode, class, hash,
                (missing_since is not null)::int
                + ((class in ('VIDEO', 'AUDIO') and probed_at is null)::int * 2)
                + ((identified_at is null)::int * 4)
                + (coalesce((match->>'locked')::boolean, false)::int * 8)
                + ((class = 'NFO' and nfo_read_at is null)::int * 16)))::text as files
         from media_file where ${where}`,
      params,
    );
    const rows = JSON.parse(result?.files ?? '[]') as Array<[string, string, number, number, number, FileClass, string | null, number]>;
    return rows.map(([id, relPath, size, mtimeMs, inode, fileClass, hash, flags]) => ({
      id,
      relPath,
      size,
      mtimeMs,
      inode,
      class: fileClass,
      hash,
      missing: (flags & 1) !== 0,
      needsProbe: (flags & 2) !== 0,
      needsIdentify: (flags & 4) !== 0,
      matchLocked: (flags & 8) !== 0,
      needsNfo: (flags & 16) !== 0,
    }));
  }

  /**
   * New files and their MediaFileChanged events in one statement: the states are built here (the
   * rows are new, nothing in the database can change them), so nothing comes back but the ids
   * actually inserted. A row another scan inserted first is left alone, with no event; this scan's
   * next run compares against it.
   */
  async insert(libraryId: string, files: readonly NewFile[]): Promise<MediaFileState[]> {
    if (files.length === 0) return [];
    const now = new Date();
    const at = now.toISOString();
    const states = new Map<string, MediaFileState>();
    // Each row goes as its event payload (the state) plus the columns the state does not carry
    // exactly (mtime to the fraction of a millisecond, inode, details): the columns the state does
    // carry are read from it in SQL. Postgres's parse of the JSON parameter was most of the
    // statement's cost, and sending the row's fields twice doubled it.
    const rows = files.map((f) => {
      // fileState's shape, with the timestamps every row shares formatted once.
      const state: MediaFileState = {
        id: f.id,
        libraryId,
        path: f.relPath,
        class: f.class,
        extra: f.extra,
        size: f.size,
        modifiedAt: new Date(f.mtimeMs).toISOString(),
        subtitle: f.details.subtitle ?? null,
        artworkKind: f.details.artworkKind ?? null,
        media: null,
        probeError: null,
        parsed: f.parsed,
        match: f.match,
        missingSince: null,
        createdAt: at,
        updatedAt: at,
      };
      states.set(f.id, state);
      return { s: state, m: f.mtimeMs, i: f.inode, d: f.details, a: f.identified ? at : null };
    });
    const inserted = await executeBound<{ id: string }>(
      this.em,
      `with x as materialized (
         select (x.s->>'id')::uuid as id, x.s, x.m, x.i, x.d, x.a from jsonb_to_recordset($1::jsonb) as x(s jsonb, m float8, i bigint, d jsonb, a timestamptz)),
       ins as (
         insert into media_file as m (id, library_id, rel_path, class, extra, size, mtime_ms, inode, details, parsed, match, title_id, identified_at, version, created_at, updated_at)
         select x.id, (x.s->>'libraryId')::uuid, x.s->>'path', x.s->>'class', x.s->>'extra', (x.s->>'size')::bigint, x.m, x.i, x.d,
                nullif(x.s->'parsed', 'null'::jsonb), nullif(x.s->'match', 'null'::jsonb), (x.s->'match'->>'titleId')::uuid, x.a, 1,
                (x.s->>'createdAt')::timestamptz, (x.s->>'createdAt')::timestamptz
           from x
         on conflict (library_id, rel_path) do nothing returning m.id),
       ev as (
         insert into outbox (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
         select 'mediafile', x.id::text, 1, 'MediaFileChanged', x.s from x join ins on ins.id = x.id order by x.id)
       select id from ins`,
      [JSON.stringify(rows)],
    );
    if (inserted.length) await notifyProjector(this.em);
    return inserted.map((r) => states.get(r.id)!);
  }

  /** Content changed in place: probe and (unless matched by hand) identify again. */
  async statChanged(changes: readonly StatChange[]): Promise<MediaFileState[]> {
    return this.write(
      `update media_file m set size = x.size, mtime_ms = x.mtime_ms, inode = x.inode, missing_since = null,
              media = null, probe_error = null, probed_at = null, hash = null,
              identified_at = case when coalesce((m.match->>'locked')::boolean, false) then m.identified_at else null end,
              nfo_read_at = null, version = m.version + 1, updated_at = now()
         from jsonb_to_recordset($1::jsonb) as x(id uuid, size bigint, mtime_ms float8, inode bigint)
        where m.id = x.id ${RETURNING}`,
      changes.map((c) => ({ id: c.id, size: c.size, mtime_ms: c.mtimeMs, inode: c.inode })),
    );
  }

  /** A file found under a new path keeps its id, so its match, streams and user data follow it. */
  async moved(moves: readonly Move[]): Promise<MediaFileState[]> {
    return this.write(
      `update media_file m set rel_path = x.rel_path, class = x.class, extra = x.extra, mtime_ms = x.mtime_ms, inode = x.inode,
              details = x.details, parsed = x.parsed, missing_since = null, nfo_read_at = null, version = m.version + 1, updated_at = now()
         from jsonb_to_recordset($1::jsonb) as x(id uuid, rel_path text, class text, extra text, mtime_ms float8, inode bigint, details jsonb, parsed jsonb)
        where m.id = x.id ${RETURNING}`,
      moves.map((m) => ({ id: m.id, rel_path: m.relPath, class: m.class, extra: m.extra, mtime_ms: m.mtimeMs, inode: m.inode, details: m.details, parsed: m.parsed })),
    );
  }

  async markMissing(ids: readonly string[]): Promise<MediaFileState[]> {
    return this.write(
      `update media_file m set missing_since = now(), version = m.version + 1, updated_at = now()
         from jsonb_to_recordset($1::jsonb) as x(id uuid) where m.id = x.id and m.missing_since is null ${RETURNING}`,
      ids.map((id) => ({ id })),
    );
  }

  async restored(ids: readonly string[]): Promise<MediaFileState[]> {
    return this.write(
      `update media_file m set missing_since = null, version = m.version + 1, updated_at = now()
         from jsonb_to_recordset($1::jsonb) as x(id uuid) where m.id = x.id and m.missing_since is not null ${RETURNING}`,
      ids.map((id) => ({ id })),
    );
  }

  async probed(outcomes: readonly ProbeOutcome[]): Promise<MediaFileState[]> {
    return this.write(
      `update media_file m set media = x.media, probe_error = x.probe_error, hash = coalesce(x.hash, m.hash), probed_at = now(),
              version = m.version + 1, updated_at = now()
         from jsonb_to_recordset($1::jsonb) as x(id uuid, media jsonb, probe_error text, hash text) where m.id = x.id ${RETURNING}`,
      outcomes.map((o) => ({ id: o.id, media: o.media, probe_error: o.probeError, hash: o.hash })),
    );
  }

  /** Never replaces a manual match (a concurrent matchFile wins). */
  async identified(results: readonly Identification[]): Promise<MediaFileState[]> {
    return this.write(
      `update media_file m set parsed = x.parsed, match = x.match, title_id = (x.match->>'titleId')::uuid, identified_at = now(),
              version = m.version + 1, updated_at = now()
         from jsonb_to_recordset($1::jsonb) as x(id uuid, parsed jsonb, match jsonb)
        where m.id = x.id and not coalesce((m.match->>'locked')::boolean, false) ${RETURNING}`,
      results.map((r) => ({ id: r.id, parsed: r.parsed, match: r.match })),
    );
  }

  /** A merge: the source title's files follow it into the target. */
  async reassignTitle(fromTitleId: string, toTitleId: string): Promise<MediaFileState[]> {
    return this.writeRaw(
      `update media_file m set title_id = $1::uuid, match = jsonb_set(m.match, '{titleId}', to_jsonb($1::text)), version = m.version + 1, updated_at = now()
        where m.title_id = $2::uuid ${RETURNING}`,
      [toTitleId, fromTitleId],
    );
  }

  /** A purged title: its files become unmatched (and are offered for a new match). */
  async detachTitle(titleId: string): Promise<MediaFileState[]> {
    return this.writeRaw(
      `update media_file m set title_id = null, match = null, identified_at = null, version = m.version + 1, updated_at = now()
        where m.title_id = $1::uuid ${RETURNING}`,
      [titleId],
    );
  }

  /**
   * Matched main media files (present, not extras) directly in `dirs` or anywhere under `trees`:
   * the files the NFOs in those folders may describe.
   */
  async matchedIn(libraryId: string, dirs: readonly string[], trees: readonly string[]): Promise<MatchedFile[]> {
    if (dirs.length + trees.length === 0) return [];
    const prefix = (d: string) => (d === '.' ? '' : `${d}/`);
    const rows = await executeBound<{ rel_path: string; match: FileMatch }>(
      this.em,
      `select rel_path, match from media_file
        where library_id = $1 and title_id is not null and missing_since is null and extra is null and class in ('VIDEO', 'AUDIO')
          and (exists (select 1 from unnest($2::text[]) d where starts_with(rel_path, d) and strpos(substr(rel_path, length(d) + 1), '/') = 0)
               or exists (select 1 from unnest($3::text[]) d where starts_with(rel_path, d)))`,
      [libraryId, dirs.map(prefix), trees.map(prefix)],
    );
    return rows.map((r) => ({ relPath: r.rel_path, match: r.match }));
  }

  /** What the last reading of these NFO files did (files without a row are left out). */
  async nfoApplied(libraryId: string, relPaths: readonly string[]): Promise<Map<string, NfoApplied | null>> {
    if (relPaths.length === 0) return new Map();
    const rows = await executeBound<{ rel_path: string; nfo_applied: NfoApplied | null }>(
      this.em,
      `select rel_path, nfo_applied from media_file where library_id = $1 and rel_path = any($2::text[])`,
      [libraryId, [...relPaths]],
    );
    return new Map(rows.map((r) => [r.rel_path, r.nfo_applied]));
  }

  /**
   * Records what reading NFO files did. Not part of a file's read model (no event): it only spares
   * later scans from applying an unchanged NFO again.
   */
  async nfoRead(libraryId: string, marks: ReadonlyArray<{ relPath: string; applied: NfoApplied }>): Promise<void> {
    if (marks.length === 0) return;
    await executeBound(
      this.em,
      `update media_file m set nfo_applied = x.applied, nfo_read_at = now()
         from jsonb_to_recordset($2::jsonb) as x(rel_path text, applied jsonb)
        where m.library_id = $1 and m.rel_path = x.rel_path and m.class = 'NFO'`,
      [libraryId, JSON.stringify(marks.map((m) => ({ rel_path: m.relPath, applied: m.applied })))],
    );
  }

  /** Asks the next scan to read these NFO files again (a manual match gave their video a title). */
  async rereadNfos(libraryId: string, relPaths: readonly string[]): Promise<void> {
    if (relPaths.length === 0) return;
    await executeBound(this.em, `update media_file set nfo_read_at = null where library_id = $1 and class = 'NFO' and rel_path = any($2::text[])`, [libraryId, [...relPaths]]);
  }

  private async write(sql: string, input: readonly unknown[]): Promise<MediaFileState[]> {
    if (input.length === 0) return [];
    return this.writeRaw(sql, [JSON.stringify(input)]);
  }

  /** Runs a statement returning file rows and appends their events in the same transaction. */
  private async writeRaw(sql: string, params: unknown[]): Promise<MediaFileState[]> {
    const rows = await executeBound<FileRow>(this.em, sql, params);
    const states = rows.map(fileState);
    await appendEvents(
      this.em,
      rows.map((r, i) => ({ aggregateType: 'mediafile', aggregateId: r.id, aggregateVersion: r.version, type: 'MediaFileChanged', payload: states[i]! })),
    );
    return states;
  }
}

/**
 * Appends many events in one statement (the outbox entity path flushes one row at a time) and
 * NOTIFYs the projector, which Postgres delivers when the transaction commits.
 */
export async function appendEvents(em: EntityManager, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await executeBound(
    em,
    `insert into outbox (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
     select x.t, x.id, x.v, x.e, x.p from jsonb_to_recordset($1::jsonb) as x(t text, id text, v int, e text, p jsonb)`,
    [JSON.stringify(events.map((e) => ({ t: e.aggregateType, id: e.aggregateId, v: e.aggregateVersion, e: e.type, p: e.payload })))],
  );
  await notifyProjector(em);
}

/** Wakes the projector; Postgres delivers it when the transaction commits. */
async function notifyProjector(em: EntityManager): Promise<void> {
  await executeBound(em, `select pg_notify('${OUTBOX_CHANNEL}', '')`, []);
}
