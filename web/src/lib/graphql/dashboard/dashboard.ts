import { graphql, type ResultOf } from '../graphql.ts';
import { JobRunFields } from '../job-run/job-runs.ts';

/** Everything the dashboard shows, in one request; job figures only for those who may see jobs. */
export const DashboardDocument = graphql(
	`
		query Dashboard($jobs: Boolean!) {
			titleFacets {
				kinds {
					kind
					count
				}
				decades {
					decade
					count
				}
			}
			libraries {
				id
				name
				lastScan {
					at
					files
					matched
					unmatched
					missing
				}
			}
			unmatched: mediaFiles(unmatched: true, first: 1) {
				totalCount
			}
			missing: mediaFiles(missing: true, first: 1) {
				totalCount
			}
			recent: jobRuns(first: 8) @include(if: $jobs) {
				edges {
					node {
						...JobRunFields
					}
				}
			}
			active: jobRuns(state: ACTIVE, first: 1) @include(if: $jobs) {
				totalCount
			}
			queued: jobRuns(state: CREATED, first: 1) @include(if: $jobs) {
				totalCount
			}
			retrying: jobRuns(state: RETRY, first: 1) @include(if: $jobs) {
				totalCount
			}
			failed: jobRuns(state: FAILED, first: 1) @include(if: $jobs) {
				totalCount
			}
			dead: jobRuns(state: DEAD, first: 1) @include(if: $jobs) {
				totalCount
			}
			phases @include(if: $jobs) {
				queue
				available
			}
		}
	`,
	[JobRunFields]
);

export type Dashboard = ResultOf<typeof DashboardDocument>;
