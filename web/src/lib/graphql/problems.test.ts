import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { toProblems } from './problems.ts';

describe('toProblems', () => {
	it('is empty without an error', () => {
		expect(toProblems(undefined)).toEqual([]);
	});

	it('keeps each GraphQL error with its extensions.code', () => {
		const error = new CombinedError({
			graphQLErrors: [
				new GraphQLError('path must be absolute', { extensions: { code: 'BAD_USER_INPUT' } }),
				new GraphQLError('no code here')
			]
		});
		expect(toProblems(error)).toEqual([
			{ message: 'path must be absolute', code: 'BAD_USER_INPUT' },
			{ message: 'no code here' }
		]);
	});

	it('reports a network failure as NETWORK_ERROR', () => {
		const error = new CombinedError({ networkError: new TypeError('fetch failed') });
		expect(toProblems(error)).toEqual([{ message: 'fetch failed', code: 'NETWORK_ERROR' }]);
	});
});
