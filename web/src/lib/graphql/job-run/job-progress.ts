import { graphql, type ResultOf } from '../graphql.ts';

/** Emits each step and completes after a terminal state. */
export const JobProgressDocument = graphql(`
	subscription JobProgress($jobId: ID!) {
		jobProgress(jobId: $jobId) {
			jobId
			queue
			state
			done
			total
			message
		}
	}
`);

export type JobProgress = ResultOf<typeof JobProgressDocument>['jobProgress'];
export type JobState = JobProgress['state'];

export const TERMINAL_JOB_STATES: ReadonlySet<JobState> = new Set<JobState>(['COMPLETED', 'FAILED', 'CANCELLED']);
