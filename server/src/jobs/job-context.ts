import type { MikroORM } from '@mikro-orm/postgresql';
import type { PgBoss } from 'pg-boss';
import type { CatalogCommands } from '../commands/catalog.commands.js';
import type { Config } from '../infra/config.js';
import type { Logger } from '../infra/logger.js';

export interface ProgressUpdate {
  done: number;
  total: number;
  message?: string | null;
}

/** What phase handlers may use: the write side and the queue. */
export interface WorkerServices {
  orm: MikroORM;
  boss: PgBoss;
  config: Config;
  catalog: CatalogCommands;
}

export interface FollowUp {
  libraryId: string;
  titleId?: string | null;
  data: Record<string, unknown>;
  /** Deduplicates follow-ups (e.g. `enrich:<titleId>`). */
  singletonKey: string;
}

export interface JobContext {
  jobId: string;
  logger: Logger;
  /** Aborted when the job is cancelled, its claim is lost, or the worker shuts down. */
  signal: AbortSignal;
  services: WorkerServices;
  /** Throttled; `force` publishes at once (state-like steps). */
  progress(update: ProgressUpdate, force?: boolean): Promise<void>;
  /** Queues the next phase for these items, where the library enables it (see pipeline.ts). */
  followUp(items: readonly FollowUp[]): Promise<number>;
}

export type JobHandler<D> = (data: D, ctx: JobContext) => Promise<Record<string, unknown>>;
