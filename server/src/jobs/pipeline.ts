import { JobName } from './job-names.js';

/**
 * The phase graph as data: how each queue is configured and which phase follows it.
 * Later phases (enrich, publish, sync players, verify, notify) join here as they are built.
 */
export interface PhaseDefinition {
  queue: JobName;
  next: JobName | null;
  retryLimit: number;
  retryDelaySeconds: number;
  /** Seconds a job may run before pg-boss expires it. */
  expireInSeconds: number;
}

export const pipeline: readonly PhaseDefinition[] = [
  { queue: JobName.ScanLibrary, next: null, retryLimit: 2, retryDelaySeconds: 5, expireInSeconds: 6 * 60 * 60 },
];

export function deadLetterQueue(queue: JobName): string {
  return `${queue}.dead`;
}
