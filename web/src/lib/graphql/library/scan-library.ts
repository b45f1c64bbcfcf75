import { gql } from '@urql/core';

export interface ScanPathMutation {
	scanPath: { id: string; queue: string };
}

export interface ScanPathMutationVariables {
	/** An absolute path inside a library root; anything else is BAD_USER_INPUT. */
	path: string;
}

export const ScanPathDocument = gql<ScanPathMutation, ScanPathMutationVariables>`
	mutation ScanPath($path: String!) {
		scanPath(path: $path) {
			id
			queue
		}
	}
`;
