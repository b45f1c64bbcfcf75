import type { PageLoad } from './$types';
import { PublicListDocument } from '#lib/graphql/user-library/lists.ts';
import { loadQuery } from '#lib/graphql/load.ts';

export const load: PageLoad = async ({ fetch, params }) => ({ list: await loadQuery(fetch, PublicListDocument, { slug: params.slug }) });
