import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { authChecker, assertEveryOperationHasRule } from '../auth/policy.js';
import { AuthResolver } from './resolvers/auth.resolver.js';
import { CatalogResolver } from './resolvers/catalog.resolver.js';
import { InternalResolver } from './resolvers/internal.resolver.js';
import { JobResolver } from './resolvers/job.resolver.js';
import { LibraryResolver, TitleFilesResolver } from './resolvers/library.resolver.js';
import { CreditResolver, PersonResolver } from './resolvers/person.resolver.js';
import { IntegrationsResolver } from './resolvers/integrations.resolver.js';
import { ReadModelResolver } from './resolvers/read-model.resolver.js';
import { StatisticsResolver } from './resolvers/statistics.resolver.js';
import { PublishingResolver, TitlePublishedFilesResolver } from './resolvers/publishing.resolver.js';
import { ListEntryResolver, PublicListEntryResolver, UpNextItemResolver, UserListResolver, UserStateResolver, WatchHistoryItemResolver } from './resolvers/user-state.resolver.js';
import { EnrichResolver } from './resolvers/enrich.resolver.js';

export const resolvers = [AuthResolver, CatalogResolver, PersonResolver, CreditResolver, JobResolver, LibraryResolver, TitleFilesResolver, InternalResolver, UserStateResolver, WatchHistoryItemResolver, UpNextItemResolver, ListEntryResolver, PublicListEntryResolver, UserListResolver, EnrichResolver, PublishingResolver, TitlePublishedFilesResolver, ReadModelResolver, StatisticsResolver, IntegrationsResolver] as const;

/**
 * Every subscription here supplies its own `subscribe` (Redis-backed, see infra/redis.ts), so
 * type-graphql's topic pub/sub is never used; type-graphql still insists on one being present.
 */
const topicPubSubUnused = {
  publish(): void {
    throw new Error('Topic-based subscriptions are not used; subscribe through RedisPubSub');
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error('Topic-based subscriptions are not used; subscribe through RedisPubSub');
  },
};

export async function buildAppSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    pubSub: topicPubSubUnused,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    authChecker,
    authMode: 'error',
  });
  assertEveryOperationHasRule(schema);
  return schema;
}

/** The SDL committed as schema.graphql: sorted, so it diffs cleanly. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
