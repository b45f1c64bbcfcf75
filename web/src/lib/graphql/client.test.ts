import { describe, expect, it } from 'vitest';
import { graphqlWsUrl } from './client.ts';

describe('graphqlWsUrl', () => {
	it.each([
		[{ protocol: 'http:', host: 'localhost:3000' }, 'ws://localhost:3000/graphql'],
		[{ protocol: 'https:', host: 'media.example.org' }, 'wss://media.example.org/graphql'],
		[{ protocol: 'http:', host: '[::1]:8080' }, 'ws://[::1]:8080/graphql']
	])('derives the socket URL from %o', (location, expected) => {
		expect(graphqlWsUrl(location)).toBe(expected);
	});
});
