/**
 * RATE_LIMITED answers to queries are tried once more after the wait the server advertises (the
 * Retry-After header, else `extensions.retryAfter`), when that wait is short. Mutations are never
 * repeated here: the first one may have done its work, so the page shows the error instead.
 */

/** Longest advertised wait worth sitting through; past it the error is shown with its wait. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 10;

export interface RetryOptions {
	maxWaitSeconds?: number;
	sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether a POSTed GraphQL body holds only a query (no mutation, no subscription). */
export function isQueryBody(body: unknown): boolean {
	if (typeof body !== 'string') return false;
	try {
		const { query } = JSON.parse(body) as { query?: unknown };
		if (typeof query !== 'string') return false;
		const withoutComments = query.replace(/#[^\n]*/g, '');
		// A definition starts the document or follows the closing brace of the previous one.
		return !/(^|\})\s*(mutation|subscription)\b/.test(withoutComments);
	} catch {
		return false;
	}
}

/** Seconds the server asked to wait, from the Retry-After header or the error's extensions. */
export async function advertisedWaitSeconds(response: Response): Promise<number | null> {
	const header = Number(response.headers.get('retry-after'));
	if (response.headers.has('retry-after') && Number.isFinite(header) && header >= 0) return header;
	try {
		const body = (await response.clone().json()) as { errors?: Array<{ extensions?: { code?: unknown; retryAfter?: unknown } }> };
		const limited = body.errors?.find((error) => error.extensions?.code === 'RATE_LIMITED');
		const seconds = limited?.extensions?.retryAfter;
		return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
	} catch {
		return null;
	}
}

/** Wraps `fetch` so a RATE_LIMITED query is sent once more after the advertised wait. */
export function retryRateLimitedQueries(inner: typeof fetch, options: RetryOptions = {}): typeof fetch {
	const maxWait = options.maxWaitSeconds ?? MAX_RATE_LIMIT_WAIT_SECONDS;
	const sleep = options.sleep ?? defaultSleep;
	return async (input, init) => {
		const response = await inner(input, init);
		// The API answers RATE_LIMITED with HTTP 429 (and Retry-After).
		if (response.status !== 429 || !isQueryBody(init?.body)) return response;
		const wait = await advertisedWaitSeconds(response);
		if (wait === null || wait > maxWait) return response;
		await response.body?.cancel();
		await sleep(wait * 1000);
		return inner(input, init);
	};
}
