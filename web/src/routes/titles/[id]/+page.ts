import type { PageLoad } from './$types';
import { TitleDetailDocument } from '#lib/graphql/catalog/title-detail.ts';
import { loadQuery } from '#lib/graphql/load.ts';

export const load: PageLoad = async ({ fetch, params }) => ({
	title: await loadQuery(fetch, TitleDetailDocument, { id: params.id })
});
