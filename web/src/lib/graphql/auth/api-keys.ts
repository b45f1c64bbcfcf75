import { graphql, type ResultOf } from '../graphql.ts';

export const ApiKeyFields = graphql(`
	fragment ApiKeyFields on ApiKey @_unmask {
		id
		name
		prefix
		scopes
		createdAt
		expiresAt
		lastUsedAt
	}
`);

/** One of the user's API keys: `prefix` tells keys apart; the secret is shown once, at creation. */
export type ApiKey = ResultOf<typeof ApiKeyFields>;
export type ApiScope = ApiKey['scopes'][number];

/** Every scope a key can carry, in the order forms list them, with what each allows. */
export const API_SCOPES: readonly { scope: ApiScope; label: string; description: string }[] = [
	{ scope: 'CATALOG_READ', label: 'Read the catalog', description: 'titles, seasons, people, search and live changes' },
	{ scope: 'CATALOG_WRITE', label: 'Edit the catalog', description: 'create, edit, merge and delete titles and people' },
	{ scope: 'LIBRARY_WRITE', label: 'Scan libraries', description: 'queue scans of folders on the server' },
	{ scope: 'JOBS', label: 'Follow jobs', description: 'progress of scans and other jobs' },
	{ scope: 'ADMIN', label: 'Administer', description: 'manage users and purge deleted titles' }
];

/** The answer holds the key itself, for this once only. */
export const CreateApiKeyDocument = graphql(`
	mutation CreateApiKey($input: CreateApiKeyInput!) {
		createApiKey(input: $input) {
			key
			apiKey {
				id
				prefix
			}
		}
	}
`);

export const RevokeApiKeyDocument = graphql(`
	mutation RevokeApiKey($id: ID!) {
		revokeApiKey(id: $id)
	}
`);
