import { gql } from '@urql/core';

export interface ScanLibraryMutation {
	scanLibrary: { id: string; queue: string };
}

export interface ScanLibraryMutationVariables {
	/** An absolute directory path on the server; anything else is BAD_USER_INPUT. */
	path: string;
}

export const ScanLibraryDocument = gql<ScanLibraryMutation, ScanLibraryMutationVariables>`
	mutation ScanLibrary($path: String!) {
		scanLibrary(path: $path) {
			id
			queue
		}
	}
`;
