import type { MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { PgBoss } from 'pg-boss';
import type { CatalogCommands } from '../commands/catalog.commands.js';
import type { EnrichCommands } from '../commands/enrich.commands.js';
import type { Providers } from '../integrations/providers/providers.js';
import type { Config } from '../infra/config.js';
import type { Logger } from '../infra/logger.js';
import type { JobName } from './job-names.js';

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
  /** Metadata providers behind their proxies (enrichment). */
  providers: Providers;
  enrich: EnrichCommands;
  /** For read-model maintenance (rebuild, verify), which reads the outbox and writes Redis. */
  pool: Pool;
  redis: Redis;
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
  /** The queues that have a worker (where a phase chain can go). */
  queues?: ReadonlySet<JobName>;
}

export type JobHandler<D> = (data: D, ctx: JobContext) => Promise<Record<string, unknown>>;
