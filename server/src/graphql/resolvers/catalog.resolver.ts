import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Access, ADMIN, CATALOG_READ, CATALOG_WRITE, enforce } from '../../auth/policy.js';
import { Max, Min } from 'class-validator';
import { keys, TITLE_CARD_FIELDS, type AppliedChange, type TitleCard, type TitleDoc, type TitleField, type PageWindow, type TitlePage, type TitleSort, type TitleState, type FieldProvenance, type SeasonDoc } from '@marquee/read-models';
import type { Title } from '../../domain/catalog/title.entity.js';
import type { GraphQLContext } from '../context.js';
import { definedOnly } from '../../commands/command-support.js';
import { badInput, notFound } from '../errors.js';
import { PageArgs as TitlesArgs, pageWindow as window } from '../inputs/page.args.js';
import { selectsOnly } from '../selection.js';
import { CreateTitleInput, TitleFilterInput, UpdateTitleInput } from '../inputs/title.input.js';
import { ArtworkInput, ExternalIdInput, SeasonInput } from '../inputs/season.input.js';
import { SeasonType } from '../types/season.type.js';
import { CreditRole, CreditType } from '../types/person.type.js';
import { CreditInput } from '../inputs/person.input.js';
import { ArtworkKind, ArtworkType, FieldProvenanceType, PageInfoType, TitleChangeType, TitleConnectionType, TitleEdgeType, TitleFacetsType, TitleField as TitleFieldEnum, TitleSort as TitleSortEnum, TitleType, type TitleRoot } from '../types/title.type.js';

@ArgsType()
class TitleListArgs extends TitlesArgs {
  @Field(() => TitleSortEnum, { defaultValue: 'CREATED' })
  sort!: TitleSort;

  @Field(() => Boolean, { nullable: true, description: 'Default: newest, most popular, latest year first; names A to Z' })
  descending?: boolean | null;

  @Field(() => TitleFilterInput, { nullable: true })
  filter?: TitleFilterInput | null;
}

@ArgsType()
class SearchArgs {
  @Field({ description: 'Words or the start of a name; case and accents do not matter' })
  query!: string;

  @Field(() => Int, { defaultValue: 20, description: '1 to 100' })
  @Min(1)
  @Max(100)
  first!: number;
}

function provenanceList<F extends string>(provenance: Partial<Record<F, FieldProvenance>>) {
  return Object.entries(provenance).map(([field, p]) => ({ field: field as F, ...(p as FieldProvenance) }));
}

/** Cheap on purpose: list-shaped fields are derived by field resolvers only when a query asks. */
function toType(state: TitleState, version: number): TitleType {
  const title = withViews(Object.assign(new TitleType(), state), state);
  title.version = version;
  return title;
}

/** The list-shaped views field resolvers read, set on `title` from its state. */
function withViews(title: TitleType, state: TitleState): TitleType {
  title.artworkItems = state.artwork;
  title.creditItems = state.credits;
  title.seasonIds = state.seasons.map((s) => s.id);
  title.provenanceMap = state.provenance;
  return title;
}

export function toSeasonType(doc: SeasonDoc): SeasonType {
  return {
    ...doc,
    episodeCount: doc.episodes.length,
    lockedFields: doc.locks,
    provenance: provenanceList(doc.provenance),
    episodes: doc.episodes.map((e) => ({ ...e, lockedFields: e.locks, provenance: provenanceList(e.provenance) })),
  };
}

/**
 * A title read from Redis: the (frozen, shared) document is the new object's prototype, so the
 * fields GraphQL reads come straight from it and nothing is copied per request.
 */
export function fromDoc(doc: TitleDoc): TitleType {
  return withViews(Object.create(doc) as TitleType, doc);
}
export const fromEntity = (title: Title) => toType(title.toState(), title.version);

const given = (input: object) => definedOnly(input, ['episodes']);

function checkFilter(filter: TitleFilterInput | null | undefined): void {
  if (filter?.yearFrom != null && filter.yearTo != null && filter.yearFrom > filter.yearTo) {
    throw badInput('filter.yearFrom', 'yearFrom must not be after yearTo');
  }
}

