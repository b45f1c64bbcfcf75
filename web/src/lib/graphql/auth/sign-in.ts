import { gql } from '@urql/core';
import type { Role } from './auth-status.ts';

export interface SignedInUser {
	id: string;
	username: string;
	role: Role;
}

export interface LoginMutation {
	login: { user: SignedInUser };
}

export interface LoginMutationVariables {
	input: { username: string; password: string };
}

/**
 * `cookies: true`: the server sets the httpOnly session cookies on this answer and leaves the token
 * fields null, so no token is ever readable by the page's scripts.
 */
export const LoginDocument = gql<LoginMutation, LoginMutationVariables>`
	mutation Login($input: Credentials!) {
		login(input: $input, cookies: true) {
			user {
				id
				username
				role
			}
		}
	}
`;

export interface SetupMutation {
	setup: { user: SignedInUser };
}

export interface SetupMutationVariables {
	input: { username: string; password: string; displayName?: string | null };
}

/** First run only: creates the first admin and signs them in with cookies. */
export const SetupDocument = gql<SetupMutation, SetupMutationVariables>`
	mutation Setup($input: SetupInput!) {
		setup(input: $input, cookies: true) {
			user {
				id
				username
				role
			}
		}
	}
`;

export interface LogoutMutation {
	logout: boolean;
}

/** Ends this session and clears its cookies. */
export const LogoutDocument = gql<LogoutMutation, Record<string, never>>`
	mutation Logout {
		logout
	}
`;
