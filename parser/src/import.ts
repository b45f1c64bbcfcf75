import { ApiError, type ImportItem, type ImportItemResult, type MarqueeClient } from './client.js';
import type { Checkpoint } from './checkpoint.js';
import type { Source, SourceEntry } from './sources/source.js';

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface Summary extends Counts {
  source: string;
  /** Records read from the source in this run and before it (when resumed). */
  total: number;
  /** Where this run started (a resumed run skips what was answered before). */
  resumedFrom: number;
  dryRun: boolean;
  /** True when the run was stopped (signal) before the end; the checkpoint holds its place. */
  interrupted: boolean;
}

export interface ItemFailure {
  where: string;
  provider?: string;
  externalId?: string;
  code: string;
  field?: string | null;
  message: string;
}

export interface Reporter {
  progress(done: number, total: number | null, counts: Counts): void;
  failed(failure: ItemFailure): void;
  info(msg: string, fields?: Record<string, unknown>): void;
}

export interface ImportOptions {
  batchSize: number;
  /** Batches in flight at once. */
  concurrency: number;
  dryRun: boolean;
  checkpoint: Checkpoint | null;
  /** Continue from the checkpoint when it belongs to the same data. */
  resume: boolean;
  reporter: Reporter;
  /** Stops reading new records; batches in flight finish and the checkpoint is kept. */
  signal?: AbortSignal;
}

const zero = (): Counts => ({ created: 0, updated: 0, unchanged: 0, failed: 0 });
const add = (a: Counts, b: Counts): Counts => ({ created: a.created + b.created, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged, failed: a.failed + b.failed });

/** Codes with which the API refuses a batch as a whole because of what one item holds. */
const ITEM_SHAPED = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'HTTP_400', 'HTTP_413']);

interface Batch {
  start: number;
  end: number;
  entries: SourceEntry[];
}

/**
 * Reads a source and sends it to Marquee in batches, several in flight. Every item gets an
 * outcome; a bad record or item is reported and counted as failed, never stops the run. The
 * checkpoint advances past a batch only when it and every batch before it have been answered, so
 * a run killed at any moment resumes without losing or doubling anything (the API is idempotent
 * for whatever is sent twice). A refused token or an API that stays unreachable stops the run.
 */
export async function runImport(client: MarqueeClient, source: Source, opts: ImportOptions): Promise<Summary> {
  const fingerprint = await source.fingerprint();
  const saved = opts.resume && !opts.dryRun && opts.checkpoint ? await opts.checkpoint.load(fingerprint) : null;
  const resumedFrom = saved?.next ?? 0;
  if (saved) opts.reporter.info('resuming from the checkpoint', { position: resumedFrom, file: opts.checkpoint!.file });

  let committed = saved?.counts ?? zero();
  let next = resumedFrom;
  const finished = new Map<number, { end: number; counts: Counts }>();
  let live = zero();
  let done = resumedFrom;
  let saving = Promise.resolve();
  const inFlight = new Set<Promise<void>>();
  let fatal: unknown = null;

  const complete = (batch: Batch, counts: Counts) => {
    finished.set(batch.start, { end: batch.end, counts });
    live = add(live, counts);
    done += batch.end - batch.start;
    while (finished.has(next)) {
      const f = finished.get(next)!;
      finished.delete(next);
      committed = add(committed, f.counts);
      next = f.end;
    }
    if (opts.checkpoint && !opts.dryRun) {
      const state = { source: source.description, fingerprint, next, counts: committed, updatedAt: new Date().toISOString() };
      saving = saving.then(() => opts.checkpoint!.save(state));
    }
    opts.reporter.progress(done, source.total(), add(saved?.counts ?? zero(), live));
  };

  const dispatch = (batch: Batch) => {
    const task = send(client, batch, opts)
      .then((counts) => complete(batch, counts))
      .catch((err: unknown) => {
        fatal ??= err;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  let batch: Batch | null = null;
  for await (const entry of source.entries(resumedFrom)) {
    if (fatal || opts.signal?.aborted) break;
    batch ??= { start: entry.position, end: entry.position, entries: [] };
    batch.entries.push(entry);
    batch.end = entry.position + 1;
    if (batch.entries.length >= opts.batchSize) {
      dispatch(batch);
      batch = null;
      while (inFlight.size >= opts.concurrency) await Promise.race(inFlight);
    }
  }
  if (batch && !fatal && !opts.signal?.aborted) dispatch(batch);
  await Promise.all(inFlight);
  await saving;
  if (fatal) throw fatal;
  const interrupted = Boolean(opts.signal?.aborted);
  if (!interrupted && !opts.dryRun) await opts.checkpoint?.clear();
  return { source: source.description, ...committed, total: next, resumedFrom, dryRun: opts.dryRun, interrupted };
}

/** One batch: the source's own rejects are failures at once, the rest goes to the API. */
async function send(client: MarqueeClient, batch: Batch, opts: ImportOptions): Promise<Counts> {
  const counts = zero();
  const items: Array<{ entry: SourceEntry; item: ImportItem }> = [];
  for (const entry of batch.entries) {
    if (entry.item) items.push({ entry, item: entry.item });
    else {
      counts.failed += 1;
      opts.reporter.failed({ where: entry.where, code: 'INVALID_RECORD', message: entry.error });
    }
  }
  const results = await importSplitting(client, items.map((i) => i.item), opts.dryRun);
  for (const r of results) {
    const { entry, item } = items[r.index]!;
    switch (r.outcome) {
      case 'CREATED':
        counts.created += 1;
        break;
      case 'UPDATED':
        counts.updated += 1;
        break;
      case 'UNCHANGED':
        counts.unchanged += 1;
        break;
      case 'FAILED':
        counts.failed += 1;
        opts.reporter.failed({ where: entry.where, provider: item.provider, externalId: item.externalId, code: r.error?.code ?? 'FAILED', field: r.error?.field ?? null, message: r.error?.message ?? 'failed' });
        break;
    }
  }
  return counts;
}

/**
 * Sends items; when the API refuses the whole request for something one item holds (a value
 * GraphQL itself rejects), halves it until the item at fault stands alone and fails by itself.
 */
async function importSplitting(client: MarqueeClient, items: ImportItem[], dryRun: boolean): Promise<ImportItemResult[]> {
  if (items.length === 0) return [];
  try {
    return await client.importTitles(items, dryRun);
  } catch (err) {
    if (!(err instanceof ApiError && ITEM_SHAPED.has(err.code))) throw err;
    if (items.length === 1) return [{ index: 0, outcome: 'FAILED', titleId: null, protectedFields: [], error: { code: err.code, field: null, message: err.message } }];
    const half = Math.ceil(items.length / 2);
    const [a, b] = await Promise.all([importSplitting(client, items.slice(0, half), dryRun), importSplitting(client, items.slice(half), dryRun)]);
    return [...a, ...b.map((r) => ({ ...r, index: r.index + half }))];
  }
}
