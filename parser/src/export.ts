import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ExportPage, ImportItem, MarqueeClient } from './client.js';

/** The provider name of exported titles: an export imported again is keyed by the title's own id. */
export const EXPORT_PROVIDER = 'marquee';

type ExportedTitle = ExportPage['edges'][number]['node'];

/**
 * A title as one line of Marquee's canonical JSONL (the shape `import --source marquee` reads):
 * every field an import takes, its external ids (so the title merges into one that has them) and
 * its artwork candidates.
 */
export function titleToItem(t: ExportedTitle): ImportItem {
  const { id, externalIds, artwork, ...fields } = t;
  return {
    provider: EXPORT_PROVIDER,
    externalId: id,
    ...fields,
    externalIds: externalIds.map(({ provider, value }) => ({ provider, value })),
    artwork: artwork.map(({ kind, seasonNumber, url, width, height, language, score, provider }) => ({ kind, seasonNumber, url, width, height, language, score, provider })),
  };
}

export interface ExportSummary {
  exported: number;
  total: number;
  target: string;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * Writes every title, page by page, to `target` (a file; `.gz` compresses; `-` is stdout). A file
 * is written beside its name and renamed at the end, so a failed export never leaves half a file.
 */
export async function runExport(client: MarqueeClient, target: string, opts: { pageSize: number; onPage?: (done: number, total: number) => void }): Promise<ExportSummary> {
  const toStdout = target === '-';
  const partial = `${target}.partial`;
  const file = toStdout ? null : createWriteStream(partial);
  const gzip = file && target.endsWith('.gz') ? createGzip() : null;
  if (gzip && file) gzip.pipe(file);
  const out: Writable = gzip ?? file ?? process.stdout;
  let after: string | null = null;
  let exported = 0;
  let total = 0;
  try {
    for (;;) {
      const page = await client.exportTitles(opts.pageSize, after);
      total = page.totalCount;
      await write(out, page.edges.map((e) => JSON.stringify(titleToItem(e.node)) + '\n').join(''));
      exported += page.edges.length;
      opts.onPage?.(exported, total);
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
      after = page.pageInfo.endCursor;
    }
    if (file) {
      out.end();
      await finished(file);
      await rename(partial, target);
    }
  } catch (err) {
    if (file) {
      file.destroy();
      await rm(partial, { force: true });
    }
    throw err;
  }
  return { exported, total, target };
}
