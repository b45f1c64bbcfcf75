import { graphql, type ResultOf, type VariablesOf } from '../graphql.ts';

export const JobRunFields = graphql(`
	fragment JobRunFields on JobRun @_unmask {
		id
		queue
		state
		deadLettered
		attempt
		done
		total
		message
		error
		target
		libraryId
		titleId
		createdAt
		startedAt
		finishedAt
	}
`);

export type JobRunDetails = ResultOf<typeof JobRunFields>;
export type JobRunState = JobRunDetails['state'];

export const JobRunsDocument = graphql(
	`
		query JobRuns($first: Int, $after: String, $state: JobRunState, $queue: String) {
			jobRuns(first: $first, after: $after, state: $state, queue: $queue) {
				totalCount
				edges {
					node {
						...JobRunFields
					}
				}
				pageInfo {
					hasNextPage
					endCursor
				}
			}
			phases {
				queue
			}
		}
	`,
	[JobRunFields]
);

export type JobRunsVariables = VariablesOf<typeof JobRunsDocument>;

export const JobRunChangedDocument = graphql(
	`
		subscription JobRunChanged {
			jobRunChanged {
				...JobRunFields
			}
		}
	`,
	[JobRunFields]
);

export const RetryJobDocument = graphql(
	`
		mutation RetryJob($id: ID!) {
			retryJob(id: $id) {
				...JobRunFields
			}
		}
	`,
	[JobRunFields]
);

export const CancelJobDocument = graphql(
	`
		mutation CancelJob($id: ID!) {
			cancelJob(id: $id) {
				...JobRunFields
			}
		}
	`,
	[JobRunFields]
);

export const JOB_RUN_STATES: readonly { state: JobRunState; label: string }[] = [
	{ state: 'CREATED', label: 'Queued' },
	{ state: 'ACTIVE', label: 'Running' },
	{ state: 'RETRY', label: 'Waiting to retry' },
	{ state: 'COMPLETED', label: 'Completed' },
	{ state: 'FAILED', label: 'Failed' },
	{ state: 'DEAD', label: 'Dead-lettered' },
	{ state: 'CANCELLED', label: 'Cancelled' }
];

/** States a job can still be cancelled from. */
export const CANCELLABLE: ReadonlySet<JobRunState> = new Set(['CREATED', 'ACTIVE', 'RETRY']);

export const jobRunStateLabel = (state: JobRunState) =>
	JOB_RUN_STATES.find((option) => option.state === state)?.label ?? state;

/** Whether a run changed by a subscription event belongs in a list filtered this way. */
export function matchesFilter(run: JobRunDetails, filter: { state?: JobRunState | null; queue?: string | null }): boolean {
	if (filter.queue && run.queue !== filter.queue) return false;
	if (!filter.state) return true;
	return filter.state === 'DEAD' ? run.deadLettered : run.state === filter.state;
}

/** A list with `run` put in place (by id) or added at the top (newest first). */
export function upsertRun(runs: readonly JobRunDetails[], run: JobRunDetails): JobRunDetails[] {
	const index = runs.findIndex((other) => other.id === run.id);
	if (index === -1) return [run, ...runs];
	// A cancelled run never starts again: progress published before the worker noticed the
	// cancellation may still arrive, and must not bring the run (and its Cancel button) back.
	if (runs[index]!.state === 'CANCELLED' && run.state !== 'CANCELLED') return [...runs];
	return runs.map((other, at) => (at === index ? run : other));
}
