import type { CombinedError } from '@urql/core';

/** A GraphQL or network error reduced to plain data, so `load` can serialise it. */
export interface GraphqlProblem {
	message: string;
	code?: string;
}

export function toProblems(error: CombinedError | undefined): GraphqlProblem[] {
	if (!error) return [];
	if (error.graphQLErrors.length > 0) {
		return error.graphQLErrors.map((graphqlError) => {
			const code = graphqlError.extensions?.code;
			return typeof code === 'string'
				? { message: graphqlError.message, code }
				: { message: graphqlError.message };
		});
	}
	return [{ message: error.networkError?.message ?? error.message, code: 'NETWORK_ERROR' }];
}
