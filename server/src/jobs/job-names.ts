/** Every pg-boss queue Marquee runs, one name each (the phases, then the parser's imports). */
export enum JobName {
  ScanLibrary = 'scan-library',
  EnrichMetadata = 'enrich-metadata',
  PublishAssets = 'publish-assets',
  SyncPlayers = 'sync-players',
  VerifyCache = 'verify-cache',
  Notify = 'notify',
  PurgeRecycleBin = 'purge-recycle-bin',
}

export interface JobPayloads {
  /** A whole library, or one path inside it (relative to the root). */
  [JobName.ScanLibrary]: { libraryId: string; path?: string | null };
  [JobName.EnrichMetadata]: { libraryId: string; titleId: string };
  [JobName.PublishAssets]: { libraryId: string; titleId: string };
  [JobName.SyncPlayers]: { libraryId: string; paths: string[] };
  [JobName.VerifyCache]: { libraryId?: string | null };
  [JobName.Notify]: { event: string; payload: Record<string, unknown> };
  [JobName.PurgeRecycleBin]: Record<string, never>;
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
