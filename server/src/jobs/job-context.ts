import type { Logger } from '../infra/logger.js';

export interface ProgressUpdate {
  done: number;
  total: number;
  message?: string | null;
}

export interface JobContext {
  jobId: string;
  logger: Logger;
  signal: AbortSignal;
  /** Throttled; `force` publishes at once (state-like steps). */
  progress(update: ProgressUpdate, force?: boolean): Promise<void>;
}

export type JobHandler<D> = (data: D, ctx: JobContext) => Promise<Record<string, unknown>>;
