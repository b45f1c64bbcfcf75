import { Arg, Args, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Access, SERVICE } from '../../auth/policy.js';
import type { GraphQLContext } from '../context.js';
import { definedOnly } from '../../commands/command-support.js';
import type { ImportSchedule } from '../../commands/import.commands.js';
import { badInput } from '../errors.js';
import { ImportScheduleInput, ImportTitleInput } from '../inputs/title.input.js';
import { JobName } from '../../jobs/job-names.js';
import { JobRunType } from '../types/library.type.js';
import { ImportItemResultType, ImportScheduleType, type ImportOutcome } from '../types/import.type.js';
import { PageArgs, pageWindow } from '../inputs/page.args.js';
import { TitleConnectionType } from '../types/title.type.js';
import { connection } from './catalog.resolver.js';

const MAX_BATCH = 1_000;

const scheduleOut = (s: ImportSchedule): ImportScheduleType => ({
  name: s.schedule,
  cron: s.cron,
  timezone: s.timezone,
  source: s.source,
  location: s.location,
  batchSize: s.batchSize ?? null,
  concurrency: s.concurrency ?? null,
  requestsPerSecond: s.requestsPerSecond ?? null,
});

/** Operations for the parser only (service token): catalog imports and their schedules. */
@Resolver()
export class InternalResolver {
  @Access(...SERVICE)
  @Mutation(() => [ImportItemResultType], {
    description: 'Parser only (service token). Imports a batch of titles; one result per item, in order. dryRun reports the outcomes without writing',
  })
  async internalImportTitles(
    // No class-validator rules on these inputs: the command validates every item (zod) on its own.
    @Arg('items', () => [ImportTitleInput], { validate: false }) items: ImportTitleInput[],
    @Arg('dryRun', () => Boolean, { defaultValue: false }) dryRun: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ImportItemResultType[]> {
    if (items.length > MAX_BATCH) throw badInput('items', `at most ${MAX_BATCH} items per batch`);
    const results = await ctx.services.catalog.importTitles(
      items.map((item) => definedOnly(item)),
      { dryRun },
    );
    return results.map((r) => ({
      index: r.index,
      outcome: r.outcome as ImportOutcome,
      titleId: r.titleId,
      protectedFields: r.protectedFields,
      error: r.error ? { code: r.error.code, field: r.error.field ?? null, message: r.error.message } : null,
    }));
  }

  @Access(...SERVICE)
  @Mutation(() => ImportScheduleType, { description: 'Parser only. Creates or replaces a scheduled import that the worker runs (queue parser-import)' })
  async internalScheduleImport(@Arg('input', () => ImportScheduleInput) input: ImportScheduleInput, @Ctx() ctx: GraphQLContext): Promise<ImportScheduleType> {
    return scheduleOut(await ctx.services.imports.schedule(definedOnly(input)));
  }

  @Access(...SERVICE)
  @Mutation(() => Boolean, { description: 'Parser only. Removes a scheduled import; false when there was none of that name' })
  async internalUnscheduleImport(@Arg('name') name: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return ctx.services.imports.unschedule(name);
  }

  @Access(...SERVICE)
  @Mutation(() => ID, { description: "Parser only. Runs a scheduled import now; returns the job run's id (follow it with jobRunChanged)" })
  async internalRunImport(@Arg('name') name: string, @Ctx() ctx: GraphQLContext): Promise<string> {
    return (await ctx.services.imports.runNow(name)).id;
  }

  @Access(...SERVICE)
  @Query(() => [ImportScheduleType], { description: 'Parser only. The scheduled imports' })
  async internalImportSchedules(@Ctx() ctx: GraphQLContext): Promise<ImportScheduleType[]> {
    return (await ctx.services.imports.list()).map(scheduleOut);
  }

  @Access(...SERVICE)
  @Query(() => [JobRunType], { description: 'Parser only. The latest runs of scheduled imports (queue parser-import), newest first' })
  async internalImportRuns(@Arg('first', () => Int, { defaultValue: 10 }) first: number, @Ctx() ctx: GraphQLContext): Promise<JobRunType[]> {
    if (first < 1 || first > 100) throw badInput('first', 'must be from 1 to 100');
    const page = await ctx.services.jobRunReader.list({ queue: JobName.ParserImport }, { first });
    return page.edges.map((e) => e.node as unknown as JobRunType);
  }

  @Access(...SERVICE)
  @Query(() => TitleConnectionType, {
    description: 'Parser only. Every title in the catalog (not the recycle bin), oldest first, with everything an import takes: what `marquee-parser export` writes',
  })
  async internalExportTitles(@Args() args: PageArgs, @Ctx() ctx: GraphQLContext): Promise<TitleConnectionType> {
    return connection(await ctx.services.titles.list({ sort: 'CREATED', descending: false, ...pageWindow(args) }), ctx, false);
  }
}
