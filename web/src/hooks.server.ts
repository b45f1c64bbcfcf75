import type { RequestEvent } from '@sveltejs/kit';
import type { Handle, HandleFetch } from '@sveltejs/kit/hooks';
import { GRAPHQL_PATH } from '#lib/graphql/client.ts';

/**
 * Responses fetched during SSR are inlined for hydration with their headers stripped; urql reads
 * content-type to tell a GraphQL response (JSON, multipart, event stream) apart.
 */
export const handle: Handle = ({ event, resolve }) =>
	resolve(event, { filterSerializedResponseHeaders: (name) => name === 'content-type' });

/**
 * `event.fetch` answers same-origin URLs from SvelteKit's own routes, but /graphql belongs to the
 * API server this app is mounted on, so those requests must leave SvelteKit.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
	const url = new URL(request.url);
	if (url.origin !== event.url.origin || url.pathname !== GRAPHQL_PATH) {
		return fetch(request);
	}
	const headers = new Headers(request.headers);
	for (const name of ['cookie', 'authorization', 'accept-language']) {
		const value = event.request.headers.get(name);
		if (value !== null && !headers.has(name)) headers.set(name, value);
	}
	const target = new URL(`${url.pathname}${url.search}`, serverOrigin(event));
	const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
	const body = hasBody ? await request.arrayBuffer() : undefined;
	return globalThis.fetch(target, { method: request.method, headers, body, signal: request.signal });
};

/**
 * The address of the socket that received this request: the very server that also serves
 * /graphql, whatever its port. `event.url.origin` is not usable here: without ORIGIN or
 * PROTOCOL_HEADER adapter-node assumes https, and behind a proxy it names the public host.
 * `vite dev` has no Node request; its origin is the dev server, which proxies /graphql.
 */
function serverOrigin(event: RequestEvent): string {
	const socket = event.platform?.req.socket;
	if (!socket?.localAddress || !socket.localPort) return event.url.origin;
	const host = socket.localAddress.includes(':') ? `[${socket.localAddress}]` : socket.localAddress;
	const scheme = 'encrypted' in socket && socket.encrypted === true ? 'https' : 'http';
	return `${scheme}://${host}:${socket.localPort}`;
}
