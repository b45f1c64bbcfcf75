import { SingleBar } from 'cli-progress';
import type { Counts, ItemFailure, Reporter } from './import.js';

export type LogMode = 'auto' | 'json' | 'pretty';

/** JSON log lines on stderr: what the worker reads for a scheduled run's progress. */
export function logLine(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  process.stderr.write(JSON.stringify({ level, time: new Date().toISOString(), service: 'marquee-parser', msg, ...fields }) + '\n');
}

/** Progress at most this often as JSON lines. */
const JSON_PROGRESS_MS = 500;

/**
 * A progress bar on a terminal; JSON lines otherwise (or with --log json). Failures are always
 * JSON lines on stderr, so they can be collected from either.
 */
export function createReporter(mode: LogMode): Reporter & { stop(): void } {
  const pretty = mode === 'pretty' || (mode === 'auto' && Boolean(process.stderr.isTTY));
  if (pretty) {
    const bar = new SingleBar({
      format: '{bar} {percentage}% | {value}/{total} | created {created} updated {updated} unchanged {unchanged} failed {failed}',
      stream: process.stderr,
      hideCursor: true,
    });
    let started = false;
    return {
      progress(done, total, counts: Counts) {
        if (!started) {
          bar.start(total ?? done, done, counts);
          started = true;
        }
        if (total !== null) bar.setTotal(total);
        else if (done > bar.getTotal()) bar.setTotal(done);
        bar.update(done, counts);
      },
      failed(f: ItemFailure) {
        if (started) bar.stop();
        logLine('warn', 'item failed', { ...f });
        started = false;
      },
      info(msg, fields) {
        logLine('info', msg, fields);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    progress(done, total, counts) {
      if (Date.now() - last < JSON_PROGRESS_MS && done !== total) return;
      last = Date.now();
      logLine('info', 'progress', { done, total, ...counts });
    },
    failed(f) {
      logLine('warn', 'item failed', { ...f });
    },
    info(msg, fields) {
      logLine('info', msg, fields);
    },
    stop() {},
  };
}
