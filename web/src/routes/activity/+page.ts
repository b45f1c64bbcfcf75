import type { PageLoad } from './$types';
import { JobRunsDocument } from '#lib/graphql/job-run/job-runs.ts';
import { loadQuery } from '#lib/graphql/load.ts';
import { ACTIVITY_PAGE_SIZE, activityFilter } from './filter.ts';

export const load: PageLoad = async ({ fetch, url }) => {
	const filter = activityFilter(url);
	return { filter, runs: await loadQuery(fetch, JobRunsDocument, { first: ACTIVITY_PAGE_SIZE, ...filter }) };
};
