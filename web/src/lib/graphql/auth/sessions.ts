import { gql } from '@urql/core';

/** A signed-in device. */
export interface Session {
	id: string;
	device: string;
	address: string;
	createdAt: string;
	lastUsedAt: string;
	/** The session this browser is using. */
	current: boolean;
}

export interface RevokeSessionMutation {
	revokeSession: boolean;
}

export const RevokeSessionDocument = gql<RevokeSessionMutation, { id: string }>`
	mutation RevokeSession($id: ID!) {
		revokeSession(id: $id)
	}
`;

export interface RevokeOtherSessionsMutation {
	/** How many devices were signed out. */
	revokeOtherSessions: number;
}

export const RevokeOtherSessionsDocument = gql<RevokeOtherSessionsMutation, Record<string, never>>`
	mutation RevokeOtherSessions {
		revokeOtherSessions
	}
`;
