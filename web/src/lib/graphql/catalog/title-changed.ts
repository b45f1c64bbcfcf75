import { gql } from '@urql/core';

export interface TitleChangedSubscription {
	titleChanged: { id: string; version: number };
}

/** Emitted after the projector has written the title's read model, so a re-query sees it. */
export const TitleChangedDocument = gql<TitleChangedSubscription, Record<string, never>>`
	subscription TitleChanged {
		titleChanged {
			id
			version
		}
	}
`;
