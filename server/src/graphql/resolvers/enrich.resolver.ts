import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Access, ADMIN, CATALOG_WRITE } from '../../auth/policy.js';
import type { GraphQLContext } from '../context.js';
import { JobRefType } from '../types/job.type.js';
import { ProviderStatusType } from '../types/provider.type.js';
import { ArtworkKind, TitleType } from '../types/title.type.js';
import { fromEntity } from './catalog.resolver.js';

@Resolver()
export class EnrichResolver {
  @Access(...ADMIN)
  @Query(() => [ProviderStatusType], { description: 'Metadata providers: key set or not, budget, cache hit rate, errors and breaker state' })
  async providers(@Ctx() ctx: GraphQLContext): Promise<ProviderStatusType[]> {
    return (await ctx.services.providers.status()).map((s) => ({ ...s, capabilities: [...s.capabilities] }));
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => JobRefType, { description: 'Fetches metadata and artwork candidates for a title again (locked fields stay); refresh: true skips cached provider answers' })
  async enrichTitle(
    @Arg('titleId', () => ID) titleId: string,
    @Arg('refresh', () => Boolean, { defaultValue: true }) refresh: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<JobRefType> {
    return ctx.services.enrich.requestEnrich(titleId, refresh);
  }

  @Access(...CATALOG_WRITE)
  @Mutation(() => TitleType, { description: 'Uploads your own image (JPEG, PNG or WebP, base64, up to about 700 KB) and uses it for its kind; automation keeps it' })
  async uploadArtwork(
    @Arg('titleId', () => ID) titleId: string,
    @Arg('kind', () => ArtworkKind) kind: string,
    @Arg('data', { description: 'The image, base64-encoded' }) data: string,
    @Arg('seasonNumber', () => Int, { nullable: true, description: 'For SEASON_POSTER' }) seasonNumber: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TitleType> {
    return fromEntity(await ctx.services.enrich.uploadArtwork(titleId, kind, seasonNumber ?? null, data));
  }
}