const CARD_FIELDS: ReadonlySet<string> = new Set(TITLE_CARD_FIELDS.concat('version' as never));

/** A listing whose nodes ask for card fields only is read from title cards, not full documents. */
const cardsWillDo = (info: GraphQLResolveInfo) => selectsOnly(info, ['edges', 'node'], CARD_FIELDS);

const WITHOUT_COUNT = new Set(['edges', 'pageInfo']);
const WITHOUT_PAGE_INFO = new Set(['edges', 'totalCount']);
const NODES_ONLY = new Set(['node']);
/**
 * What a connection query leaves out, so the listing read can skip it: the count when it does not
 * ask for totalCount, the scores cursors are made of when it asks for no cursor.
 */
const reading = (info: GraphQLResolveInfo) => ({
  count: !selectsOnly(info, [], WITHOUT_COUNT),
  cursors: !(selectsOnly(info, [], WITHOUT_PAGE_INFO) && selectsOnly(info, ['edges'], NODES_ONLY)),
});

/** A title read from its card: only card fields are there, which is all `cardsWillDo` let through. */
const fromCard = (card: TitleCard) => card as TitleType;

export function connection(page: TitlePage<TitleDoc> | TitlePage<TitleCard>, ctx: GraphQLContext, cards: boolean): TitleConnectionType {
  // Cards are served as they are, in the page's own edges (cursors encoded only when asked);
  // documents are swapped for their GraphQL view.
  const edges = cards
    ? (page.edges as unknown as TitleEdgeType[])
    : page.edges.map((edge) => {
        const node = edge.node as TitleDoc;
        ctx.loaders.title.prime(node.id, node);
        return edge.withNode(fromDoc(node));
      });
  // The page answers pageInfo itself: its cursors too are encoded only when asked.
  return { edges, pageInfo: page as unknown as PageInfoType, totalCount: page.totalCount };
}

@Resolver(() => TitleType)
export class CatalogResolver {
  @Access(...CATALOG_READ)
  @Query(() => TitleType, { description: 'One title; NOT_FOUND when it does not exist' })
  async title(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    const doc = await ctx.loaders.title.load(id);
    if (!doc || doc.deletedAt) throw notFound('Title', id);
    return fromDoc(doc);
  }

