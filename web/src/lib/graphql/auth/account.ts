import { gql } from '@urql/core';
import type { ApiKey } from './api-keys.ts';
import type { Session } from './sessions.ts';

export interface AccountQuery {
	sessions: Session[];
	apiKeys: ApiKey[];
}

/** Everything the account page lists: this user's devices and API keys. */
export const AccountDocument = gql<AccountQuery, Record<string, never>>`
	query Account {
		sessions {
			id
			device
			address
			createdAt
			lastUsedAt
			current
		}
		apiKeys {
			id
			name
			prefix
			scopes
			createdAt
			expiresAt
			lastUsedAt
		}
	}
`;
