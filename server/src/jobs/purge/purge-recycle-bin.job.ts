import { RecycleBinCommands } from '../../commands/recycle-bin.commands.js';
import { appendEvents } from '../../domain/library/media-file.repository.js';
import type { JobHandler } from '../job-context.js';
import type { JobName, JobPayloads } from '../job-names.js';

/**
 * Deletes for good what has sat in the recycle bin past the retention: recycle-bin entries (with
 * the files moved into the bin), titles deleted, and media files missing from disk, more than
 * `MARQUEE_RECYCLE_DAYS` ago. Titles go through the catalog's purge command (their files become
 * unmatched); files leave with a MediaFileRemoved event each.
 */
export const purgeRecycleBin: JobHandler<JobPayloads[JobName.PurgeRecycleBin]> = async (_data, ctx) => {
  const { orm, catalog, config } = ctx.services;
  const cutoff = new Date(Date.now() - config.recycleDays * 24 * 3600 * 1000);
  const bin = new RecycleBinCommands(orm, config.dataDir, config.recycleDays, catalog);
  let purgedEntries = 0;
  for (const id of await bin.expired(cutoff)) {
    ctx.signal.throwIfAborted();
    await bin.purge(id);
    purgedEntries += 1;
  }
  const titles = await orm.em.fork().execute<Array<{ id: string }>>('select id from title where deleted_at is not null and deleted_at < ? order by deleted_at', [cutoff]);
  const total = titles.length;
  await ctx.progress({ done: 0, total, message: `Purging ${titles.length} titles` }, true);
  let purgedTitles = 0;
  for (const { id } of titles) {
    ctx.signal.throwIfAborted();
    await catalog.purgeTitle(id);
    purgedTitles += 1;
    await ctx.progress({ done: purgedTitles, total, message: `Purged title ${id}` });
  }
  const files = await orm.em.fork().transactional(async (em) => {
    const rows = await em.execute<Array<{ id: string; version: number }>>(
      'delete from media_file where missing_since is not null and missing_since < ? returning id, version',
      [cutoff],
    );
    await appendEvents(
      em,
      rows.map((r) => ({ aggregateType: 'mediafile', aggregateId: r.id, aggregateVersion: r.version + 1, type: 'MediaFileRemoved', payload: { id: r.id } })),
    );
    return rows.length;
  });
  return { purgedEntries, purgedTitles, purgedFiles: files, retentionDays: config.recycleDays };
};
