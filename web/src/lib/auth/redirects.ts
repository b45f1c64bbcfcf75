export const LOGIN_PATH = '/login';
export const SETUP_PATH = '/setup';
/** Shared lists (`/l/<slug>`) are readable by anyone with the link, signed in or not. */
export const PUBLIC_LIST_PATH = '/l/';

/** Stands in for the page's origin when resolving `next`; any origin but this one is foreign. */
const PROBE_ORIGIN = 'http://marquee.invalid';

/**
 * The `next` target of /login and /setup, reduced to a path on this site: anything else (an
 * absolute or protocol-relative URL, backslash or control-character tricks that browsers read as
 * another host, a path that normalises to `//host`) becomes `fallback`, so the parameter can never
 * send someone to another site. /login and /setup themselves are refused too, so a sign-in never
 * lands on a sign-in page.
 */
export function safeNextPath(raw: string | null | undefined, fallback = '/'): string {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//')) return fallback;
	// Browsers treat `\` as `/` and drop tabs and newlines, so `/\evil.example` means `//evil.example`.
	if (raw.includes('\\') || /\p{Cc}/u.test(raw)) return fallback;
	let url: URL;
	try {
		url = new URL(raw, PROBE_ORIGIN);
	} catch {
		return fallback;
	}
	const path = `${url.pathname}${url.search}${url.hash}`;
	if (url.origin !== PROBE_ORIGIN || path.startsWith('//')) return fallback;
	if (url.pathname === LOGIN_PATH || url.pathname === SETUP_PATH) return fallback;
	return path;
}

/** `page` with `?next=` when there is somewhere other than the catalog to return to. */
export function withNext(page: typeof LOGIN_PATH | typeof SETUP_PATH, next: string | null): string {
	const target = safeNextPath(next);
	return target === '/' ? page : `${page}?${new URLSearchParams({ next: target })}`;
}

export interface AuthState {
	/** No user exists yet: only /setup is useful. */
	setupRequired: boolean;
	signedIn: boolean;
}

/**
 * Where a request for `url` must go instead, or null to show it. /login and /setup are the only
 * pages for people who are not signed in; everything else needs a signed-in viewer.
 */
export function authRedirect(state: AuthState, url: Pick<URL, 'pathname' | 'search' | 'searchParams'>): string | null {
	const here = `${url.pathname}${url.search}`;
	const next = url.searchParams.get('next');
	if (state.setupRequired) return url.pathname === SETUP_PATH ? null : withNext(SETUP_PATH, here);
	if (url.pathname === LOGIN_PATH || url.pathname === SETUP_PATH) {
		if (state.signedIn) return safeNextPath(next);
		return url.pathname === SETUP_PATH ? withNext(LOGIN_PATH, next) : null;
	}
	if (url.pathname.startsWith(PUBLIC_LIST_PATH)) return null;
	return state.signedIn ? null : withNext(LOGIN_PATH, here);
}
