import { JobName, type JobPayloads } from './job-names.js';

/**
 * The singleton keys of the keyed queues, one builder each, so every sender of a queue agrees on
 * its key (they once differed: `publish:<title>:<library>` from enrichment, `publish:<library>:<title>`
 * from publishTitle).
 */
export const jobKeys = {
  enrich: (titleId: string) => `enrich:${titleId}`,
  publish: (libraryId: string, titleId: string) => `publish:${libraryId}:${titleId}`,
  verify: (libraryId: string | null, mode: 'verify' | 'missing-artwork') => `${mode === 'missing-artwork' ? 'artwork' : 'verify'}:${libraryId ?? 'all'}`,
  parserImport: (schedule: string) => `parser-import:${schedule}`,
  readModels: () => 'read-models',
};

const union = (a: readonly string[] | undefined, b: readonly string[] | undefined): string[] | undefined => (a || b ? [...new Set([...(a ?? []), ...(b ?? [])])] : undefined);

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

type Enrich = JobPayloads[JobName.EnrichMetadata];
type Publish = JobPayloads[JobName.PublishAssets];
type Verify = JobPayloads[JobName.VerifyCache];

/**
 * Enrichment asked again while one is queued: one job that does what both asked. A refresh wins;
 * the scan changes handed down the chain are kept per library (`changed` belongs to `libraryId`,
 * other libraries' go to `changedIn`), so no player refresh is lost.
 */
export function mergeEnrich(queued: Enrich, next: Enrich): Enrich {
  const libraryId = queued.libraryId ?? next.libraryId ?? null;
  let changed: string[] | undefined;
  const changedIn: Record<string, string[]> = {};
  const add = (lib: string | null | undefined, paths: readonly string[] | undefined) => {
    if (!lib || !paths) return;
    if (lib === libraryId) changed = union(changed, paths);
    else changedIn[lib] = union(changedIn[lib], paths)!;
  };
  for (const job of [queued, next]) {
    add(job.libraryId, job.changed);
    for (const [lib, paths] of Object.entries(job.changedIn ?? {})) add(lib, paths);
  }
  return withoutUndefined({
    titleId: queued.titleId,
    libraryId,
    refresh: queued.refresh || next.refresh ? true : undefined,
    changed,
    changedIn: Object.keys(changedIn).length ? changedIn : undefined,
  });
}

export function mergePublish(queued: Publish, next: Publish): Publish {
  return withoutUndefined({ libraryId: queued.libraryId, titleId: queued.titleId, changed: union(queued.changed, next.changed) });
}

export function mergeVerify(queued: Verify, next: Verify): Verify {
  return withoutUndefined({ libraryId: queued.libraryId ?? null, mode: queued.mode, restoreEdited: queued.restoreEdited || next.restoreEdited ? true : undefined });
}

/** The key of a job of `queue` from its payload: what a queued job sent before keys were required gets. */
export function keyOf(queue: JobName, data: Record<string, unknown>): string | null {
  const text = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : null);
  switch (queue) {
    case JobName.EnrichMetadata:
      return text('titleId') ? jobKeys.enrich(text('titleId')!) : null;
    case JobName.PublishAssets:
      return text('libraryId') && text('titleId') ? jobKeys.publish(text('libraryId')!, text('titleId')!) : null;
    case JobName.VerifyCache:
      return jobKeys.verify(text('libraryId'), data.mode === 'missing-artwork' ? 'missing-artwork' : 'verify');
    case JobName.ParserImport:
      return text('schedule') ? jobKeys.parserImport(text('schedule')!) : null;
    case JobName.ReadModels:
      return jobKeys.readModels();
    default:
      return null;
  }
}
