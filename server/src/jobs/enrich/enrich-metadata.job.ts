import type { TitleKind } from '@marquee/read-models';
import { Title } from '../../domain/catalog/title.entity.js';
import { ProviderError } from '../../integrations/providers/provider-proxy.js';
import type { ProviderTitle, TitleQuery } from '../../integrations/providers/provider.types.js';
import type { JobHandler } from '../job-context.js';
import { JobName, type JobPayloads } from '../job-names.js';
import { mergeProviders } from './merge-providers.js';
import { jobKeys } from '../job-keys.js';

/** Provider failures that waiting will not fix: the job completes without that provider. */
const PERMANENT: ReadonlySet<string> = new Set(['NOT_CONFIGURED', 'AUTH', 'HTTP']);

/**
 * Enriches one title: asks every provider that can answer for its kind, in the configured order
 * (ids one provider finds — TMDB's TVDB id — let the next ones answer), merges their answers field
 * by field and applies them (locks respected). A provider that failed for a reason that may pass
 * (timeouts, 429s, 5xx, an open breaker) fails the job after what the others said was applied, so
 * pg-boss retries it later. Publishing follows for every library holding the title's files.
 */
export const enrichMetadata: JobHandler<JobPayloads[JobName.EnrichMetadata]> = async (data, ctx) => {
  const { providers, enrich, orm } = ctx.services;
  const em = orm.em.fork();
  const title = await em.findOne(Title, { id: data.titleId }, { populate: ['externalIds'] });
  if (!title || title.deletedAt) return { skipped: 'the title was not found or is in the recycle bin' };
  const query: TitleQuery = {
    kind: title.kind as TitleKind,
    name: title.name,
    year: title.year,
    externalIds: title.externalIds.getItems().map((x) => ({ provider: x.provider, value: x.value })),
    language: providers.config.language,
    refresh: data.refresh ?? false,
  };
  const results: ProviderTitle[] = [];
  const failures: Array<{ provider: string; kind: string; message: string }> = [];
  const asked = providers.ordered().filter(({ provider }) => provider.supports(query));
  for (const [i, { provider, proxy }] of asked.entries()) {
    await ctx.progress({ done: i, total: asked.length + 1, message: `Asking ${provider.name}` });
    if (ctx.signal.aborted) break;
    try {
      const answer = await provider.lookup(query, proxy);
      if (!answer) continue;
      results.push(answer);
      const known = new Set(query.externalIds.map((x) => x.provider));
      query.externalIds = [...query.externalIds, ...answer.externalIds.filter((x) => !known.has(x.provider))];
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      failures.push({ provider: provider.name, kind: err.kind, message: err.message });
      ctx.logger.warn({ provider: provider.name, kind: err.kind, err: { message: err.message } }, 'a provider could not answer');
    }
  }
  // Providers the title's new ids make available (fanart.tv needs the TMDB or TVDB id).
  for (const { provider, proxy } of providers.ordered()) {
    if (asked.some((a) => a.provider === provider) || !provider.supports(query)) continue;
    try {
      const answer = await provider.lookup(query, proxy);
      if (answer) results.push(answer);
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      failures.push({ provider: provider.name, kind: err.kind, message: err.message });
    }
  }
  const order = providers.config.order;
  results.sort((a, b) => order.indexOf(a.provider) - order.indexOf(b.provider));
  await ctx.progress({ done: asked.length, total: asked.length + 1, message: 'Merging' }, true);
  const outcome = results.length ? await enrich.applyEnrichment(title.id, mergeProviders(results), results, query.language) : null;

  const transient = failures.filter((f) => !PERMANENT.has(f.kind));
  if (transient.length) throw new Error(`providers to retry: ${transient.map((f) => f.message).join('; ')}`);

  const libraries = await em.getConnection().execute<Array<{ library_id: string }>>('select distinct library_id from media_file where title_id = ?', [title.id]);
  const libraryIds = new Set([...(data.libraryId ? [data.libraryId] : []), ...Object.keys(data.changedIn ?? {}), ...libraries.map((l) => l.library_id)]);
  const changedIn = (libraryId: string) => (libraryId === data.libraryId ? data.changed : data.changedIn?.[libraryId]);
  const queued = await ctx.followUp(
    [...libraryIds].map((libraryId) => {
      const changed = changedIn(libraryId);
      return { libraryId, titleId: title.id, data: { libraryId, titleId: title.id, ...(changed ? { changed } : {}) }, singletonKey: jobKeys.publish(libraryId, title.id) };
    }),
  );
  return {
    providers: results.map((r) => r.provider),
    failures,
    changed: outcome?.changed ?? false,
    fields: outcome?.fields ?? {},
    protectedFields: outcome?.protectedFields ?? [],
    heldByNfo: outcome?.heldByNfo ?? [],
    rejected: outcome?.rejected ?? [],
    artworkCandidates: outcome?.artworkCandidates ?? 0,
    seasonsChanged: outcome?.seasonsChanged ?? 0,
    followUps: queued,
  };
};
