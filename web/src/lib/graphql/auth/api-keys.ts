import { gql } from '@urql/core';

export type ApiScope = 'CATALOG_READ' | 'CATALOG_WRITE' | 'LIBRARY_WRITE' | 'JOBS' | 'ADMIN';

/** Every scope a key can carry, in the order forms list them, with what each allows. */
export const API_SCOPES: readonly { scope: ApiScope; label: string; description: string }[] = [
	{ scope: 'CATALOG_READ', label: 'Read the catalog', description: 'titles, seasons, people, search and live changes' },
	{ scope: 'CATALOG_WRITE', label: 'Edit the catalog', description: 'create, edit, merge and delete titles and people' },
	{ scope: 'LIBRARY_WRITE', label: 'Scan libraries', description: 'queue scans of folders on the server' },
	{ scope: 'JOBS', label: 'Follow jobs', description: 'progress of scans and other jobs' },
	{ scope: 'ADMIN', label: 'Administer', description: 'manage users and purge deleted titles' }
];

export interface ApiKey {
	id: string;
	name: string;
	/** The start of the key, to tell keys apart; the secret is shown once, at creation. */
	prefix: string;
	scopes: ApiScope[];
	createdAt: string;
	expiresAt: string | null;
	lastUsedAt: string | null;
}

export interface CreateApiKeyMutation {
	createApiKey: { key: string; apiKey: { id: string; prefix: string } };
}

export interface CreateApiKeyMutationVariables {
	input: { name: string; scopes: ApiScope[]; expiresAt?: string | null };
}

/** The answer holds the key itself, for this once only. */
export const CreateApiKeyDocument = gql<CreateApiKeyMutation, CreateApiKeyMutationVariables>`
	mutation CreateApiKey($input: CreateApiKeyInput!) {
		createApiKey(input: $input) {
			key
			apiKey {
				id
				prefix
			}
		}
	}
`;

export interface RevokeApiKeyMutation {
	revokeApiKey: boolean;
}

export const RevokeApiKeyDocument = gql<RevokeApiKeyMutation, { id: string }>`
	mutation RevokeApiKey($id: ID!) {
		revokeApiKey(id: $id)
	}
`;
