import { graphql, type ResultOf } from '../graphql.ts';

export const SessionFields = graphql(`
	fragment SessionFields on Session @_unmask {
		id
		device
		address
		createdAt
		lastUsedAt
		current
	}
`);

/** A signed-in device; `current` marks the session this browser is using. */
export type Session = ResultOf<typeof SessionFields>;

export const RevokeSessionDocument = graphql(`
	mutation RevokeSession($id: ID!) {
		revokeSession(id: $id)
	}
`);

/** Answers how many devices were signed out. */
export const RevokeOtherSessionsDocument = graphql(`
	mutation RevokeOtherSessions {
		revokeOtherSessions
	}
`);
