import { fdir } from 'fdir';
import type { JobPayloads, JobName } from '../job-names.js';
import type { JobHandler } from '../job-context.js';
import { classifyFile, type FileClass } from './classify.js';

/**
 * Walks a library root and classifies what it finds. Symbolic links are not followed, so nothing
 * outside the root is read. Identification and probing join this phase in the scanning work.
 */
export const scanLibrary: JobHandler<JobPayloads[JobName.ScanLibrary]> = async (data, ctx) => {
  await ctx.progress({ done: 0, total: 0, message: `Listing ${data.path}` }, true);
  const files = await new fdir({ excludeSymlinks: true }).withRelativePaths().withAbortSignal(ctx.signal).crawl(data.path).withPromise();
  files.sort();
  const counts: Record<FileClass, number> = { video: 0, audio: 0, subtitle: 0, artwork: 0, nfo: 0, other: 0 };
  const total = files.length;
  await ctx.progress({ done: 0, total, message: `Found ${total} files` }, true);
  for (const [i, file] of files.entries()) {
    if (ctx.signal.aborted) throw new Error('Scan cancelled');
    counts[classifyFile(file)] += 1;
    await ctx.progress({ done: i + 1, total, message: file });
  }
  await ctx.progress({ done: total, total, message: `Scanned ${total} files` }, true);
  return { files: total, ...counts };
};
