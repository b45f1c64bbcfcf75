import type { PageLoad } from './$types';
import { UNMATCHED_PAGE_SIZE, UnmatchedFilesDocument } from '#lib/graphql/library/unmatched.ts';
import { loadQuery } from '#lib/graphql/load.ts';

export const load: PageLoad = async ({ fetch }) => ({
	files: await loadQuery(fetch, UnmatchedFilesDocument, { first: UNMATCHED_PAGE_SIZE })
});
