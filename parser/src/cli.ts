#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { ApiError, MarqueeClient } from './client.js';
import { importItems } from './import.js';
import { readMarqueeJson, SourceFileError } from './sources/marquee-json.source.js';

function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  process.stderr.write(JSON.stringify({ level, time: new Date().toISOString(), service: 'marquee-parser', msg, ...fields }) + '\n');
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('expected an integer from 1 to 1000');
  return n;
}

/** The token from --token-file, MARQUEE_SERVICE_TOKEN, or the server's data directory. */
async function serviceToken(opts: { tokenFile?: string }): Promise<string> {
  if (opts.tokenFile) return (await readFile(opts.tokenFile, 'utf8')).trim();
  if (process.env.MARQUEE_SERVICE_TOKEN) return process.env.MARQUEE_SERVICE_TOKEN;
  const file = path.resolve(process.env.MARQUEE_DATA_DIR ?? 'data', 'service-token');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new ApiError(`no service token: set MARQUEE_SERVICE_TOKEN, pass --token-file, or run next to the server's data directory (${file})`, 'UNAUTHENTICATED');
  }
}

const program = new Command('marquee-parser').description("Imports outside catalogs into Marquee through the API's internal mutations").showHelpAfterError();

program
  .command('import')
  .description('Import a file of titles (Marquee canonical JSON: an array of { provider, externalId, kind, name, year })')
  .argument('<file>', 'path of the JSON file')
  .option('--url <url>', 'Marquee base URL', process.env.MARQUEE_URL ?? 'http://127.0.0.1:3000')
  .option('--token-file <file>', 'file holding the service token (default: MARQUEE_SERVICE_TOKEN, then <MARQUEE_DATA_DIR>/service-token)')
  .option('--batch-size <n>', 'items per request', positiveInt, 200)
  .action(async (file: string, opts: { url: string; tokenFile?: string; batchSize: number }) => {
    const source = await readMarqueeJson(file);
    for (const r of source.rejected) log('warn', 'skipped an invalid item', { index: r.index, reason: r.message });
    const client = new MarqueeClient(opts.url, await serviceToken(opts));
    const summary = await importItems(client, source.items, {
      batchSize: opts.batchSize,
      onBatch: (done, total) => log('info', 'progress', { done, total }),
    });
    for (const f of summary.failures) log('warn', 'item failed', f);
    const failed = summary.failed + source.rejected.length;
    const result = { created: summary.created, updated: summary.updated, unchanged: summary.unchanged, failed };
    process.stdout.write(JSON.stringify(result) + '\n');
    if (failed > 0) process.exitCode = 3;
  });

program.parseAsync().catch((err: unknown) => {
  if (err instanceof ApiError) {
    log('error', err.message, { code: err.code });
    process.exit(err.code === 'UNAUTHENTICATED' || err.code === 'FORBIDDEN' ? 4 : 1);
  }
  if (err instanceof SourceFileError) {
    log('error', err.message);
    process.exit(2);
  }
  log('error', err instanceof Error ? err.message : String(err));
  process.exit(1);
});
