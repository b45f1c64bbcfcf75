/** Every pg-boss queue Marquee runs, one name each (the phases, then the parser's imports). */
export enum JobName {
  ScanLibrary = 'scan-library',
  EnrichMetadata = 'enrich-metadata',
  PublishAssets = 'publish-assets',
  SyncPlayers = 'sync-players',
  VerifyCache = 'verify-cache',
  Notify = 'notify',
  PurgeRecycleBin = 'purge-recycle-bin',
  ParserImport = 'parser-import',
  ReadModels = 'read-models',
}

export interface JobPayloads {
  /** A whole library, or one path inside it (relative to the root). */
  /** importWatchState: also record the watched state of NFO files as the first user's history. */
  [JobName.ScanLibrary]: { libraryId: string; path?: string | null; importWatchState?: boolean };
  /** From a scan (libraryId), or asked for by a user (`refresh` skips cached provider answers). */
  /** `changed`: paths (relative to the library root) a scan changed; the player refresh after publishing covers them. */
  /** `changedIn`: the same for other libraries, when requests from several were merged into one job (job-keys.ts). */
  [JobName.EnrichMetadata]: { libraryId?: string | null; titleId: string; refresh?: boolean; changed?: string[]; changedIn?: Record<string, string[]> };
  [JobName.PublishAssets]: { libraryId: string; titleId: string; changed?: string[] };
  /** Paths relative to the library root; a player's own debounced job carries its id. */
  [JobName.SyncPlayers]: { libraryId: string; paths: string[]; removed?: boolean; playerId?: string };
  /** `missing-artwork` only fetches and puts back what is missing; `restoreEdited` also undoes hand edits. */
  [JobName.VerifyCache]: { libraryId?: string | null; mode?: 'verify' | 'missing-artwork'; restoreEdited?: boolean };
  /** `deliveryId`: one recorded notification delivery (see events/event-stream.ts). */
  [JobName.Notify]: { event: string; payload: Record<string, unknown>; deliveryId?: string };
  [JobName.PurgeRecycleBin]: Record<string, never>;
  /** A catalog import the parser runs for a schedule (or on demand). */
  [JobName.ParserImport]: ParserImportPayload;
  /** An admin's rebuild or verify of the Redis read models. */
  [JobName.ReadModels]: { action: ReadModelAction };
}

export const READ_MODEL_ACTIONS = ['rebuild', 'verify'] as const;
export type ReadModelAction = (typeof READ_MODEL_ACTIONS)[number];

export const IMPORT_SOURCES = ['anime-offline-database', 'tmdb', 'marquee'] as const;
export type ImportSourceKind = (typeof IMPORT_SOURCES)[number];

export interface ParserImportPayload {
  /** The schedule's name (its pg-boss key). */
  schedule: string;
  source: ImportSourceKind;
  /** A file path or URL (for tmdb: the API base URL, or empty for the default). */
  location: string;
  batchSize?: number | null;
  concurrency?: number | null;
  requestsPerSecond?: number | null;
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
