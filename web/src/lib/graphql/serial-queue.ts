/**
 * Runs tasks one at a time, in the order they were queued; a task that fails does not stop the
 * ones after it.
 *
 * Why: a browser whose access cookie has expired sends only the refresh cookie, and the server
 * spends it to sign the request in. Two such requests in flight at once present the same refresh
 * token twice, which the server treats as theft and ends the session. One request at a time means
 * the second one carries the cookies the first one's answer set.
 */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

export function createSerialQueue(): SerialQueue {
	let last: Promise<unknown> = Promise.resolve();
	return (task) => {
		const run = last.then(task);
		last = run.catch(() => undefined);
		return run;
	};
}

/**
 * `fetch` through a queue. It resolves when the response headers (with any Set-Cookie) arrive,
 * so a streamed body does not hold up the next request.
 */
export function serialFetch(fetchImpl: typeof fetch, queue: SerialQueue): typeof fetch {
	return (input, init) => queue(() => fetchImpl(input, init));
}
