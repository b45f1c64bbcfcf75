import { graphql, type ResultOf } from '../graphql.ts';

/** Public: answers signed out too, and refreshes an expired cookie session on the way. */
export const AuthStatusDocument = graphql(`
	query AuthStatus {
		authStatus {
			setupRequired
			viewer {
				id
				username
				displayName
				role
			}
		}
	}
`);

/** The signed-in user, as the layout shows them. */
export type Viewer = NonNullable<ResultOf<typeof AuthStatusDocument>['authStatus']['viewer']>;
