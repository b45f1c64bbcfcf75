import type { CombinedError } from '@urql/core';

/** A GraphQL or network error reduced to plain data, so `load` can serialise it. */
export interface GraphqlProblem {
	message: string;
	code?: string;
	/** The input field the server blamed (`extensions.field`), to show the message beside it. */
	field?: string;
	/** Seconds until a RATE_LIMITED request may be tried again (`extensions.retryAfter`). */
	retryAfter?: number;
}

export function toProblems(error: CombinedError | undefined): GraphqlProblem[] {
	if (!error) return [];
	if (error.graphQLErrors.length > 0) {
		return error.graphQLErrors.map((graphqlError) => {
			const { code, field, retryAfter } = graphqlError.extensions ?? {};
			return {
				message: graphqlError.message,
				...(typeof code === 'string' && { code }),
				...(typeof field === 'string' && { field }),
				...(typeof retryAfter === 'number' && Number.isFinite(retryAfter) && { retryAfter })
			};
		});
	}
	return [{ message: error.networkError?.message ?? error.message, code: 'NETWORK_ERROR' }];
}

/** The message about one input field, if the server named it. */
export function fieldProblem(problems: readonly GraphqlProblem[], field: string): string | null {
	return problems.find((problem) => problem.field === field)?.message ?? null;
}

/** Whether the server refused because nobody (or no longer anybody) is signed in. */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
	return error?.graphQLErrors.some((graphqlError) => graphqlError.extensions?.code === 'UNAUTHENTICATED') ?? false;
}
