import { error, redirect } from '@sveltejs/kit';
import type { LayoutLoad } from './$types';
import { AUTH_DEPENDENCY } from '#lib/auth/dependencies.ts';
import { authRedirect } from '#lib/auth/redirects.ts';
import { createGraphqlClient } from '#lib/graphql/client.ts';
import { AuthStatusDocument } from '#lib/graphql/auth/auth-status.ts';
import { toProblems } from '#lib/graphql/problems.ts';

/**
 * Who is signed in, for every page; and the guard: first run goes to /setup, a signed-out visitor
 * to /login (with the page to return to), a signed-in one away from /login and /setup.
 */
export const load: LayoutLoad = async ({ fetch, url, depends }) => {
	depends(AUTH_DEPENDENCY);
	const result = await createGraphqlClient({ fetch })
		.query(AuthStatusDocument, {}, { requestPolicy: 'network-only' })
		.toPromise();
	const status = result.data?.authStatus;
	if (!status) {
		const reason = toProblems(result.error)
			.map((problem) => problem.message)
			.join('; ');
		error(503, `Marquee's API did not say who is signed in: ${reason || 'no answer'}`);
	}
	const target = authRedirect({ setupRequired: status.setupRequired, signedIn: status.viewer !== null }, url);
	if (target !== null) redirect(307, target);
	return { viewer: status.viewer, setupRequired: status.setupRequired };
};
