import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { LibraryError, LibraryErrorCode } from '../domain/library/library.errors.js';
import { IMPORT_SOURCES, JobName, type ParserImportPayload } from '../jobs/job-names.js';
import { jobKeys } from '../jobs/job-keys.js';
import type { JobRuns } from '../jobs/job-runs.js';
import { sendRecorded } from '../jobs/send-recorded.js';
import { parse } from './command-support.js';
import { cron } from './library.commands.js';

const whole = (min: number, max: number) => z.number().int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).nullish();

const scheduleSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case name (letters, digits, - and _)'),
  cron,
  timezone: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Berlin')
    .nullish(),
  source: z.enum(IMPORT_SOURCES, { error: `must be one of ${IMPORT_SOURCES.join(', ')}` }),
  location: z.string().max(2_000, 'must be at most 2000 characters'),
  batchSize: whole(1, 1_000),
  concurrency: whole(1, 16),
  requestsPerSecond: whole(1, 1_000),
});

export type ImportScheduleCommand = z.input<typeof scheduleSchema>;

export interface ImportSchedule extends ParserImportPayload {
  cron: string;
  timezone: string;
}

/**
 * Scheduled catalog imports: pg-boss keeps the cron schedules (key = schedule name) and the worker
 * runs the parser for each (queue parser-import); every run is a job run like any phase.
 */
export class ImportCommands {
  constructor(
    private readonly boss: PgBoss,
    private readonly runs: JobRuns,
  ) {}

  /** Creates or replaces the schedule with this name. */
  async schedule(input: ImportScheduleCommand | Record<string, unknown>): Promise<ImportSchedule> {
    const { cron: expression, timezone, ...rest } = parse(scheduleSchema, input);
    if (rest.source !== 'tmdb' && !rest.location.trim()) throw new LibraryError(LibraryErrorCode.InvalidInput, 'location must name a file or URL', 'location');
    const data: ParserImportPayload = { schedule: rest.name, source: rest.source, location: rest.location.trim(), batchSize: rest.batchSize ?? null, concurrency: rest.concurrency ?? null, requestsPerSecond: rest.requestsPerSecond ?? null };
    await this.boss.schedule(JobName.ParserImport, expression, data, { key: rest.name, tz: timezone ?? 'UTC', singletonKey: jobKeys.parserImport(rest.name) });
    return { ...data, cron: expression, timezone: timezone ?? 'UTC' };
  }

  async unschedule(name: string): Promise<boolean> {
    const existing = await this.boss.getSchedules(JobName.ParserImport, name);
    if (existing.length === 0) return false;
    await this.boss.unschedule(JobName.ParserImport, name);
    return true;
  }

  async list(): Promise<ImportSchedule[]> {
    const schedules = await this.boss.getSchedules(JobName.ParserImport);
    return schedules
      .map((s) => ({ ...(s.data as ParserImportPayload), cron: s.cron, timezone: s.timezone }))
      .sort((a, b) => (a.schedule < b.schedule ? -1 : 1));
  }

  /** Runs a schedule now, outside its cron; returns the job run's id. */
  async runNow(name: string): Promise<{ id: string }> {
    const [schedule] = await this.boss.getSchedules(JobName.ParserImport, name);
    if (!schedule) throw new LibraryError(LibraryErrorCode.InvalidInput, `no import schedule is named ${name}`, 'name');
    const data = schedule.data as ParserImportPayload;
    return sendRecorded(this.boss, this.runs, JobName.ParserImport, { ...data }, { singletonKey: jobKeys.parserImport(name), target: data.location, busy: `An import of ${name}`, field: 'name' });
  }
}
