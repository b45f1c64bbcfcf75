import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BREAKER_STATES, type BreakerState } from '../../integrations/providers/provider-stats.js';

export const BreakerStateEnum = Object.fromEntries(BREAKER_STATES.map((s) => [s, s])) as { [K in BreakerState]: K };
registerEnumType(BreakerStateEnum, { name: 'BreakerState', description: 'A provider circuit breaker: CLOSED (calls go out), OPEN (calls refused after repeated failures), HALF_OPEN (one trial call), ISOLATED' });

@ObjectType('ProviderStatus', { description: 'A metadata provider: configuration (never the key), budget, cache and health, summed over every worker', simpleResolvers: true })
export class ProviderStatusType {
  @Field()
  name!: string;

  @Field(() => [String], { description: 'movies, series, episodes, artwork, music, search' })
  capabilities!: string[];

  @Field({ description: 'Whether an API key is configured (the key itself is never shown)' })
  keySet!: boolean;

  @Field(() => Int, { nullable: true, description: 'Position in the enrichment order (1 = asked first); null when not asked' })
  priority!: number | null;

  @Field({ description: 'Offline mode: only cached answers are used' })
  offline!: boolean;

  @Field(() => Float, { nullable: true, description: 'Requests per second allowed across all workers; null = no limit' })
  limitPerSecond!: number | null;

  @Field(() => Int, { nullable: true, description: 'Requests left in the current rate-limit window' })
  budgetRemaining!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of lookups answered from the cache (fresh or stale), 0–1' })
  cacheHitRate!: number | null;

  @Field(() => Int, { description: 'Requests sent to the provider' })
  requests!: number;

  @Field(() => Int)
  cacheHits!: number;

  @Field(() => Int, { description: 'Stale answers served while a refresh ran in the background' })
  staleHits!: number;

  @Field(() => Int)
  cacheMisses!: number;

  @Field(() => Int, { description: 'Lookups that failed after retries (or were refused by the breaker)' })
  errors!: number;

  @Field(() => Int, { description: '429 answers' })
  throttled!: number;

  @Field(() => Int)
  timeouts!: number;

  @Field(() => Int)
  retries!: number;

  @Field(() => Int, { description: 'Calls refused while the breaker was open' })
  rejected!: number;

  @Field(() => BreakerStateEnum)
  breaker!: BreakerState;

  @Field(() => String, { nullable: true })
  breakerChangedAt!: string | null;

  @Field(() => String, { nullable: true, description: 'The last failure (never contains keys)' })
  lastError!: string | null;

  @Field(() => String, { nullable: true })
  lastErrorAt!: string | null;
}
