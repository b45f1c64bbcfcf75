import { graphql } from '../graphql.ts';

/** Emitted after the projector has written the title's read model, so a re-query sees it. */
export const TitleChangedDocument = graphql(`
	subscription TitleChanged {
		titleChanged {
			id
			version
		}
	}
`);
