import { gql } from '@urql/core';

export type JobState = 'CREATED' | 'ACTIVE' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export const TERMINAL_JOB_STATES: ReadonlySet<JobState> = new Set([
	'COMPLETED',
	'FAILED',
	'CANCELLED'
]);

export interface JobProgress {
	jobId: string;
	queue: string;
	state: JobState;
	done: number;
	total: number;
	message: string | null;
}

export interface JobProgressSubscription {
	jobProgress: JobProgress;
}

export interface JobProgressSubscriptionVariables {
	jobId: string;
}

/** Emits each step and completes after a terminal state. */
export const JobProgressDocument = gql<JobProgressSubscription, JobProgressSubscriptionVariables>`
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
`;
