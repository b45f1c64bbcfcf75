import type { PageLoad } from './$types';
import { ACCOUNT_DEPENDENCY } from '#lib/auth/dependencies.ts';
import { createGraphqlClient } from '#lib/graphql/client.ts';
import { AccountDocument } from '#lib/graphql/auth/account.ts';
import { toProblems } from '#lib/graphql/problems.ts';

export const load: PageLoad = async ({ fetch, depends }) => {
	depends(ACCOUNT_DEPENDENCY);
	const result = await createGraphqlClient({ fetch })
		.query(AccountDocument, {}, { requestPolicy: 'network-only' })
		.toPromise();
	return {
		sessions: result.data?.sessions ?? null,
		apiKeys: result.data?.apiKeys ?? null,
		problems: toProblems(result.error)
	};
};
