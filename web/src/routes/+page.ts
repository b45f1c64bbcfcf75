import type { PageLoad } from './$types';
import { createGraphqlClient } from '#lib/graphql/client.ts';
import { TitlesDocument } from '#lib/graphql/catalog/titles.ts';
import { CATALOG_PAGE_SIZE } from '#lib/graphql/catalog/catalog-page.ts';
import { toProblems } from '#lib/graphql/problems.ts';

export const load: PageLoad = async ({ fetch }) => {
	const result = await createGraphqlClient({ fetch })
		.query(TitlesDocument, { first: CATALOG_PAGE_SIZE }, { requestPolicy: 'network-only' })
		.toPromise();
	const titles = result.data?.titles;
	return {
		titles: titles ? titles.edges.map((edge) => edge.node) : null,
		totalCount: titles?.totalCount ?? 0,
		problems: toProblems(result.error)
	};
};
