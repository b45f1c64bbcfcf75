import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { LibraryShelf, LibraryStatus as LibraryStatusName, PublicListDoc, UserListDoc, UserTitleDoc } from '@marquee/read-models';
import { Access, PUBLIC, SESSION } from '../../auth/policy.js';
import type { GraphQLContext } from '../context.js';
import { notFound } from '../errors.js';
import { PageArgs, pageWindow } from '../inputs/page.args.js';
import {
  AddListEntryInput,
  AddListSectionInput,
  ArrangeListInput,
  CreateListInput,
  MarkWatchedInput,
  RemoveListEntryInput,
  RemoveListSectionInput,
  ReportProgressInput,
  SetTitleStateInput,
  UpdateListEntryInput,
  UpdateListInput,
  UpdateListSectionInput,
} from '../inputs/user-state.input.js';
import { TitleType } from '../types/title.type.js';
import {
  LibraryStatus,
  ListEntryType,
  PublicListConnectionType,
  PublicListEntryType,
  PublicListTitleType,
  PublicListType,
  UpNextItemType,
  UserListType,
  UserTitleStateConnectionType,
  UserTitleStateType,
  WatchHistoryConnectionType,
  WatchHistoryItemType,
} from '../types/user-state.type.js';
import { fromDoc } from './catalog.resolver.js';
import { connectionOf } from './library.resolver.js';

/** The signed-in user (the SESSION rule lets only users in). */
function me(ctx: GraphQLContext): string {
  if (ctx.principal.kind !== 'user') throw new Error('SESSION operations are for signed-in users');
  return ctx.principal.userId;
}

@ArgsType()
class LibraryArgs extends PageArgs {
  @Field(() => LibraryStatus, { nullable: true, description: 'Only titles with this status' })
  status?: LibraryStatusName | null;
  @Field(() => Boolean, { nullable: true, description: 'Only favourites' })
  favourites?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Only rated titles' })
  rated?: boolean | null;
}

@ArgsType()
class ShelfArgs {
  @Field(() => Int, { nullable: true, description: '1 to 100 (default 20)' })
  @Min(1)
  @Max(100)
  first?: number | null;
}

const stateOut = (doc: UserTitleDoc) => doc as unknown as UserTitleStateType;
const listOut = (doc: UserListDoc) => doc as unknown as UserListType;
const publicOut = (doc: PublicListDoc) => doc as unknown as PublicListType;

async function liveTitle(ctx: GraphQLContext, titleId: string): Promise<TitleType | null> {
  const doc = await ctx.loaders.title.load(titleId);
  return doc && !doc.deletedAt ? fromDoc(doc) : null;
}

/** Library, progress, history and ratings of the signed-in user. */
@Resolver(() => UserTitleStateType)
export class UserStateResolver {
  @Access(...SESSION)
  @Query(() => UserTitleStateType, { nullable: true, description: 'Your state about a title; null when you have none' })
  async myTitleState(@Arg('titleId', () => ID) titleId: string, @Ctx() ctx: GraphQLContext): Promise<UserTitleStateType | null> {
    const [doc] = await ctx.services.userLibrary.getStates(me(ctx), [titleId]);
    return doc ? stateOut(doc) : null;
  }

  @Access(...SESSION)
  @Query(() => UserTitleStateConnectionType, { description: 'Your library (titles with a status), latest change first; or one status, favourites or rated titles' })
  async myLibrary(@Args() args: LibraryArgs, @Ctx() ctx: GraphQLContext): Promise<UserTitleStateConnectionType> {
    const shelf: LibraryShelf = args.status ? { kind: 'status', status: args.status } : args.favourites ? { kind: 'favourites' } : args.rated ? { kind: 'rated' } : { kind: 'all' };
    return connectionOf(await ctx.services.userLibrary.library(me(ctx), shelf, pageWindow(args)), stateOut);
  }

  @Access(...SESSION)
  @Query(() => [UserTitleStateType], { description: 'Unfinished movies and episodes, most recently played first' })
  async continueWatching(@Args() args: ShelfArgs, @Ctx() ctx: GraphQLContext): Promise<UserTitleStateType[]> {
    return (await ctx.services.userLibrary.continueWatching(me(ctx), args.first ?? 20)).map(stateOut);
  }

  @Access(...SESSION)
  @Query(() => [UpNextItemType], { description: 'The next episode of each series you are following, most recent activity first' })
  async upNext(@Args() args: ShelfArgs, @Ctx() ctx: GraphQLContext): Promise<UpNextItemType[]> {
    const items = await ctx.services.userLibrary.upNext(me(ctx), args.first ?? 20);
    return items.map((i) => ({ titleId: i.state.titleId, seasonNumber: i.seasonNumber, episodeNumber: i.episodeNumber, episodeName: i.episodeName }));
  }

  @Access(...SESSION)
  @Query(() => WatchHistoryConnectionType, { description: 'Your watches, newest first' })
  async watchHistory(@Args() args: PageArgs, @Ctx() ctx: GraphQLContext): Promise<WatchHistoryConnectionType> {
    return connectionOf(await ctx.services.userLibrary.history(me(ctx), pageWindow(args)), (i) => ({ entry: i.entry, titleId: i.state.titleId }) as WatchHistoryItemType);
  }

