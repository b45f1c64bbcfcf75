import {
	Client,
	cacheExchange,
	fetchExchange,
	mapExchange,
	subscriptionExchange,
	type Exchange
} from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { isUnauthenticated } from './problems.ts';
import { createSerialQueue, serialFetch } from './serial-queue.ts';
import { retryRateLimitedQueries } from './rate-limit-retry.ts';

/** Same-origin path of the API: the server mounts this app next to it. */
export const GRAPHQL_PATH = '/graphql';

export interface GraphqlClientOptions {
	/** Pass `load`'s `fetch` during SSR so the request goes to the origin that served the page. */
	fetch?: typeof fetch;
	/** Add the graphql-ws exchange; only meaningful in the browser. */
	subscriptions?: boolean;
	/** Called when the server answers UNAUTHENTICATED: the session has ended (revoked or expired). */
	onUnauthenticated?: () => void;
}

const inBrowser = () => typeof window !== 'undefined';

/**
 * Every HTTP request of this page, one at a time (see serial-queue.ts for why). Browser only: a
 * server module is shared by all requests; SSR serialises per request in hooks.server.ts.
 */
const pageQueue = createSerialQueue();

export function createGraphqlClient(options: GraphqlClientOptions = {}): Client {
	const exchanges: Exchange[] = [];
	const { onUnauthenticated } = options;
	if (onUnauthenticated) {
		exchanges.push(
			mapExchange({
				onError(error) {
					if (isUnauthenticated(error)) onUnauthenticated();
				}
			})
		);
	}
	exchanges.push(cacheExchange, fetchExchange);
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
		fetch: inBrowser()
			? serialFetch(retryRateLimitedQueries(options.fetch ?? ((input, init) => globalThis.fetch(input, init))), pageQueue)
			: options.fetch && retryRateLimitedQueries(options.fetch),
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

/**
 * The socket authenticates with the cookies of its handshake, and a handshake cannot set cookies.
 * If the access cookie had expired, the server would spend the refresh cookie for the socket and
 * the browser would keep the spent one, ending the session at its next request. So before each
 * (re)connect, one cheap HTTP request lets the server renew the cookies where the browser keeps
 * them.
 */
async function renewSessionCookies(): Promise<void> {
	try {
		const response = await pageQueue(() =>
			globalThis.fetch(GRAPHQL_PATH, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
				body: JSON.stringify({ query: 'query SessionCheck { authStatus { setupRequired } }' })
			})
		);
		await response.body?.cancel();
	} catch {
		// The connection attempt that follows fails the same way and is retried.
	}
}

/** Created on first use, so neither SSR nor a page without subscriptions opens a socket. */
function browserWsClient(): WsClient {
	if (!inBrowser()) {
		throw new Error('graphql-ws is browser-only; subscribe from an effect or event handler');
	}
	wsClient ??= createWsClient({
		url: async () => {
			await renewSessionCookies();
			return graphqlWsUrl(window.location);
		},
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
