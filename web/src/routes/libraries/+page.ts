import type { PageLoad } from './$types';
import { LibrariesDocument } from '#lib/graphql/library/libraries.ts';
import { loadQuery } from '#lib/graphql/load.ts';

export const load: PageLoad = async ({ fetch }) => ({ libraries: await loadQuery(fetch, LibrariesDocument, {}) });
