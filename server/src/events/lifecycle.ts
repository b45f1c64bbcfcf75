import type { OutboxRecord } from '@marquee/read-models';
import { JobName } from '../jobs/job-names.js';

/** Every lifecycle event type integrators can subscribe to (targets filter on these). */
export const LIFECYCLE_EVENT_TYPES = [
  'title.added',
  'title.updated',
  'title.deleted',
  'file.imported',
  'file.upgraded',
  'file.renamed',
  'file.missing',
  'artwork.changed',
  'phase.started',
  'phase.finished',
  'phase.failed',
  'scan.finished',
  'health.changed',
] as const;
export type LifecycleEventType = (typeof LIFECYCLE_EVENT_TYPES)[number];

/** What subscribers and webhook receivers get: plain JSON. */
export interface LifecycleEvent {
  /** Stable and unique: the outbox id of the fact (a suffix tells two events of one fact apart). */
  id: string;
  type: LifecycleEventType;
  occurredAt: string;
  libraryId: string | null;
  titleId: string | null;
  fileId: string | null;
  /** A file's path relative to its library root. */
  path: string | null;
  data: Record<string, unknown>;
}

/**
 * What the stream remembers between events to tell an import from an upgrade, a rename or a
 * vanished file, and a changed artwork from any other title edit (kept in Postgres with the
 * checkpoint, in the same transaction).
 */
export interface StreamMemory {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export const fileKey = (id: string) => `file:${id}`;
export const artworkKey = (titleId: string) => `artwork:${titleId}`;
/** Set by an *arr webhook for a path it reports as an upgrade: the scan's import of it is an upgrade. */
export const upgradeHintKey = (libraryId: string, path: string) => `hint:${libraryId}:${path}`;

/** The keys a batch's mapping reads, to load them at once. */
export function memoryKeys(records: readonly OutboxRecord[]): string[] {
  const out: string[] = [];
  for (const r of records) {
    if (r.type === 'MediaFileChanged') out.push(fileKey(r.payload.id), upgradeHintKey(r.payload.libraryId, r.payload.path));
    else if (r.type === 'MediaFileRemoved') out.push(fileKey(r.payload.id));
    else if (r.type === 'TitleCreated' || r.type === 'TitleUpdated') out.push(artworkKey(r.aggregateId));
  }
  return out;
}

/** Queues whose job runs are not phases people follow (the notify queue would also loop). */
const QUIET_QUEUES = new Set<string>([JobName.Notify]);

interface FileMemory {
  path: string;
  size: number;
  modifiedAt: string;
  missing: boolean;
}

/** The lifecycle events one outbox row stands for (often none: progress, projections' bookkeeping). */
export function lifecycleEventsOf(r: OutboxRecord, memory: StreamMemory): LifecycleEvent[] {
  const base = { occurredAt: r.occurredAt, libraryId: null, titleId: null, fileId: null, path: null };
  const make = (type: LifecycleEventType, extra: Partial<LifecycleEvent> & { data: Record<string, unknown> }, n = 0): LifecycleEvent => ({ ...base, id: n ? `${r.id}.${n}` : r.id, type, ...extra });
  switch (r.type) {
    case 'TitleCreated':
    case 'TitleUpdated':
    case 'TitleRestored': {
      const t = r.payload;
      const summary = { name: t.name, kind: t.kind, year: t.year };
      const selected = JSON.stringify(t.artwork.filter((a) => a.selected).map((a) => [a.kind, a.seasonNumber, a.url]).sort());
      const before = memory.get(artworkKey(t.id));
      memory.set(artworkKey(t.id), selected);
      const out = [make(r.type === 'TitleUpdated' ? 'title.updated' : 'title.added', { titleId: t.id, data: summary })];
      if (r.type === 'TitleUpdated' && before !== undefined && before !== selected) out.push(make('artwork.changed', { titleId: t.id, data: { ...summary, selected: JSON.parse(selected) } }, 1));
      return out;
    }
    case 'TitleDeleted':
      return [make('title.deleted', { titleId: r.payload.id, data: { name: r.payload.name, kind: r.payload.kind, year: r.payload.year, recycled: true } })];
    case 'TitlePurged':
      return [make('title.deleted', { titleId: r.payload.id, data: { recycled: false } })];
    case 'MediaFileChanged': {
      const f = r.payload;
      const raw = memory.get(fileKey(f.id));
      const before = raw ? (JSON.parse(raw) as FileMemory) : null;
      const now: FileMemory = { path: f.path, size: f.size, modifiedAt: f.modifiedAt, missing: f.missingSince !== null };
      memory.set(fileKey(f.id), JSON.stringify(now));
      const at = { libraryId: f.libraryId, titleId: f.match?.titleId ?? null, fileId: f.id, path: f.path };
      const info = { class: f.class, size: f.size };
      if (now.missing) return before?.missing ? [] : [make('file.missing', { ...at, data: info })];
      if (!before) {
        const hint = upgradeHintKey(f.libraryId, f.path);
        const upgrade = memory.get(hint) === 'upgrade';
        if (upgrade) memory.set(hint, 'used');
        return [make(upgrade ? 'file.upgraded' : 'file.imported', { ...at, data: info })];
      }
      if (before.path !== f.path) return [make('file.renamed', { ...at, data: { ...info, previousPath: before.path } })];
      if (before.missing) return [make('file.imported', { ...at, data: { ...info, restored: true } })];
      if (before.size !== f.size || before.modifiedAt !== f.modifiedAt) return [make('file.upgraded', { ...at, data: info })];
      return [];
    }
    case 'JobRunChanged': {
      const j = r.payload;
      if (QUIET_QUEUES.has(j.queue)) return [];
      const at = { libraryId: j.libraryId, titleId: j.titleId };
      const data = { jobId: j.id, queue: j.queue, target: j.target, attempt: j.attempt };
      if (j.state === 'ACTIVE' && j.message === 'Started') return [make('phase.started', { ...at, data })];
      if (j.state === 'FAILED') return [make('phase.failed', { ...at, data: { ...data, error: j.error } })];
      if (j.state === 'COMPLETED') {
        const out = [make('phase.finished', { ...at, data: { ...data, output: j.output } })];
        if (j.queue === JobName.ScanLibrary) out.push(make('scan.finished', { ...at, path: j.target, data: { jobId: j.id, summary: j.output } }, 1));
        return out;
      }
      return [];
    }
    case 'LifecycleRaised': {
      const f = r.payload;
      if (!(LIFECYCLE_TYPES as ReadonlySet<string>).has(f.type)) return [];
      return [make(f.type as LifecycleEventType, { libraryId: f.libraryId ?? null, titleId: f.titleId ?? null, fileId: f.fileId ?? null, path: f.path ?? null, data: f.data })];
    }
    default:
      return [];
  }
}

const LIFECYCLE_TYPES: ReadonlySet<string> = new Set(LIFECYCLE_EVENT_TYPES);

/** Whether a target's filter takes an event type (an empty filter takes all). */
export const wants = (filter: readonly string[], type: string) => filter.length === 0 || filter.includes(type);
