import type { PageLoad } from './$types';
import { WatchHistoryDocument } from '#lib/graphql/user-library/library.ts';
import { loadQuery } from '#lib/graphql/load.ts';

export const load: PageLoad = async ({ fetch }) => ({ history: await loadQuery(fetch, WatchHistoryDocument, { first: 100 }) });
