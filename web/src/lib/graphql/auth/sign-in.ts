import { graphql, type ResultOf } from '../graphql.ts';

const SignedInUserFields = graphql(`
	fragment SignedInUserFields on User @_unmask {
		id
		username
		role
	}
`);

export type SignedInUser = ResultOf<typeof SignedInUserFields>;

/**
 * `cookies: true`: the server sets the httpOnly session cookies on this answer and leaves the token
 * fields null, so no token is ever readable by the page's scripts.
 */
export const LoginDocument = graphql(
	`
		mutation Login($input: Credentials!) {
			login(input: $input, cookies: true) {
				user {
					...SignedInUserFields
				}
			}
		}
	`,
	[SignedInUserFields]
);

/** First run only: creates the first admin and signs them in with cookies. */
export const SetupDocument = graphql(
	`
		mutation Setup($input: SetupInput!) {
			setup(input: $input, cookies: true) {
				user {
					...SignedInUserFields
				}
			}
		}
	`,
	[SignedInUserFields]
);

/** Ends this session and clears its cookies. */
export const LogoutDocument = graphql(`
	mutation Logout {
		logout
	}
`);
