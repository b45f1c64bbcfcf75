import { graphql, type ResultOf } from '../graphql.ts';

export const SearchTitlesDocument = graphql(`
	query SearchTitles($query: String!, $first: Int!) {
		searchTitles(query: $query, first: $first) {
			id
			kind
			name
			year
			artwork(kind: POSTER, selectedOnly: true) {
				url
			}
		}
	}
`);

export type TitleHit = ResultOf<typeof SearchTitlesDocument>['searchTitles'][number];
