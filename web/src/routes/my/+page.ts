import type { PageLoad } from './$types';
import { LIBRARY_PAGE_SIZE, MyLibraryDocument, type LibraryStatus } from '#lib/graphql/user-library/library.ts';
import { loadQuery } from '#lib/graphql/load.ts';
import { STATUSES } from '#lib/components/user-library/labels.ts';

export const load: PageLoad = async ({ fetch, url }) => {
	const shelf = url.searchParams.get('shelf') ?? '';
	const status = STATUSES.includes(shelf as LibraryStatus) ? (shelf as LibraryStatus) : null;
	const variables = { first: LIBRARY_PAGE_SIZE, status, favourites: shelf === 'favourites' || null };
	return { shelf, library: await loadQuery(fetch, MyLibraryDocument, variables) };
};
