import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { resolveServiceToken } from '../../infra/service-token.js';
import type { JobHandler } from '../job-context.js';
import type { JobName, JobPayloads } from '../job-names.js';

export const DEFAULT_PARSER_CLI = fileURLToPath(new URL('../../../../parser/dist/cli.js', import.meta.url));

/** The parser's exit codes that still mean "the run finished" (3: some items failed, each reported). */
const FINISHED = new Set([0, 3]);

/**
 * A scheduled catalog import. The parser stays a separate program that only talks to the API with
 * the service token, so the worker runs its CLI rather than importing it: its JSON log lines become
 * the job's progress, its summary the job's output. The token reaches it through the environment,
 * never its arguments (which `ps` shows). Cancelling the job stops the parser; its checkpoint lets
 * the retry continue where it stopped.
 */
export const parserImport: JobHandler<JobPayloads[JobName.ParserImport]> = async (data, ctx) => {
  const { config } = ctx.services;
  const apiUrl = config.apiUrl ?? `http://127.0.0.1:${config.port}`;
  const args = [config.parserCli ?? DEFAULT_PARSER_CLI, 'import', data.location, '--source', data.source, '--url', apiUrl, '--log', 'json', '--checkpoint-dir', `${config.dataDir}/parser`];
  if (data.batchSize) args.push('--batch-size', String(data.batchSize));
  if (data.concurrency) args.push('--concurrency', String(data.concurrency));
  if (data.requestsPerSecond) args.push('--rps', String(data.requestsPerSecond));
  await ctx.progress({ done: 0, total: 0, message: `Importing ${data.source} (${data.schedule})` }, true);

  const child = spawn(process.execPath, args, {
    env: { ...process.env, MARQUEE_SERVICE_TOKEN: await resolveServiceToken(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: ctx.signal,
  });
  let summary: Record<string, unknown> | null = null;
  let lastError: string | null = null;
  const pending: Array<Promise<void>> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const parsed = parseLine(line);
    if (parsed && 'created' in parsed) summary = parsed;
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    const entry = parseLine(line);
    if (!entry) return;
    if (entry.msg === 'progress' && typeof entry.done === 'number') {
      const total = typeof entry.total === 'number' ? entry.total : entry.done;
      pending.push(ctx.progress({ done: entry.done, total, message: `${entry.done} of ${total} items` }));
    } else if (entry.level === 'error' && typeof entry.msg === 'string') lastError = entry.msg;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (err) => (ctx.signal.aborted ? resolve(null) : reject(err)));
    child.once('close', (c) => resolve(c));
  });
  await Promise.all(pending);
  ctx.signal.throwIfAborted();
  if (code === null || !FINISHED.has(code) || !summary) throw new Error(`the parser stopped (exit ${code ?? 'signal'})${lastError ? `: ${lastError}` : ''}`);
  return { schedule: data.schedule, source: data.source, ...(summary as Record<string, unknown>) };
};

function parseLine(line: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(line) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
