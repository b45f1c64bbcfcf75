import { graphql, type ResultOf } from '../graphql.ts';

export const UNMATCHED_PAGE_SIZE = 50;

export const UnmatchedFilesDocument = graphql(`
	query UnmatchedFiles($first: Int, $after: String) {
		mediaFiles(unmatched: true, first: $first, after: $after) {
			totalCount
			edges {
				node {
					id
					path
					libraryId
					size
					createdAt
					parsed {
						kind
						title
						year
						season
						episodes
					}
					match {
						confidence
						suggestedTitleId
					}
				}
			}
			pageInfo {
				hasNextPage
				endCursor
			}
		}
		libraries {
			id
			name
		}
	}
`);

export type UnmatchedFile = ResultOf<typeof UnmatchedFilesDocument>['mediaFiles']['edges'][number]['node'];

export const MatchFileDocument = graphql(`
	mutation MatchFile($fileId: ID!, $titleId: ID!, $input: MatchFileInput) {
		matchFile(fileId: $fileId, titleId: $titleId, input: $input)
	}
`);
