import { Ctx, Query, Resolver } from 'type-graphql';
import { Access, CATALOG_READ } from '../../auth/policy.js';
import type { GraphQLContext } from '../context.js';
import { LibraryStatisticsType } from '../types/statistics.type.js';

@Resolver()
export class StatisticsResolver {
  @Access(...CATALOG_READ)
  @Query(() => LibraryStatisticsType, { description: 'Library statistics: files by resolution and codec, videos without NFO, titles without a poster' })
  async libraryStatistics(@Ctx() ctx: GraphQLContext): Promise<LibraryStatisticsType> {
    return ctx.services.stats.libraryStatistics();
  }
}
