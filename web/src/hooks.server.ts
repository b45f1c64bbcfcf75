import type { RequestEvent } from '@sveltejs/kit';
import type { Handle, HandleFetch } from '@sveltejs/kit/hooks';
import { GRAPHQL_PATH } from '#lib/graphql/client.ts';
import { createSerialQueue, type SerialQueue } from '#lib/graphql/serial-queue.ts';
import { cookieHeader, forwardedFor, reissueCookie } from '#lib/graphql/ssr-forwarding.ts';

/**
 * Responses fetched during SSR are inlined for hydration with their headers stripped; urql reads
 * content-type to tell a GraphQL response (JSON, multipart, event stream) apart.
 *
 * Pages are rendered for whoever is signed in: no cache may keep them, so after signing out the
 * Back button reloads (and is sent to /login) instead of showing the previous user's page.
 */
export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event, { filterSerializedResponseHeaders: (name) => name === 'content-type' });
	if (response.headers.get('content-type')?.startsWith('text/html') && !response.headers.has('cache-control')) {
		response.headers.set('cache-control', 'no-store');
	}
	return response;
};

/** Headers of the page request that also describe the API request made on its behalf. */
const FORWARDED_HEADERS = ['authorization', 'accept-language', 'user-agent', 'x-forwarded-proto'];

/** One queue per page request: its /graphql requests go one at a time (see serial-queue.ts). */
const queues = new WeakMap<RequestEvent, SerialQueue>();

/**
 * `event.fetch` answers same-origin URLs from SvelteKit's own routes, but /graphql belongs to the
 * API server this app is mounted on, so those requests must leave SvelteKit. SvelteKit applies the
 * Set-Cookie headers of its own routes' responses only; for these the hook does it: when the API
 * renews an expired cookie session during SSR, the new cookies must reach the browser (its old
 * refresh cookie is spent) and the page request's later API requests must carry them.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
	const url = new URL(request.url);
	if (url.origin !== event.url.origin || url.pathname !== GRAPHQL_PATH) {
		return fetch(request);
	}
	const target = new URL(`${url.pathname}${url.search}`, serverOrigin(event));
	const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
	const body = hasBody ? await request.arrayBuffer() : undefined;
	let queue = queues.get(event);
	if (!queue) queues.set(event, (queue = createSerialQueue()));
	return queue(async () => {
		const response = await globalThis.fetch(target, {
			method: request.method,
			headers: apiHeaders(event, request),
			body,
			signal: request.signal
		});
		const now = Date.now();
		for (const line of response.headers.getSetCookie()) {
			const cookie = reissueCookie(event.cookies.parse(line, { decode: (value) => value }), now);
			event.cookies.set(cookie.name, cookie.value, cookie.options);
		}
		return response;
	});
};

function apiHeaders(event: RequestEvent, request: Request): Headers {
	const headers = new Headers(request.headers);
	// A call from this server, not a cross-site request: the API compares Origin with its Host,
	// which behind a proxy is not the public host `event.url` names.
	headers.delete('origin');
	// The browser's cookies, as renewed by earlier API answers during this request.
	const cookie = cookieHeader(event.cookies.getAll({ decode: (value) => value }));
	if (cookie === null) headers.delete('cookie');
	else headers.set('cookie', cookie);
	for (const name of FORWARDED_HEADERS) {
		const value = event.request.headers.get(name);
		if (value !== null && !headers.has(name)) headers.set(name, value);
	}
	const chain = forwardedFor(event.request.headers.get('x-forwarded-for'), clientAddress(event));
	if (chain !== null) headers.set('x-forwarded-for', chain);
	return headers;
}

function clientAddress(event: RequestEvent): string | null {
	try {
		return event.getClientAddress();
	} catch {
		// `vite dev` behind some proxies cannot tell.
		return null;
	}
}

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
