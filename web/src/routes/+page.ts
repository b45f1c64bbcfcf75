import type { PageLoad } from './$types';
import { CATALOG_PAGE_SIZE, CATALOG_SEARCH_LIMIT, CatalogDocument, CatalogSearchDocument, TitleFacetsDocument } from '#lib/graphql/catalog/catalog.ts';
import { loadQuery } from '#lib/graphql/load.ts';
import { listingVariables, parseCatalogFilter } from '#lib/components/catalog/catalog-filter.ts';

export const load: PageLoad = async ({ fetch, url }) => {
	const filter = parseCatalogFilter(url.searchParams);
	if (filter.query) {
		return { filter, search: await loadQuery(fetch, CatalogSearchDocument, { query: filter.query, first: CATALOG_SEARCH_LIMIT }), listing: null, facets: null };
	}
	const variables = listingVariables(filter);
	const listing = await loadQuery(fetch, CatalogDocument, { first: CATALOG_PAGE_SIZE, ...variables });
	const facets = await loadQuery(fetch, TitleFacetsDocument, { filter: variables.filter });
	return { filter, search: null, listing, facets };
};
