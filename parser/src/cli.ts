#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { Checkpoint } from './checkpoint.js';
import { ApiError, MarqueeClient } from './client.js';
import type { ImportSource } from './generated/graphql.js';
import { HttpClient, HttpError } from './http.js';
import { runExport } from './export.js';
import { runImport } from './import.js';
import { createReporter, logLine, type LogMode } from './report.js';
import { AnimeOfflineDatabaseSource } from './sources/anime-offline-database.source.js';
import { MarqueeSource } from './sources/marquee.source.js';
import { SourceFileError, type Source } from './sources/source.js';
import { TmdbSource, type TmdbKind } from './sources/tmdb.source.js';

/** Exit codes: 0 all landed, 3 some items failed (each reported), 2 unreadable source, 4 token refused, 130 interrupted. */
const EXIT = { failedItems: 3, badSource: 2, refused: 4, interrupted: 130, other: 1 } as const;
const SOURCES = ['marquee', 'anime-offline-database', 'tmdb'] as const;
type SourceName = (typeof SOURCES)[number];

const intFrom = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
  return n;
};

/** A secret from a file, else an environment variable; never from an argument (`ps` shows those). */
async function secret(file: string | undefined, env: string, what: string, fallbackFile?: string): Promise<string> {
  if (file) return (await readFile(file, 'utf8')).trim();
  if (process.env[env]) return process.env[env]!;
  if (fallbackFile) {
    try {
      return (await readFile(fallbackFile, 'utf8')).trim();
    } catch {
      // fall through to the message
    }
  }
  throw new ApiError(`no ${what}: set ${env}${fallbackFile ? `, pass the file option, or run next to the server's data directory (${fallbackFile})` : ' or pass the file option'}`, 'UNAUTHENTICATED');
}

const serviceToken = (opts: { tokenFile?: string }) =>
  secret(opts.tokenFile, 'MARQUEE_SERVICE_TOKEN', 'service token', path.resolve(process.env.MARQUEE_DATA_DIR ?? 'data', 'service-token'));

const defaultCheckpointDir = () => path.join(process.env.XDG_STATE_HOME ?? path.join(homedir(), '.local', 'state'), 'marquee-parser');

interface ApiOptions {
  url: string;
  tokenFile?: string;
}

interface ImportCommandOptions extends ApiOptions {
  source: SourceName;
  batchSize: number;
  concurrency: number;
  rps?: number;
  retries: number;
  dryRun: boolean;
  resume: boolean;
  checkpointDir: string;
  log: LogMode;
  tmdbKind: TmdbKind;
  tmdbMode: 'full' | 'changes';
  tmdbDays: number;
  tmdbApiUrl: string;
  tmdbFilesUrl: string;
  tmdbTokenFile?: string;
  sourceRps: number;
  sourceConcurrency: number;
}

const apiOptions = (cmd: Command) =>
  cmd
    .option('--url <url>', 'Marquee base URL', process.env.MARQUEE_URL ?? 'http://127.0.0.1:3000')
    .option('--token-file <file>', 'file holding the service token (default: MARQUEE_SERVICE_TOKEN, then <MARQUEE_DATA_DIR>/service-token)');

async function makeSource(location: string | undefined, opts: ImportCommandOptions, retryLog: (info: Record<string, unknown>) => void): Promise<Source> {
  const http = new HttpClient(opts.source === 'tmdb' ? 'TMDB' : 'the source', { retries: opts.retries, requestsPerSecond: opts.sourceRps, concurrency: opts.sourceConcurrency }, (i) => retryLog({ remote: 'source', ...i }));
  if (opts.source === 'tmdb') {
    const token = await secret(opts.tmdbTokenFile, 'TMDB_API_KEY', 'TMDB API read access token');
    return new TmdbSource({ apiUrl: opts.tmdbApiUrl, filesUrl: opts.tmdbFilesUrl, token, kind: opts.tmdbKind, mode: opts.tmdbMode, days: opts.tmdbDays, idsFile: location || null, concurrency: opts.sourceConcurrency }, http);
  }
  if (!location) throw new SourceFileError(`the ${opts.source} source needs a file or URL`);
  return opts.source === 'anime-offline-database' ? new AnimeOfflineDatabaseSource(location, http) : new MarqueeSource(location, http);
}

const program = new Command('marquee-parser').description("Imports outside catalogs into Marquee through the API's internal operations").showHelpAfterError();

apiOptions(
  program
    .command('import')
    .description('Import a catalog: anime-offline-database (JSON or JSONL), TMDB (id exports or /changes, then details), or Marquee canonical JSONL')
    .argument('[location]', 'file or URL (.gz/.zst read as such); for tmdb an optional id export file instead of the latest daily export')
    .addOption(new Option('--source <name>', 'what the location holds').choices(SOURCES).default('marquee'))
    .option('--batch-size <n>', 'items per request', intFrom(1, 1000), 200)
    .option('--concurrency <n>', 'batches in flight at once', intFrom(1, 16), 2)
    .option('--rps <n>', 'requests per second to Marquee at most (default: no limit)', intFrom(1, 10_000))
    .option('--retries <n>', 'retries of a request on network errors, 5xx and 429 (exponential backoff, Retry-After honoured)', intFrom(0, 20), 5)
    .option('--dry-run', 'report what would change without writing anything', false)
    .option('--no-resume', 'ignore a checkpoint of an interrupted run and start over')
    .option('--checkpoint-dir <dir>', 'where interrupted runs keep their place', defaultCheckpointDir())
    .addOption(new Option('--log <mode>', 'progress bar (pretty) or JSON lines (json); auto: a bar on a terminal').choices(['auto', 'json', 'pretty']).default('auto'))
    .addOption(new Option('--tmdb-kind <kind>', 'tmdb: movies or series').choices(['movie', 'tv']).default('movie'))
    .addOption(new Option('--tmdb-mode <mode>', 'tmdb: every id of the daily export, or the ids changed lately').choices(['full', 'changes']).default('changes'))
    .option('--tmdb-days <n>', 'tmdb changes: how many days back (at most 14)', intFrom(1, 14), 1)
    .option('--tmdb-api-url <url>', 'tmdb: API base URL', process.env.TMDB_API_URL ?? 'https://api.themoviedb.org')
    .option('--tmdb-files-url <url>', 'tmdb: base URL of the daily id exports', process.env.TMDB_FILES_URL ?? 'http://files.tmdb.org/p/exports')
    .option('--tmdb-token-file <file>', 'tmdb: file holding the API read access token (default: TMDB_API_KEY)')
    .option('--source-rps <n>', 'requests per second to a remote source at most', intFrom(1, 1000), 40)
    .option('--source-concurrency <n>', 'requests to a remote source in flight at once', intFrom(1, 64), 8),
).action(async (location: string | undefined, opts: ImportCommandOptions) => {
  const reporter = createReporter(opts.log);
  const retryLog = (info: Record<string, unknown>) => logLine('warn', 'retrying', info);
  const source = await makeSource(location, opts, retryLog);
  const client = new MarqueeClient(opts.url, await serviceToken(opts), { retries: opts.retries, requestsPerSecond: opts.rps ?? null, concurrency: opts.concurrency }, (i) => retryLog({ remote: 'marquee', ...i }));
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
  const key = `${opts.source}|${location ?? ''}|${opts.source === 'tmdb' ? `${opts.tmdbKind}|${opts.tmdbMode}|${opts.tmdbApiUrl}` : ''}|${opts.url}`;
  try {
    const summary = await runImport(client, source, {
      batchSize: opts.batchSize,
      concurrency: opts.concurrency,
      dryRun: opts.dryRun,
      resume: opts.resume,
      checkpoint: new Checkpoint(opts.checkpointDir, key),
      reporter,
      signal: stop.signal,
    });
    reporter.stop();
    process.stdout.write(JSON.stringify(summary) + '\n');
    if (summary.interrupted) process.exitCode = EXIT.interrupted;
    else if (summary.failed > 0) process.exitCode = EXIT.failedItems;
  } finally {
    reporter.stop();
  }
});

apiOptions(
  program
    .command('export')
    .description("Export the catalog as Marquee canonical JSONL (one title per line, what import --source marquee reads)")
    .argument('[file]', 'where to write (.gz compresses); - for stdout', '-')
    .option('--page-size <n>', 'titles per request', intFrom(1, 200), 200)
    .option('--retries <n>', 'retries of a request on network errors, 5xx and 429', intFrom(0, 20), 5),
).action(async (file: string, opts: ApiOptions & { pageSize: number; retries: number }) => {
  const client = new MarqueeClient(opts.url, await serviceToken(opts), { retries: opts.retries, requestsPerSecond: null, concurrency: 1 }, (i) => logLine('warn', 'retrying', { remote: 'marquee', ...i }));
  const summary = await runExport(client, file, { pageSize: opts.pageSize, onPage: file === '-' ? undefined : (done, total) => logLine('info', 'exported', { done, total }) });
  (file === '-' ? process.stderr : process.stdout).write(JSON.stringify(summary) + '\n');
});

const schedule = program.command('schedule').description('Scheduled imports the Marquee worker runs (queue parser-import); each run is a job run');
apiOptions(
  schedule
    .command('add')
    .description('Create or replace a schedule')
    .argument('<name>', 'lower-case name')
    .argument('[location]', 'file or URL as the worker sees it (tmdb: optional id export)')
    .requiredOption('--cron <expr>', 'cron expression, e.g. "0 4 * * *"')
    .option('--timezone <tz>', 'IANA time zone of the cron expression', 'UTC')
    .addOption(new Option('--source <name>', 'what the location holds').choices(SOURCES).default('marquee'))
    .option('--batch-size <n>', 'items per request', intFrom(1, 1000))
    .option('--concurrency <n>', 'batches in flight at once', intFrom(1, 16))
    .option('--rps <n>', 'requests per second to Marquee at most', intFrom(1, 1000)),
).action(async (name: string, location: string | undefined, opts: ApiOptions & { cron: string; timezone: string; source: SourceName; batchSize?: number; concurrency?: number; rps?: number }) => {
  const client = new MarqueeClient(opts.url, await serviceToken(opts));
  const saved = await client.schedule({
    name,
    cron: opts.cron,
    timezone: opts.timezone,
    source: sourceEnum(opts.source),
    location: location ?? '',
    batchSize: opts.batchSize ?? null,
    concurrency: opts.concurrency ?? null,
    requestsPerSecond: opts.rps ?? null,
  });
  process.stdout.write(JSON.stringify(saved) + '\n');
});
apiOptions(schedule.command('remove').description('Remove a schedule').argument('<name>')).action(async (name: string, opts: ApiOptions) => {
  const removed = await new MarqueeClient(opts.url, await serviceToken(opts)).unschedule(name);
  process.stdout.write(JSON.stringify({ name, removed }) + '\n');
  if (!removed) process.exitCode = EXIT.other;
});
apiOptions(schedule.command('list').description('List the schedules')).action(async (opts: ApiOptions) => {
  for (const s of await new MarqueeClient(opts.url, await serviceToken(opts)).schedules()) process.stdout.write(JSON.stringify(s) + '\n');
});
apiOptions(schedule.command('run').description("Run a schedule now; prints the job run's id").argument('<name>')).action(async (name: string, opts: ApiOptions) => {
  const id = await new MarqueeClient(opts.url, await serviceToken(opts)).runNow(name);
  process.stdout.write(JSON.stringify({ name, jobRunId: id }) + '\n');
});

apiOptions(program.command('status').description('The schedules and the latest scheduled runs (state, progress, summary)'))
  .option('--runs <n>', 'how many runs to show', intFrom(1, 100), 10)
  .action(async (opts: ApiOptions & { runs: number }) => {
    const client = new MarqueeClient(opts.url, await serviceToken(opts));
    const [schedules, runs] = await Promise.all([client.schedules(), client.runs(opts.runs)]);
    process.stdout.write(JSON.stringify({ schedules, runs }, null, 2) + '\n');
  });

function sourceEnum(name: SourceName): ImportSource {
  return name === 'anime-offline-database' ? 'ANIME_OFFLINE_DATABASE' : name === 'tmdb' ? 'TMDB' : 'MARQUEE';
}

program.parseAsync().catch((err: unknown) => {
  if (err instanceof ApiError) {
    logLine('error', err.message, { code: err.code });
    process.exit(err.code === 'UNAUTHENTICATED' || err.code === 'FORBIDDEN' ? EXIT.refused : EXIT.other);
  }
  if (err instanceof SourceFileError) {
    logLine('error', err.message, { code: 'BAD_SOURCE' });
    process.exit(EXIT.badSource);
  }
  if (err instanceof HttpError) {
    logLine('error', err.message, { code: err.status === 401 || err.status === 403 ? 'SOURCE_REFUSED' : 'SOURCE_UNREACHABLE' });
    process.exit(err.status === 401 || err.status === 403 ? EXIT.refused : EXIT.other);
  }
  logLine('error', err instanceof Error ? err.message : String(err));
  process.exit(EXIT.other);
});
