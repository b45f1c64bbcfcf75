import { Client, cacheExchange, fetchExchange, subscriptionExchange, type Exchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

/** Same-origin path of the API: the server mounts this app next to it. */
export const GRAPHQL_PATH = '/graphql';

export interface GraphqlClientOptions {
	/** Pass `load`'s `fetch` during SSR so the request goes to the origin that served the page. */
	fetch?: typeof fetch;
	/** Add the graphql-ws exchange; only meaningful in the browser. */
	subscriptions?: boolean;
}

export function createGraphqlClient(options: GraphqlClientOptions = {}): Client {
	const exchanges: Exchange[] = [cacheExchange, fetchExchange];
	if (options.subscriptions) {
		exchanges.push(
			subscriptionExchange({
				forwardSubscription(request) {
					const operation = { ...request, query: request.query ?? '' };
					return {
						subscribe(sink) {
							return { unsubscribe: browserWsClient().subscribe(operation, sink) };
						}
					};
				}
			})
		);
	}
	return new Client({
		url: GRAPHQL_PATH,
		exchanges,
		fetch: options.fetch,
		// Apollo's CSRF prevention refuses GET queries without a preflight header.
		preferGetMethod: false
	});
}

let wsClient: WsClient | undefined;
const reconnectListeners = new Set<() => void>();

/** Derives ws(s)://host/graphql from the page's own location, so any host and port work. */
export function graphqlWsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
	const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
	return `${scheme}//${location.host}${GRAPHQL_PATH}`;
}

/** Created on first use, so neither SSR nor a page without subscriptions opens a socket. */
function browserWsClient(): WsClient {
	if (typeof window === 'undefined') {
		throw new Error('graphql-ws is browser-only; subscribe from an effect or event handler');
	}
	wsClient ??= createWsClient({
		url: graphqlWsUrl(window.location),
		// A catalog tab stays open for days: keep retrying (graphql-ws backs off exponentially).
		retryAttempts: Number.POSITIVE_INFINITY,
		shouldRetry: () => true,
		on: {
			connected: (_socket, _payload, wasRetry) => {
				if (wasRetry) for (const listener of reconnectListeners) listener();
			}
		}
	});
	return wsClient;
}

/**
 * Events published while the socket was down are lost; callers use this to re-read what a
 * subscription would have told them. Returns the function that removes the listener.
 */
export function onSubscriptionsReconnected(listener: () => void): () => void {
	reconnectListeners.add(listener);
	return () => reconnectListeners.delete(listener);
}
