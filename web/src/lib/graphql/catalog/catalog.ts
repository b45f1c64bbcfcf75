import { graphql, type ResultOf, type VariablesOf } from '../graphql.ts';

/** Titles per request of the catalog grid; the next page loads as the viewer scrolls near the end. */
export const CATALOG_PAGE_SIZE = 60;

/** Page size when re-reading what is already loaded after a change: the API's largest. */
export const CATALOG_REREAD_PAGE_SIZE = 200;

/** Search results shown at most: they come most popular first, and nobody scrolls past these. */
export const CATALOG_SEARCH_LIMIT = 100;

const TitleCardFields = graphql(`
	fragment TitleCardFields on Title @_unmask {
		id
		kind
		name
		year
		artwork(kind: POSTER, selectedOnly: true) {
			url
		}
	}
`);

export type TitleCard = ResultOf<typeof TitleCardFields>;
export type TitleKind = TitleCard['kind'];

export const CatalogDocument = graphql(
	`
		query Catalog($first: Int, $after: String, $sort: TitleSort!, $descending: Boolean, $filter: TitleFilterInput) {
			titles(first: $first, after: $after, sort: $sort, descending: $descending, filter: $filter) {
				totalCount
				edges {
					node {
						...TitleCardFields
					}
				}
				pageInfo {
					hasNextPage
					endCursor
				}
			}
		}
	`,
	[TitleCardFields]
);

export type CatalogVariables = VariablesOf<typeof CatalogDocument>;
export type TitleSort = CatalogVariables['sort'];

export const TitleFacetsDocument = graphql(`
	query TitleFacets($filter: TitleFilterInput) {
		titleFacets(filter: $filter) {
			kinds {
				kind
				count
			}
			decades {
				decade
				count
			}
		}
	}
`);

export const CatalogSearchDocument = graphql(
	`
		query CatalogSearch($query: String!, $first: Int!) {
			searchTitles(query: $query, first: $first) {
				...TitleCardFields
			}
		}
	`,
	[TitleCardFields]
);
