import { gql } from '@urql/core';

export type TitleKind = 'MOVIE' | 'SERIES' | 'ANIME_SERIES' | 'ANIME_MOVIE';

export interface TitleSummary {
	id: string;
	kind: TitleKind;
	name: string;
	year: number | null;
}

export interface TitlesQuery {
	titles: {
		totalCount: number;
		edges: { cursor: string; node: TitleSummary }[];
		pageInfo: { hasNextPage: boolean; endCursor: string | null };
	};
}

export interface TitlesQueryVariables {
	first?: number;
	after?: string | null;
}

/** Newest first, per the contract. */
export const TitlesDocument = gql<TitlesQuery, TitlesQueryVariables>`
	query Titles($first: Int = 50, $after: String) {
		titles(first: $first, after: $after) {
			totalCount
			edges {
				cursor
				node {
					id
					kind
					name
					year
				}
			}
			pageInfo {
				hasNextPage
				endCursor
			}
		}
	}
`;
