import { graphql } from '../graphql.ts';
import { ApiKeyFields } from './api-keys.ts';
import { SessionFields } from './sessions.ts';

/** Everything the account page lists: this user's devices and API keys. */
export const AccountDocument = graphql(
	`
		query Account {
			sessions {
				...SessionFields
			}
			apiKeys {
				...ApiKeyFields
			}
		}
	`,
	[SessionFields, ApiKeyFields]
);
