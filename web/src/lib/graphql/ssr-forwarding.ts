import type { Cookies } from '@sveltejs/kit';

/** One Set-Cookie header, parsed (the `cookie` package's shape, as `event.cookies.parse` returns it). */
export type ParsedSetCookie = ReturnType<Cookies['parse']>;
type CookieOptions = NonNullable<Parameters<Cookies['set']>[2]>;

export interface ReissuedCookie {
	name: string;
	value: string;
	options: CookieOptions & { path: string };
}

/**
 * The arguments for `event.cookies.set` that re-issue a cookie the API set during SSR exactly as the
 * API meant it. `cookies.set` fills in SvelteKit's defaults (HttpOnly, Secure, SameSite=Lax) for
 * anything left out, so every attribute is spelled out; the value is passed on as it came, already
 * encoded. A cookie the API expires gets Max-Age=0, which is also how SvelteKit knows not to send it
 * to the API again later in the same request.
 */
export function reissueCookie(parsed: ParsedSetCookie, now: number): ReissuedCookie {
	const { name, value = '', ...attributes } = parsed;
	const expired =
		(attributes.maxAge !== undefined && attributes.maxAge <= 0) ||
		(attributes.expires !== undefined && attributes.expires.getTime() <= now);
	return {
		name,
		value,
		options: {
			...attributes,
			...(expired && { maxAge: 0 }),
			path: attributes.path ?? '/',
			httpOnly: attributes.httpOnly ?? false,
			secure: attributes.secure ?? false,
			sameSite: attributes.sameSite ?? false,
			encode: (raw) => raw
		}
	};
}

/** A Cookie request header from name/value pairs; empty values (cleared cookies) are left out. */
export function cookieHeader(cookies: readonly { name: string; value: string }[]): string | null {
	const pairs = cookies.filter((cookie) => cookie.value !== '').map(({ name, value }) => `${name}=${value}`);
	return pairs.length > 0 ? pairs.join('; ') : null;
}

/**
 * X-Forwarded-For for an SSR request to the API: the chain the page request arrived with, then the
 * browser's address as this server saw it. The API (trusting its own machine) takes the right-most
 * address that is not loopback, so sessions and rate limits see the browser, not this server.
 */
export function forwardedFor(existing: string | null, clientAddress: string | null): string | null {
	const hops = [existing, clientAddress].map((hop) => hop?.trim()).filter((hop): hop is string => !!hop);
	return hops.length > 0 ? hops.join(', ') : null;
}
