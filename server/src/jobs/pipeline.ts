import type { OptionalPhase } from '@marquee/read-models';
import { mergeEnrich, mergePublish, mergeVerify } from './job-keys.js';
import { JobName } from './job-names.js';

/**
 * The phase graph as data: how each queue is configured, which phase follows it, and which
 * library switch turns it off. Nothing else decides what runs after what.
 */
export interface PhaseDefinition {
  queue: JobName;
  /** The library setting that enables the phase; null for phases that always run. */
  phase: OptionalPhase | null;
  next: JobName | null;
  retryLimit: number;
  retryDelaySeconds: number;
  /** Seconds a job may run before pg-boss expires it. */
  expireInSeconds: number;
  /** A dead worker's job is failed (and retried) this long after its last heartbeat. */
  heartbeatSeconds: number;
  /** Jobs of this phase one worker process runs at once. */
  concurrency: number;
  /**
   * pg-boss queue policy, enforced per singleton key (every send on such a queue carries one, see
   * job-keys.ts): `stately` keeps at most one job queued and one running per key, `exclusive` one
   * queued or running. Without one (`standard`) pg-boss ignores singleton keys. Changing it on an
   * existing install migrates the queue at start-up (infra/boss.ts).
   */
  policy?: QueuePolicy;
  /**
   * Stately queues: the one job a job sent again while one with its key is queued becomes (the
   * queued job's payload is replaced by it; see send-keyed.ts). Required for them.
   */
  merge?: (queued: never, next: never) => Record<string, unknown>;
}

export type QueuePolicy = 'stately' | 'exclusive';

const HOUR = 3600;

export const pipeline: readonly PhaseDefinition[] = [
  { queue: JobName.ScanLibrary, phase: null, next: JobName.EnrichMetadata, retryLimit: 3, retryDelaySeconds: 5, expireInSeconds: 6 * HOUR, heartbeatSeconds: 10, concurrency: 2 },
  { queue: JobName.EnrichMetadata, phase: 'enrich', next: JobName.PublishAssets, retryLimit: 5, retryDelaySeconds: 30, expireInSeconds: HOUR, heartbeatSeconds: 30, concurrency: 4, policy: 'stately', merge: mergeEnrich },
  { queue: JobName.PublishAssets, phase: 'publish', next: JobName.SyncPlayers, retryLimit: 5, retryDelaySeconds: 30, expireInSeconds: HOUR, heartbeatSeconds: 30, concurrency: 2, policy: 'stately', merge: mergePublish },
  { queue: JobName.SyncPlayers, phase: 'sync-players', next: JobName.Notify, retryLimit: 8, retryDelaySeconds: 15, expireInSeconds: HOUR, heartbeatSeconds: 30, concurrency: 2 },
  { queue: JobName.VerifyCache, phase: 'verify', next: null, retryLimit: 2, retryDelaySeconds: 60, expireInSeconds: 6 * HOUR, heartbeatSeconds: 30, concurrency: 1, policy: 'stately', merge: mergeVerify },
  { queue: JobName.Notify, phase: 'notify', next: null, retryLimit: 8, retryDelaySeconds: 10, expireInSeconds: HOUR, heartbeatSeconds: 30, concurrency: 4 },
  { queue: JobName.ParserImport, phase: null, next: null, retryLimit: 2, retryDelaySeconds: 300, expireInSeconds: 12 * HOUR, heartbeatSeconds: 60, concurrency: 1, policy: 'exclusive' },
  { queue: JobName.PurgeRecycleBin, phase: null, next: null, retryLimit: 2, retryDelaySeconds: 60, expireInSeconds: 2 * HOUR, heartbeatSeconds: 30, concurrency: 1 },
  { queue: JobName.ReadModels, phase: null, next: null, retryLimit: 0, retryDelaySeconds: 60, expireInSeconds: 2 * HOUR, heartbeatSeconds: 30, concurrency: 1, policy: 'exclusive' },
];

export const phaseOf = (queue: string): PhaseDefinition | undefined => pipeline.find((p) => p.queue === queue);

export function deadLetterQueue(queue: JobName): string {
  return `${queue}.dead`;
}

/** When the purge phase runs (cron, server time). */
export const PURGE_SCHEDULE = '17 3 * * *';

/**
 * Which queue gets the follow-up of a finished job for a library: the next phase, skipping none —
 * a disabled phase or one without a worker stops the chain there (later phases need its output).
 */
export function nextQueue(queue: JobName, libraryPhases: readonly OptionalPhase[], available: ReadonlySet<JobName>): JobName | null {
  const next = phaseOf(queue)?.next;
  if (!next) return null;
  const def = phaseOf(next)!;
  if (def.phase && !libraryPhases.includes(def.phase)) return null;
  return available.has(next) ? next : null;
}
