import type { PageLoad } from './$types';
import { LIBRARY_PAGE_SIZE, MyLibraryDocument } from '#lib/graphql/user-library/library.ts';
import { loadQuery } from '#lib/graphql/load.ts';

export const load: PageLoad = async ({ fetch }) => ({ rated: await loadQuery(fetch, MyLibraryDocument, { first: LIBRARY_PAGE_SIZE, rated: true }) });
