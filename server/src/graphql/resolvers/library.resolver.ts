import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { JobRunStateDoc, LibraryDoc, LibraryKind as LibraryKindName, MediaFileDoc, Page } from '@marquee/read-models';
import { Access, enforce, JOBS, LIBRARY_WRITE, CATALOG_READ } from '../../auth/policy.js';
import type { Library } from '../../domain/library/library.entity.js';
import { jobRunsChannel } from '../../jobs/job-runs.js';
import { handlers } from '../../jobs/registry.js';
import { pipeline } from '../../jobs/pipeline.js';
import { readName } from '../../jobs/scan/naming/name-state.js';
import type { GraphQLContext } from '../context.js';
import { badInput, notFound } from '../errors.js';
import { CreateLibraryInput, MatchFileInput, UpdateLibraryInput } from '../inputs/library.input.js';
import { PageArgs, pageWindow } from '../inputs/page.args.js';
import {
  JobRunConnectionType,
  JobRunState,
  JobRunType,
  LibraryKind,
  LibraryType,
  MediaFileConnectionType,
  MediaFileType,
  ParsedPathType,
  PhaseType,
} from '../types/library.type.js';
import { JobRefType } from '../types/job.type.js';
import { TitleType, type TitleRoot } from '../types/title.type.js';

@ArgsType()
class FilesArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "A library's files by path" })
  libraryId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Main video files no title matched, newest first' })
  unmatched?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Files gone from disk, latest first' })
  missing?: boolean | null;
}

@ArgsType()
class JobRunsArgs extends PageArgs {
  @Field(() => JobRunState, { nullable: true })
  state?: string | null;

  @Field(() => String, { nullable: true })
  queue?: string | null;

  @Field(() => ID, { nullable: true })
  libraryId?: string | null;
}

const libraryOut = (doc: LibraryDoc | Library): LibraryType => ('toState' in doc ? { ...doc.toState(), version: doc.version } : doc) as LibraryType;

export function connectionOf<D, N>(page: Page<D>, map: (d: D) => N) {
  const { hasNextPage, hasPreviousPage, startCursor, endCursor } = page;
  return {
    edges: page.edges.map((e) => ({
      node: map(e.node),
      get cursor() {
        return e.cursor;
      },
    })),
    pageInfo: { hasNextPage, hasPreviousPage, startCursor, endCursor },
    totalCount: page.totalCount,
  };
}

const fileOut = (doc: MediaFileDoc) => doc as unknown as MediaFileType;
const jobOut = (doc: JobRunStateDoc) => doc as unknown as JobRunType;

@Resolver()
export class LibraryResolver {
  @Access(...CATALOG_READ)
  @Query(() => [LibraryType], { description: 'Every library, by name' })
  async libraries(@Ctx() ctx: GraphQLContext): Promise<LibraryType[]> {
    return (await ctx.services.libraries.allLibraries()).map(libraryOut);
  }