  @Access(...SESSION)
  @Query(() => GraphQLJSONObject, { description: 'Everything you keep (library, progress, history, ratings, notes, lists) as one JSON document' })
  async exportMyState(@Ctx() ctx: GraphQLContext): Promise<Record<string, unknown>> {
    const userId = me(ctx);
    const [states, lists] = await Promise.all([ctx.services.userLibrary.everything(userId), ctx.services.userLists.listsOf(userId)]);
    const titles = await ctx.loaders.title.loadMany(states.map((s) => s.titleId));
    return {
      format: 'marquee-user-state',
      formatVersion: 1,
      exportedAt: new Date().toISOString(),
      titles: states.map(({ userId: _u, version: _v, ...state }, i) => {
        const t = titles[i];
        const title = t && !(t instanceof Error) ? { name: t.name, year: t.year, kind: t.kind, externalIds: t.externalIds } : null;
        return { ...state, title };
      }),
      lists: lists.map(({ ownerId: _o, ownerName: _n, version: _v, ...list }) => list),
    };
  }

  @Access(...SESSION)
  @Mutation(() => UserTitleStateType, { description: 'Set status, favourite, rating or notes; an older change (`at`) than the stored one is ignored' })
  async setTitleState(@Arg('input') input: SetTitleStateInput, @Ctx() ctx: GraphQLContext): Promise<UserTitleStateType> {
    return stateOut(await ctx.services.userState.setTitleState(me(ctx), { ...input }));
  }

  @Access(...SESSION)
  @Mutation(() => UserTitleStateType, { description: 'Where playback stands; the newest report of a movie or episode wins across devices' })
  async reportProgress(@Arg('input') input: ReportProgressInput, @Ctx() ctx: GraphQLContext): Promise<UserTitleStateType> {
    return stateOut(await ctx.services.userState.reportProgress(me(ctx), { ...input }));
  }

  @Access(...SESSION)
  @Mutation(() => UserTitleStateType, { description: 'Record a watch of a movie or an episode' })
  async markWatched(@Arg('input') input: MarkWatchedInput, @Ctx() ctx: GraphQLContext): Promise<UserTitleStateType> {
    return stateOut(await ctx.services.userState.markWatched(me(ctx), { ...input }));
  }

  @Access(...SESSION)
  @Mutation(() => UserTitleStateType)
  async removeHistoryEntry(@Arg('titleId', () => ID) titleId: string, @Arg('entryId', () => ID) entryId: string, @Ctx() ctx: GraphQLContext): Promise<UserTitleStateType> {
    return stateOut(await ctx.services.userState.removeHistoryEntry(me(ctx), { titleId, entryId }));
  }

  @FieldResolver(() => TitleType, { nullable: true, description: 'Null when the title is gone' })
  title(@Root() state: UserTitleStateType, @Ctx() ctx: GraphQLContext): Promise<TitleType | null> {
    return liveTitle(ctx, state.titleId);
  }
}

@Resolver(() => WatchHistoryItemType)
export class WatchHistoryItemResolver {
  @FieldResolver(() => TitleType, { nullable: true })
  title(@Root() item: WatchHistoryItemType, @Ctx() ctx: GraphQLContext): Promise<TitleType | null> {
    return liveTitle(ctx, item.titleId);
  }
}

@Resolver(() => UpNextItemType)
export class UpNextItemResolver {
  @FieldResolver(() => TitleType, { nullable: true })
  title(@Root() item: UpNextItemType, @Ctx() ctx: GraphQLContext): Promise<TitleType | null> {
    return liveTitle(ctx, item.titleId);
  }
}

@Resolver(() => ListEntryType)
export class ListEntryResolver {
  @FieldResolver(() => TitleType, { nullable: true })
  title(@Root() entry: ListEntryType, @Ctx() ctx: GraphQLContext): Promise<TitleType | null> {
    return liveTitle(ctx, entry.titleId);
  }
}

@Resolver(() => PublicListEntryType)
export class PublicListEntryResolver {
  @FieldResolver(() => PublicListTitleType, { nullable: true, description: 'Null when the title is gone' })
  async title(@Root() entry: PublicListEntryType, @Ctx() ctx: GraphQLContext): Promise<PublicListTitleType | null> {
    const doc = await ctx.loaders.title.load(entry.titleId);
    if (!doc || doc.deletedAt) return null;
    const poster = doc.artwork.find((a) => a.kind === 'POSTER' && a.selected) ?? null;
    return { id: doc.id, name: doc.name, kind: doc.kind, year: doc.year, overview: doc.overview, posterUrl: poster?.url ?? null };
  }
}

/** Lists: the owner's queries and edits, and the public read at a slug. */
@Resolver(() => UserListType)
export class UserListResolver {
  @Access(...SESSION)
  @Query(() => [UserListType], { description: 'Your lists, latest change first' })
  async myLists(@Ctx() ctx: GraphQLContext): Promise<UserListType[]> {
    return (await ctx.services.userLists.listsOf(me(ctx))).map(listOut);
  }

