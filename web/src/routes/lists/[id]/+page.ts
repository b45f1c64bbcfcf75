import type { PageLoad } from './$types';
import { MyListDocument } from '#lib/graphql/user-library/lists.ts';
import { loadQuery } from '#lib/graphql/load.ts';

export const load: PageLoad = async ({ fetch, params }) => ({ list: await loadQuery(fetch, MyListDocument, { id: params.id }) });
