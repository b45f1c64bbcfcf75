import { gql } from '@urql/core';

export type Role = 'GUEST' | 'MEMBER' | 'ADMIN';

/** The signed-in user, as the layout shows them. */
export interface Viewer {
	id: string;
	username: string;
	displayName: string | null;
	role: Role;
}

export interface AuthStatusQuery {
	authStatus: { setupRequired: boolean; viewer: Viewer | null };
}

/** Public: answers signed out too, and refreshes an expired cookie session on the way. */
export const AuthStatusDocument = gql<AuthStatusQuery, Record<string, never>>`
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
`;