  @Access(...CATALOG_WRITE)
  @Query(() => TitleConnectionType, { description: 'The recycle bin: deleted titles, most recent first, restorable until purged' })
  async recycledTitles(@Args({ validate: false }) args: TitlesArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<TitleConnectionType> {
    const cards = cardsWillDo(info);
    const { titles } = ctx.services;
    const page = { ...window(args), ...reading(info) };
    return connection(cards ? await titles.listRecycled(page, 'cards') : await titles.listRecycled(page), ctx, cards);
  }

  @Access(...CATALOG_READ)
  @Query(() => TitleConnectionType, { description: 'Titles in the catalog (not the recycle bin), sorted and filtered' })
  async titles(@Args({ validate: false }) args: TitleListArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<TitleConnectionType> {
    const { sort, descending, filter } = args;
    checkFilter(filter);
    const query = { sort, descending, ...filter, ...window(args), ...reading(info) };
    const cards = cardsWillDo(info);
    const { titles } = ctx.services;
    return connection(cards ? await titles.list(query, 'cards') : await titles.list(query), ctx, cards);
  }

  @Access(...CATALOG_READ)
  @Query(() => TitleType, { description: "The title a provider's id belongs to; NOT_FOUND when none" })
  async titleByExternalId(@Arg('provider') provider: string, @Arg('value') value: string, @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    const id = await ctx.services.titles.idByExternalId(provider, value);
    const doc = id ? await ctx.loaders.title.load(id) : null;
    if (!doc || doc.deletedAt) throw notFound('Title', `${provider}:${value}`);
    return fromDoc(doc);
  }

  @Access(...CATALOG_READ)
  @Query(() => SeasonType, { description: 'A season with its episodes; NOT_FOUND when it does not exist' })
  async season(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<SeasonType> {
    const doc = await ctx.loaders.season.load(id);
    if (!doc) throw notFound('Season', id);
    return toSeasonType(doc);
  }

  @FieldResolver(() => [TitleFieldEnum], { description: 'Fields automated sources will not change' })
  lockedFields(@Root() title: TitleRoot): TitleField[] {
    return title.locks;
  }

  @FieldResolver(() => [FieldProvenanceType], { description: 'Who last set each field, and when' })
  provenance(@Root() title: TitleRoot): FieldProvenanceType[] {
    return provenanceList<TitleField>(title.provenanceMap as TitleState['provenance']) as FieldProvenanceType[];
  }

  @FieldResolver(() => [CreditType], { description: 'Cast and crew in billing order; role narrows it' })
  credits(@Root() title: TitleRoot, @Arg('role', () => CreditRole, { nullable: true }) role: string | null): CreditType[] {
    return title.creditItems.filter((c) => !role || c.role === role).map((c) => Object.assign(new CreditType(), c));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, { description: "Replaces a title's cast and crew; every personId must exist" })
  async setCredits(@Arg('titleId', () => ID) titleId: string, @Arg('credits', () => [CreditInput]) credits: CreditInput[], @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    return fromEntity(await ctx.services.catalog.setCredits(titleId, credits.map((c) => given(c))));
  }

  @FieldResolver(() => [ArtworkType], { description: 'Artwork candidates, best first per kind; selectedOnly gives the ones in use' })
  artwork(
    @Root() title: TitleRoot,
    @Arg('kind', () => ArtworkKind, { nullable: true }) kind: string | null,
    @Arg('selectedOnly', () => Boolean, { defaultValue: false }) selectedOnly: boolean,
  ): ArtworkType[] {
    return title.artworkItems.filter((a) => (!kind || a.kind === kind) && (!selectedOnly || a.selected));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, { description: 'Adds artwork candidates; the best per kind is used unless a user chose one' })
  async addArtwork(
    @Arg('titleId', () => ID) titleId: string,
    @Arg('artwork', () => [ArtworkInput]) artwork: ArtworkInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<TitleType> {
    return fromEntity(await ctx.services.catalog.addArtwork(titleId, artwork.map((a) => given(a))));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, { description: 'Uses this artwork for its kind; automation never replaces a user choice' })
  async selectArtwork(@Arg('titleId', () => ID) titleId: string, @Arg('artworkId', () => ID) artworkId: string, @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    return fromEntity(await ctx.services.catalog.selectArtwork(titleId, artworkId));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, { description: 'Removes an artwork candidate; the best remaining one takes its place if it was in use' })
  async removeArtwork(@Arg('titleId', () => ID) titleId: string, @Arg('artworkId', () => ID) artworkId: string, @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    return fromEntity(await ctx.services.recycleBin.removeArtwork(titleId, artworkId));
  }

  @FieldResolver(() => [SeasonType], { description: 'Seasons in number order, with episodes' })
  async seasons(@Root() title: TitleRoot, @Ctx() ctx: GraphQLContext): Promise<SeasonType[]> {
    const docs = await ctx.loaders.season.loadMany(title.seasonIds);
    return docs.flatMap((d) => (d && !(d instanceof Error) ? [toSeasonType(d)] : []));
  }

  @Access(...CATALOG_READ)
  @Query(() => TitleFacetsType, { description: 'How many titles match per kind and per decade, for a filter' })
  async titleFacets(@Arg('filter', () => TitleFilterInput, { nullable: true }) filter: TitleFilterInput | null, @Ctx() ctx: GraphQLContext): Promise<TitleFacetsType> {
    checkFilter(filter);
    return ctx.services.titles.facets(filter ?? {});
  }

  @Access(...CATALOG_READ)
  @Query(() => [TitleType], { description: 'Prefix search over names, original titles and synonyms, most popular first' })
  async searchTitles(@Args() { query, first }: SearchArgs, @Ctx() ctx: GraphQLContext): Promise<TitleType[]> {
    if (query.length > 200) throw badInput('query', 'query must be at most 200 characters');
    const docs = await ctx.services.titles.search(query, first);
    for (const doc of docs) ctx.loaders.title.prime(doc.id, doc);
    return docs.map(fromDoc);
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, { description: 'Adds a title to the catalog' })
  async createTitle(@Arg('input', () => CreateTitleInput) input: CreateTitleInput, @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    return fromEntity(await ctx.services.catalog.createTitle(definedOnly(input)));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, {
    description: 'Edits a title. Changed fields are locked against automated updates unless lock is false; a stale expectedVersion is CONFLICT',
  })
  async updateTitle(@Arg('input', () => UpdateTitleInput) input: UpdateTitleInput, @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    const changes = definedOnly(input, ['id', 'expectedVersion', 'lock']);
    return fromEntity(await ctx.services.catalog.updateTitle({ id: input.id, expectedVersion: input.expectedVersion, lock: input.lock, changes }));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, { description: 'Locks fields so providers, NFO files and the parser never change them' })
  async lockTitleFields(
    @Arg('id', () => ID) id: string,
    @Arg('fields', () => [TitleFieldEnum]) fields: string[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<TitleType> {
    return fromEntity(await ctx.services.catalog.setFieldLocks(id, fields, true));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, { description: 'Lets automated sources update these fields again' })
  async unlockTitleFields(
    @Arg('id', () => ID) id: string,
    @Arg('fields', () => [TitleFieldEnum]) fields: string[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<TitleType> {
    return fromEntity(await ctx.services.catalog.setFieldLocks(id, fields, false));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, { description: "Replaces a title's external ids; an id another title has is CONFLICT (merge them instead)" })
  async setExternalIds(
    @Arg('titleId', () => ID) titleId: string,
    @Arg('externalIds', () => [ExternalIdInput]) externalIds: ExternalIdInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<TitleType> {
    return fromEntity(await ctx.services.catalog.setExternalIds(titleId, externalIds.map((x) => ({ ...x }))));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, {
    description: 'Creates or updates seasons and episodes by number. Changed fields are locked unless lock is false',
  })
  async upsertSeasons(
    @Arg('titleId', () => ID) titleId: string,
    @Arg('seasons', () => [SeasonInput]) seasons: SeasonInput[],
    @Arg('lock', () => Boolean, { defaultValue: true }) lock: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TitleType> {
    const plain = seasons.map((s) => ({ ...given(s), episodes: s.episodes?.map((e) => given(e)) }));
    return fromEntity(await ctx.services.catalog.upsertSeasons(titleId, plain, { source: 'user' }, { lock }));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, { description: 'Removes a season and its episodes' })
  async removeSeason(@Arg('titleId', () => ID) titleId: string, @Arg('number', () => Int) number: number, @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    return fromEntity(await ctx.services.catalog.removeSeason(titleId, number));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, {
    description: 'Merges the source title into the target: ids, sources and seasons move, empty fields are filled; the source is gone',
  })
  async mergeTitles(@Arg('targetId', () => ID) targetId: string, @Arg('sourceId', () => ID) sourceId: string, @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    return fromEntity(await ctx.services.catalog.mergeTitles(targetId, sourceId));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, { description: 'Moves a title to the recycle bin' })
  async deleteTitle(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    return fromEntity(await ctx.services.recycleBin.deleteTitle(id));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, { description: 'Brings a title back from the recycle bin' })
  async restoreTitle(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    return fromEntity(await ctx.services.recycleBin.restoreTitle(id));
  }

  @Access(...ADMIN)
  @Mutation(() => ID, { description: 'Deletes a title in the recycle bin for good' })
  async purgeTitle(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<string> {
    return (await ctx.services.recycleBin.purgeTitle(id)).id;
  }

  @Access(...CATALOG_READ)
  @Subscription(() => TitleChangeType, {
    description: 'Emitted after the projector wrote a title read model',
    subscribe: async ({ context }) => {
      const { services, principal } = context as GraphQLContext;
      enforce(principal, CATALOG_READ, 'Subscription.titleChanged');
      const parse = (raw: string) => JSON.parse(raw) as AppliedChange;
      const iterator = await services.pubsub.iterate(keys.changesChannel(services.keySpace), parse, undefined, (change) => change.model === 'title');
      return iterator;
    },
  })
  titleChanged(@Root() change: AppliedChange): TitleChangeType {
    return { id: change.id, version: change.version, deleted: change.deleted };
  }
}