  @Access(...CATALOG_READ)
  @Query(() => LibraryType)
  async library(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<LibraryType> {
    const [doc] = await ctx.services.libraries.getLibraries([id]);
    if (!doc) throw notFound('Library', id);
    return libraryOut(doc);
  }

  @Access(...CATALOG_READ)
  @Query(() => MediaFileType)
  async mediaFile(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<MediaFileType> {
    const [doc] = await ctx.services.libraries.getFiles([id]);
    if (!doc) throw notFound('MediaFile', id);
    return fileOut(doc);
  }

  @Access(...CATALOG_READ)
  @Query(() => MediaFileConnectionType, { description: "A library's files, the unmatched files, or the missing files (give exactly one)" })
  async mediaFiles(@Args() args: FilesArgs, @Ctx() ctx: GraphQLContext): Promise<MediaFileConnectionType> {
    const chosen = [args.libraryId ? 'libraryId' : null, args.unmatched ? 'unmatched' : null, args.missing ? 'missing' : null].filter(Boolean);
    if (chosen.length !== 1) throw badInput('libraryId', 'give exactly one of libraryId, unmatched: true, missing: true');
    const listing = args.libraryId ? ({ kind: 'library', libraryId: args.libraryId } as const) : args.unmatched ? ({ kind: 'unmatched' } as const) : ({ kind: 'missing' } as const);
    return connectionOf(await ctx.services.libraries.fileList(listing, pageWindow(args)), fileOut) as MediaFileConnectionType;
  }

  @Access(...JOBS)
  @Query(() => JobRunConnectionType, { description: 'Job runs, newest first' })
  async jobRuns(@Args() args: JobRunsArgs, @Ctx() ctx: GraphQLContext): Promise<JobRunConnectionType> {
    const page = await ctx.services.jobRunReader.list({ state: args.state, queue: args.queue, libraryId: args.libraryId }, pageWindow(args));
    return connectionOf(page, jobOut) as JobRunConnectionType;
  }

  @Access(...JOBS)
  @Query(() => JobRunType)
  async jobRun(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<JobRunType> {
    const [doc] = await ctx.services.jobRunReader.getMany([id]);
    if (!doc) throw notFound('JobRun', id);
    return jobOut(doc);
  }

  @Access(...JOBS)
  @Query(() => [PhaseType], { description: 'The phase graph: each queue, what follows it, and whether it has a worker' })
  phases(): PhaseType[] {
    return pipeline.map((p) => ({ queue: p.queue, phase: p.phase, next: p.next, available: Boolean(handlers[p.queue]), retryLimit: p.retryLimit }));
  }

  @Access(...CATALOG_READ)
  @Query(() => [ParsedPathType], { description: 'What the file name parser reads from paths (folders give context)' })
  parseName(
    @Arg('paths', () => [String]) paths: string[],
    @Arg('libraryKind', () => LibraryKind, { nullable: true }) libraryKind: string | null,
  ): ParsedPathType[] {
    if (paths.length > 500) throw badInput('paths', 'at most 500 paths at once');
    return paths.map((p) => {
      const { parsed, pathIds } = readName(p, libraryKind as LibraryKindName | null);
      return { path: p, ...parsed, externalIds: Object.fromEntries(pathIds.map((x) => [x.provider, x.value])) };
    });
  }

  @Access(...LIBRARY_WRITE)
  @Mutation(() => LibraryType)
  async createLibrary(@Arg('input', () => CreateLibraryInput) input: CreateLibraryInput, @Ctx() ctx: GraphQLContext): Promise<LibraryType> {
    return libraryOut(await ctx.services.library.createLibrary(withoutNulls(input)));
  }

  @Access(...LIBRARY_WRITE)
  @Mutation(() => LibraryType)
  async updateLibrary(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateLibraryInput) input: UpdateLibraryInput, @Ctx() ctx: GraphQLContext): Promise<LibraryType> {
    const changes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) if (v !== undefined && (v !== null || k === 'scanSchedule')) changes[k] = v;
    return libraryOut(await ctx.services.library.updateLibrary(id, changes));
  }

  @Access(...LIBRARY_WRITE)
  @Mutation(() => ID, { description: "Removes a library and Marquee's records of its files; nothing on disk changes" })
  async deleteLibrary(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<string> {
    return (await ctx.services.library.deleteLibrary(id)).id;
  }

  @Access(...LIBRARY_WRITE)
  @Mutation(() => JobRefType, { description: 'Queues a scan of a library, or of one path inside it (relative to its root); follow it with jobProgress' })
  async scanLibrary(
    @Arg('libraryId', () => ID) libraryId: string,
    @Arg('path', () => String, { nullable: true }) path: string | null,
    @Arg('importWatchState', () => Boolean, {
      nullable: true,
      description: "Also import Kodi/Jellyfin watched state (<watched>, <playcount>, <lastplayed>) from the files' NFOs as the first user's history",
    })
    importWatchState: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<JobRefType> {
    return ctx.services.library.scan(libraryId, path, { importWatchState: importWatchState === true });
  }

  @Access(...LIBRARY_WRITE)
  @Mutation(() => JobRefType, { description: 'Queues a targeted scan of an absolute path, in whichever library contains it' })
  async scanPath(@Arg('path') path: string, @Ctx() ctx: GraphQLContext): Promise<JobRefType> {
    return ctx.services.library.scanPath(path);
  }

  @Access(...LIBRARY_WRITE)
  @Mutation(() => ID, { description: 'Matches a file to a title by hand; later scans keep it' })
  async matchFile(
    @Arg('fileId', () => ID) fileId: string,
    @Arg('titleId', () => ID) titleId: string,
    @Arg('input', () => MatchFileInput, { nullable: true }) input: MatchFileInput | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<string> {
    return (await ctx.services.library.matchFile(fileId, titleId, input ? withoutNulls(input) : {})).id;
  }

  @Access(...LIBRARY_WRITE)
  @Mutation(() => ID, { description: 'Undoes a manual match; the next scan identifies the file again' })
  async unmatchFile(@Arg('fileId', () => ID) fileId: string, @Ctx() ctx: GraphQLContext): Promise<string> {
    return (await ctx.services.library.unmatchFile(fileId)).id;
  }

  @Access(...JOBS)
  @Mutation(() => JobRunType, { description: 'Sends a job that exhausted its retries back to its queue' })
  async retryJob(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<JobRunType> {
    return jobOut(await ctx.services.jobs.retry(id));
  }

  @Access(...JOBS)
  @Mutation(() => JobRunType, { description: 'Cancels a queued or running job' })
  async cancelJob(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<JobRunType> {
    return jobOut(await ctx.services.jobs.cancel(id));
  }

  @Access(...JOBS)
  @Subscription(() => JobRunType, {
    description: 'Every job run change (state and progress), optionally of one library; from every worker',
    subscribe: async ({ args, context }) => {
      const { services, principal } = context as GraphQLContext;
      enforce(principal, JOBS, 'Subscription.jobRunChanged');
      const libraryId = (args.libraryId as string | null | undefined) ?? null;
      const parse = (raw: string) => JSON.parse(raw) as JobRunStateDoc;
      const iterator = await services.pubsub.iterate(jobRunsChannel(services.config.redisPrefix), parse, undefined, (run) => !libraryId || run.libraryId === libraryId);
      return iterator;
    },
  })
  jobRunChanged(@Arg('libraryId', () => ID, { nullable: true }) _libraryId: string | null, @Root() run: JobRunStateDoc): JobRunType {
    return jobOut(run);
  }
}

/** A title's files (those on disk first), from the file read models. */
@Resolver(() => TitleType)
export class TitleFilesResolver {
  @FieldResolver(() => [MediaFileType], { description: 'Files matched to this title, by path' })
  async files(@Root() title: TitleRoot, @Ctx() ctx: GraphQLContext): Promise<MediaFileType[]> {
    return (await ctx.services.libraries.filesOfTitle(title.id)).map(fileOut);
  }
}

function withoutNulls<T extends object>(input: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}
