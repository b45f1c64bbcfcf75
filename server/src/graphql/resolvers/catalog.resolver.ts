import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { keys, type AppliedChange, type TitleDoc } from '@marquee/read-models';
import type { Title } from '../../domain/catalog/title.entity.js';
import type { GraphQLContext } from '../context.js';
import { notFound } from '../errors.js';
import { CreateTitleInput } from '../inputs/title.input.js';
import { TitleChangeType, TitleConnectionType, TitleType } from '../types/title.type.js';

@ArgsType()
class TitlesArgs {
  @Field(() => Int, { defaultValue: 50, description: 'Page size, 1 to 200' })
  @Min(1)
  @Max(200)
  first!: number;

  @Field(() => String, { nullable: true, description: 'Cursor from a previous page' })
  after?: string | null;
}

function fromDoc(doc: TitleDoc): TitleType {
  return Object.assign(new TitleType(), doc);
}

function fromEntity(title: Title): TitleType {
  return Object.assign(new TitleType(), { ...title.toState(), version: title.version });
}

@Resolver(() => TitleType)
export class CatalogResolver {
  @Query(() => TitleType, { description: 'One title; NOT_FOUND when it does not exist' })
  async title(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    const doc = await ctx.loaders.title.load(id);
    if (!doc) throw notFound('Title', id);
    return fromDoc(doc);
  }

  @Query(() => TitleConnectionType, { description: 'Titles, newest first' })
  async titles(@Args() { first, after }: TitlesArgs, @Ctx() ctx: GraphQLContext): Promise<TitleConnectionType> {
    const page = await ctx.services.titles.list(first, after);
    const edges = page.edges.map(({ cursor, node }) => {
      ctx.loaders.title.prime(node.id, node);
      return { cursor, node: fromDoc(node) };
    });
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor }, totalCount: page.totalCount };
  }

  @Mutation(() => TitleType, { description: 'Adds a title to the catalog' })
  async createTitle(@Arg('input', () => CreateTitleInput) input: CreateTitleInput, @Ctx() ctx: GraphQLContext): Promise<TitleType> {
    return fromEntity(await ctx.services.catalog.createTitle(input));
  }

  @Subscription(() => TitleChangeType, {
    description: 'Emitted after the projector wrote a title read model',
    subscribe: async ({ context }) => {
      const { services } = context as GraphQLContext;
      const { iterator } = await services.pubsub.iterate(keys.changesChannel(services.keySpace), (raw) => JSON.parse(raw) as AppliedChange);
      return (async function* () {
        for await (const change of iterator) if (change.model === 'title') yield change;
      })();
    },
  })
  titleChanged(@Root() change: AppliedChange): TitleChangeType {
    return { id: change.id, version: change.version, deleted: change.deleted };
  }
}
