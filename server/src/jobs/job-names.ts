/** Every pg-boss queue Marquee runs, one name each. */
export enum JobName {
  ScanLibrary = 'scan-library',
}

export interface JobPayloads {
  [JobName.ScanLibrary]: { path: string };
}

export const JOB_STATES = ['CREATED', 'ACTIVE', 'RETRY', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const TERMINAL_JOB_STATES: readonly JobState[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

/** What subscribers see; plain JSON because it crosses Redis. */
export interface JobProgress {
  jobId: string;
  queue: string;
  state: JobState;
  done: number;
  total: number;
  message: string | null;
}
