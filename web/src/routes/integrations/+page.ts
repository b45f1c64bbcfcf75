import type { PageLoad } from './$types';
import { IntegrationsDocument } from '#lib/graphql/integrations/integrations.ts';
import { loadQuery } from '#lib/graphql/load.ts';

export const load: PageLoad = async ({ fetch }) => ({ integrations: await loadQuery(fetch, IntegrationsDocument, {}) });
