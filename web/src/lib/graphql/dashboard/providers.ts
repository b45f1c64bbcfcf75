import { graphql, type ResultOf } from '../graphql.ts';

/** Metadata provider health for admins: key configured, breaker, cache hit rate, budget, errors. */
export const ProviderHealthDocument = graphql(`
	query ProviderHealth {
		providers {
			name
			keySet
			offline
			breaker
			cacheHitRate
			budgetRemaining
			limitPerSecond
			errors
			lastError
		}
	}
`);

export type ProviderHealth = ResultOf<typeof ProviderHealthDocument>['providers'][number];
