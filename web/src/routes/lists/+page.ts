import type { PageLoad } from './$types';
import { MyListsDocument } from '#lib/graphql/user-library/lists.ts';
import { loadQuery } from '#lib/graphql/load.ts';

export const load: PageLoad = async ({ fetch }) => ({ lists: await loadQuery(fetch, MyListsDocument, {}) });
