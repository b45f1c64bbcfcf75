import type { PageLoad } from './$types';
import { DashboardDocument } from '#lib/graphql/dashboard/dashboard.ts';
import { LibraryStatisticsDocument } from '#lib/graphql/dashboard/statistics.ts';
import { ProviderHealthDocument } from '#lib/graphql/dashboard/providers.ts';
import { loadQuery } from '#lib/graphql/load.ts';

export const load: PageLoad = async ({ fetch, parent }) => {
	const { viewer } = await parent();
	const jobs = viewer?.role === 'ADMIN' || viewer?.role === 'MEMBER';
	// Provider health is for admins (it names configuration); others do not ask.
	const [dashboard, statistics, providers] = await Promise.all([
		loadQuery(fetch, DashboardDocument, { jobs }),
		loadQuery(fetch, LibraryStatisticsDocument, {}),
		viewer?.role === 'ADMIN' ? loadQuery(fetch, ProviderHealthDocument, {}) : Promise.resolve(null)
	]);
	return { jobs, dashboard, statistics, providers: providers?.data?.providers ?? null };
};
