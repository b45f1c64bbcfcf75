import { graphql, type ResultOf, type VariablesOf } from '../graphql.ts';

export const LIBRARY_PAGE_SIZE = 60;

export const UserTitleFields = graphql(`
	fragment UserTitleFields on UserTitleState @_unmask {
		titleId
		status
		favourite
		rating
		notes
		version
		updatedAt
		progress {
			seasonNumber
			episodeNumber
			position
			duration
			updatedAt
		}
		title {
			id
			name
			year
			kind
		}
	}
`);

export type UserTitle = ResultOf<typeof UserTitleFields>;
export type LibraryStatus = NonNullable<UserTitle['status']>;

export const MyLibraryDocument = graphql(
	`
		query MyLibrary($status: LibraryStatus, $favourites: Boolean, $rated: Boolean, $first: Int, $after: String) {
			myLibrary(status: $status, favourites: $favourites, rated: $rated, first: $first, after: $after) {
				totalCount
				pageInfo {
					hasNextPage
					endCursor
				}
				edges {
					node {
						...UserTitleFields
					}
				}
			}
			continueWatching(first: 12) {
				...UserTitleFields
			}
			upNext(first: 12) {
				titleId
				seasonNumber
				episodeNumber
				episodeName
				title {
					id
					name
				}
			}
		}
	`,
	[UserTitleFields]
);

export type MyLibraryVariables = VariablesOf<typeof MyLibraryDocument>;

export const WatchHistoryDocument = graphql(`
	query WatchHistory($first: Int, $after: String) {
		watchHistory(first: $first, after: $after) {
			totalCount
			pageInfo {
				hasNextPage
				endCursor
			}
			edges {
				node {
					titleId
					entry {
						id
						seasonNumber
						episodeNumber
						watchedAt
						source
					}
					title {
						id
						name
						year
					}
				}
			}
		}
	}
`);

export type HistoryItem = ResultOf<typeof WatchHistoryDocument>['watchHistory']['edges'][number]['node'];

export const SetTitleStateDocument = graphql(
	`
		mutation SetTitleState($input: SetTitleStateInput!) {
			setTitleState(input: $input) {
				...UserTitleFields
			}
		}
	`,
	[UserTitleFields]
);

export const MyTitleStateDocument = graphql(
	`
		query MyTitleState($titleId: ID!) {
			myTitleState(titleId: $titleId) {
				...UserTitleFields
			}
		}
	`,
	[UserTitleFields]
);

export const RemoveHistoryEntryDocument = graphql(`
	mutation RemoveHistoryEntry($titleId: ID!, $entryId: ID!) {
		removeHistoryEntry(titleId: $titleId, entryId: $entryId) {
			titleId
			version
		}
	}
`);

export const ExportMyStateDocument = graphql(`
	query ExportMyState {
		exportMyState
	}
`);
