import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RecycleEntryDoc } from '@marquee/read-models';
import { Access, ADMIN, CATALOG_WRITE, LIBRARY_WRITE } from '../../auth/policy.js';
import type { GraphQLContext } from '../context.js';
import { notFound } from '../errors.js';
import { PageArgs, pageWindow } from '../inputs/page.args.js';
import { JobRefType } from '../types/job.type.js';
import { PublishedFileType, RecycleEntryConnectionType, RecycleEntryType, RestoredEntryType } from '../types/publishing.type.js';
import { TitleType, type TitleRoot } from '../types/title.type.js';

const entryOut = (doc: RecycleEntryDoc) => doc as unknown as RecycleEntryType;

@Resolver()
export class PublishingResolver {
  @Access(...LIBRARY_WRITE)
  @Mutation(() => [JobRefType], { description: "Queues publishing of a title's NFOs and artwork, one job per library holding its files" })
  async publishTitle(@Arg('titleId', () => ID) titleId: string, @Ctx() ctx: GraphQLContext): Promise<JobRefType[]> {
    return ctx.services.publishing.publishTitle(titleId);
  }

  @Access(...LIBRARY_WRITE)
  @Mutation(() => JobRefType, {
    description: 'Queues a check of the cache, the manifest and the library (one library, or all): missing or damaged published files are restored from the cache; hand-edited ones are reported, and restored only with restoreEdited',
  })
  async verifyLibrary(
    @Arg('libraryId', () => ID, { nullable: true }) libraryId: string | null,
    @Arg('restoreEdited', () => Boolean, { defaultValue: false }) restoreEdited: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<JobRefType> {
    return ctx.services.publishing.verify(libraryId ?? null, restoreEdited);
  }

  @Access(...LIBRARY_WRITE)
  @Mutation(() => JobRefType, { description: 'Queues a download of only the selected artwork the cache lacks, and puts back published artwork that is missing' })
  async repairMissingArtwork(@Arg('libraryId', () => ID, { nullable: true }) libraryId: string | null, @Ctx() ctx: GraphQLContext): Promise<JobRefType> {
    return ctx.services.publishing.repairMissingArtwork(libraryId ?? null);
  }

  @Access(...CATALOG_WRITE)
  @Query(() => RecycleEntryConnectionType, { description: 'The recycle bin: deleted titles, files, artwork and published files, most recent first' })
  async recycleBin(@Args() args: PageArgs, @Ctx() ctx: GraphQLContext): Promise<RecycleEntryConnectionType> {
    const page = await ctx.services.publishingReader.recycleBin(pageWindow(args));
    const { hasNextPage, hasPreviousPage, startCursor, endCursor } = page;
    return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: entryOut(e.node) })), pageInfo: { hasNextPage, hasPreviousPage, startCursor, endCursor }, totalCount: page.totalCount } as RecycleEntryConnectionType;
  }

  @Access(...CATALOG_WRITE)
  @Query(() => RecycleEntryType)
  async recycleEntry(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<RecycleEntryType> {
    const [doc] = await ctx.services.publishingReader.getEntries([id]);
    if (!doc) throw notFound('RecycleEntry', id);
    return entryOut(doc);
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => RestoredEntryType, { description: 'Puts everything of a recycle-bin entry back (CONFLICT if another file now stands where one was)' })
  async restoreRecycleEntry(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<RestoredEntryType> {
    return ctx.services.recycleBin.restore(id);
  }

  @Access(...ADMIN)
  @Mutation(() => ID, { description: 'Deletes a recycle-bin entry for good (its files, and a title with it)' })
  async purgeRecycleEntry(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<string> {
    return (await ctx.services.recycleBin.purge(id)).id;
  }

  @Access(...ADMIN)
  @Mutation(() => JobRefType, { description: 'Queues the purge of recycle-bin entries past the retention now' })
  async purgeRecycleBin(@Ctx() ctx: GraphQLContext): Promise<JobRefType> {
    return ctx.services.publishing.purgeExpired();
  }

  @Access(...LIBRARY_WRITE)
  @Mutation(() => RecycleEntryType, { description: "Deletes a media file: the file and Marquee's record of it go to the recycle bin" })
  async deleteMediaFile(@Arg('fileId', () => ID) fileId: string, @Ctx() ctx: GraphQLContext): Promise<RecycleEntryType> {
    return (await ctx.services.recycleBin.deleteMediaFile(fileId)) as RecycleEntryType;
  }
}

@Resolver(() => TitleType)
export class TitlePublishedFilesResolver {
  @FieldResolver(() => [PublishedFileType], { description: 'Files Marquee published for this title (NFOs and artwork), by library and path' })
  async publishedFiles(@Root() title: TitleRoot, @Ctx() ctx: GraphQLContext): Promise<PublishedFileType[]> {
    return ((await ctx.services.publishingReader.publishedFiles(title.id))?.files ?? []) as PublishedFileType[];
  }
}
