import { AssetCache } from '../../domain/asset/asset-cache.js';
import { RecycleBinCommands } from '../../commands/recycle-bin.commands.js';
import type { JobHandler, WorkerServices } from '../job-context.js';
import type { JobName, JobPayloads } from '../job-names.js';
import { Publisher } from './publisher.js';

export function publisherOf(services: WorkerServices): Publisher {
  const { orm, config, catalog } = services;
  return new Publisher(orm, new AssetCache(config.dataDir), new RecycleBinCommands(orm, config.dataDir, config.recycleDays, catalog));
}

/**
 * Publishes one title into one library (NFOs and artwork beside its media) and asks the players
 * to refresh what changed (published files and the scan's changes handed down the chain), where
 * the library enables that phase.
 */
export const publishAssets: JobHandler<JobPayloads[JobName.PublishAssets]> = async (data, ctx) => {
  await ctx.progress({ done: 0, total: 1, message: `Publishing title ${data.titleId}` }, true);
  const report = await publisherOf(ctx.services).publish(data.libraryId, data.titleId, ctx.signal);
  for (const path of report.edited) ctx.logger.warn({ path, titleId: data.titleId }, 'a published file was edited by hand and left alone');
  // What the scan before changed is refreshed too, even when no published file had to change.
  const changed = [...report.written, ...report.recycled, ...(data.changed ?? [])];
  if (changed.length) {
    await ctx.followUp([{ libraryId: data.libraryId, titleId: data.titleId, data: { libraryId: data.libraryId, paths: changed }, singletonKey: `sync:${data.libraryId}:${data.titleId}` }]);
  }
  await ctx.progress({ done: 1, total: 1, message: `${report.written.length} written, ${report.unchanged} unchanged` }, true);
  return { ...report };
};
