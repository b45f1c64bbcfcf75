import { error } from '@sveltejs/kit';
import type { AnyVariables, TypedDocumentNode } from '@urql/core';
import { createGraphqlClient } from './client.ts';
import { toProblems, type GraphqlProblem } from './problems.ts';

/** What a page's `load` hands its first render: the answer, or why there is none. */
export interface Loaded<T> {
	data: T | null;
	problems: GraphqlProblem[];
}

/**
 * Runs one query for a page's first render (on the server, then in the browser on navigation).
 * NOT_FOUND renders the 404 page; other problems are shown by the page itself.
 */
export async function loadQuery<T, V extends AnyVariables>(
	fetch: typeof globalThis.fetch,
	document: TypedDocumentNode<T, V>,
	variables: V
): Promise<Loaded<T>> {
	const result = await createGraphqlClient({ fetch })
		.query(document, variables, { requestPolicy: 'network-only' })
		.toPromise();
	const problems = toProblems(result.error);
	const notFound = problems.find((problem) => problem.code === 'NOT_FOUND');
	if (notFound) error(404, notFound.message);
	return { data: result.data ?? null, problems };
}
