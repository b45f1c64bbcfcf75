import type { ImportItem, ImportItemResult, MarqueeClient } from './client.js';

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  failures: Array<{ index: number; message: string }>;
}

/** Sends the items in batches; the server validates each item and reports per item. */
export async function importItems(
  client: MarqueeClient,
  items: ReadonlyArray<{ index: number; item: ImportItem }>,
  opts: { batchSize: number; onBatch?: (done: number, total: number) => void },
): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, failed: 0, failures: [] };
  for (let start = 0; start < items.length; start += opts.batchSize) {
    const batch = items.slice(start, start + opts.batchSize);
    const results: ImportItemResult[] = await client.importTitles(batch.map((b) => b.item));
    for (const r of results) {
      const source = batch[r.index]!;
      switch (r.outcome) {
        case 'CREATED':
          summary.created++;
          break;
        case 'UPDATED':
          summary.updated++;
          break;
        case 'UNCHANGED':
          summary.unchanged++;
          break;
        case 'FAILED':
          summary.failed++;
          summary.failures.push({ index: source.index, message: r.error ? `${r.error.field ?? 'item'}: ${r.error.message}` : 'failed' });
          break;
      }
    }
    opts.onBatch?.(Math.min(start + batch.length, items.length), items.length);
  }
  return summary;
}