  @Access(...SESSION)
  @Query(() => UserListType, { description: "One of your lists; NOT_FOUND for a missing list and for anyone else's" })
  async myList(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<UserListType> {
    const [doc] = await ctx.services.userLists.getLists([id]);
    if (!doc || doc.ownerId !== me(ctx)) throw notFound('List', id);
    return listOut(doc);
  }

  @Access(...PUBLIC)
  @Query(() => PublicListType, { description: 'An unlisted or public list by its slug, signed in or not; NOT_FOUND for private lists and revoked links' })
  async publicList(@Arg('slug') slug: string, @Ctx() ctx: GraphQLContext): Promise<PublicListType> {
    const doc = await ctx.services.userLists.bySlug(slug);
    if (!doc) throw notFound('List', slug);
    return publicOut(doc);
  }

  @Access(...PUBLIC)
  @Query(() => PublicListConnectionType, { description: 'Public lists (never unlisted ones), latest change first' })
  async publicLists(@Args() args: PageArgs, @Ctx() ctx: GraphQLContext): Promise<PublicListConnectionType> {
    return connectionOf(await ctx.services.userLists.publicLists(pageWindow(args)), publicOut);
  }

  @Access(...SESSION)
  @Mutation(() => UserListType)
  async createList(@Arg('input') input: CreateListInput, @Ctx() ctx: GraphQLContext): Promise<UserListType> {
    return listOut(await ctx.services.listCommands.createList(me(ctx), { ...input, visibility: (input.visibility ?? undefined) as never }));
  }

  @Access(...SESSION)
  @Mutation(() => UserListType, { description: 'Rename, describe or change visibility; making a list private stops its link at once' })
  async updateList(@Arg('input') input: UpdateListInput, @Ctx() ctx: GraphQLContext): Promise<UserListType> {
    return listOut(await ctx.services.listCommands.updateList(me(ctx), { ...input } as never));
  }

  @Access(...SESSION)
  @Mutation(() => ID, { description: 'Deletes one of your lists; its link stops at once' })
  async deleteList(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<string> {
    return ctx.services.listCommands.deleteList(me(ctx), id);
  }

  @Access(...SESSION)
  @Mutation(() => UserListType, { description: 'Gives the list a new slug; the old link answers NOT_FOUND at once' })
  async revokeListLink(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<UserListType> {
    return listOut(await ctx.services.listCommands.revokeLink(me(ctx), id));
  }

  @Access(...SESSION)
  @Mutation(() => UserListType, { description: "Duplicates an unlisted or public list (anyone's) into a new private list of yours" })
  async forkList(@Arg('slug') slug: string, @Arg('name', () => String, { nullable: true }) name: string | null, @Ctx() ctx: GraphQLContext): Promise<UserListType> {
    return listOut(await ctx.services.listCommands.fork(me(ctx), slug, name));
  }

  @Access(...SESSION)
  @Mutation(() => UserListType)
  async addListEntry(@Arg('input') input: AddListEntryInput, @Ctx() ctx: GraphQLContext): Promise<UserListType> {
    return listOut(await ctx.services.listCommands.addEntry(me(ctx), { ...input }));
  }

  @Access(...SESSION)
  @Mutation(() => UserListType)
  async updateListEntry(@Arg('input') input: UpdateListEntryInput, @Ctx() ctx: GraphQLContext): Promise<UserListType> {
    return listOut(await ctx.services.listCommands.updateEntry(me(ctx), { ...input }));
  }

  @Access(...SESSION)
  @Mutation(() => UserListType)
  async removeListEntry(@Arg('input') input: RemoveListEntryInput, @Ctx() ctx: GraphQLContext): Promise<UserListType> {
    return listOut(await ctx.services.listCommands.removeEntry(me(ctx), { ...input }));
  }

  @Access(...SESSION)
  @Mutation(() => UserListType)
  async addListSection(@Arg('input') input: AddListSectionInput, @Ctx() ctx: GraphQLContext): Promise<UserListType> {
    return listOut(await ctx.services.listCommands.addSection(me(ctx), { ...input }));
  }

  @Access(...SESSION)
  @Mutation(() => UserListType)
  async updateListSection(@Arg('input') input: UpdateListSectionInput, @Ctx() ctx: GraphQLContext): Promise<UserListType> {
    return listOut(await ctx.services.listCommands.updateSection(me(ctx), { ...input }));
  }

  @Access(...SESSION)
  @Mutation(() => UserListType)
  async removeListSection(@Arg('input') input: RemoveListSectionInput, @Ctx() ctx: GraphQLContext): Promise<UserListType> {
    return listOut(await ctx.services.listCommands.removeSection(me(ctx), { ...input }));
  }

  @Access(...SESSION)
  @Mutation(() => UserListType, { description: 'Reorder sections and entries and move entries between sections in one step (drag and drop)' })
  async arrangeList(@Arg('input') input: ArrangeListInput, @Ctx() ctx: GraphQLContext): Promise<UserListType> {
    return listOut(await ctx.services.listCommands.arrange(me(ctx), { ...input, entries: input.entries.map((e) => ({ ...e })) }));
  }
}
