import { graphql } from '../graphql.ts';

/** `path` is an absolute path inside a library root; anything else is BAD_USER_INPUT. */
export const ScanPathDocument = graphql(`
	mutation ScanPath($path: String!) {
		scanPath(path: $path) {
			id
			queue
		}
	}
`);
