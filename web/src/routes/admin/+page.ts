import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';
import { UsersDocument } from '#lib/graphql/auth/users.ts';
import { loadQuery } from '#lib/graphql/load.ts';

export const load: PageLoad = async ({ fetch, parent }) => {
	const { viewer } = await parent();
	if (viewer?.role !== 'ADMIN') error(403, 'Only administrators manage users.');
	return { users: await loadQuery(fetch, UsersDocument, {}) };
};
