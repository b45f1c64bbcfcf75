import { JOB_RUN_STATES, type JobRunState } from '#lib/graphql/job-run/job-runs.ts';

export const ACTIVITY_PAGE_SIZE = 50;

export interface ActivityFilter {
	state: JobRunState | null;
	queue: string | null;
}

/** The activity list's filter from the page's query string (?state=DEAD&queue=scan-library). */
export function activityFilter(url: URL): ActivityFilter {
	const state = url.searchParams.get('state');
	const queue = url.searchParams.get('queue');
	return {
		state: JOB_RUN_STATES.some((option) => option.state === state) ? (state as JobRunState) : null,
		queue: queue || null
	};
}
