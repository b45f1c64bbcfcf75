import { describe, expect, it } from 'vitest';
import { advertisedWaitSeconds, isQueryBody, retryRateLimitedQueries } from './rate-limit-retry.ts';

const body = (query: string) => JSON.stringify({ query, variables: {} });
const limited = (seconds: number, header = true) =>
	new Response(JSON.stringify({ errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED', retryAfter: seconds } }] }), {
		status: 429,
		headers: header ? { 'content-type': 'application/json', 'retry-after': String(seconds) } : { 'content-type': 'application/json' }
	});
const ok = () => new Response(JSON.stringify({ data: { titles: { totalCount: 1 } } }), { status: 200 });

/** A fetch answering from a script, recording each call; and a sleep recording each wait. */
function scripted(...answers: Array<() => Response>) {
	const calls: Array<RequestInit | undefined> = [];
	const waits: number[] = [];
	const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
		calls.push(init);
		const next = answers.shift();
		if (!next) throw new Error('no more answers');
		return next();
	}) as typeof globalThis.fetch;
	const sleep = async (ms: number) => {
		waits.push(ms);
	};
	return { fetch, calls, waits, sleep };
}

describe('isQueryBody', () => {
	it.each([
		['query Titles { titles(first: 1) { totalCount } }', true],
		['{ titles { totalCount } }', true],
		['query A { ...F }\nfragment F on Query { mutationCount: phases { queue } }', true],
		['# a comment\nmutation Retry($id: ID!) { retryJob(id: $id) { id } }', false],
		['fragment F on JobRun { id }\nmutation M { cancelJob(id: "1") { ...F } }', false],
		['subscription S { jobRunChanged { id } }', false]
	])('%s → %s', (query, expected) => {
		expect(isQueryBody(body(query))).toBe(expected);
	});

	it('treats anything it cannot read as not a query', () => {
		expect(isQueryBody('not json')).toBe(false);
		expect(isQueryBody(undefined)).toBe(false);
	});
});

describe('retryRateLimitedQueries', () => {
	it('sends a RATE_LIMITED query once more after the advertised wait', async () => {
		const script = scripted(() => limited(2), ok);
		const response = await retryRateLimitedQueries(script.fetch, { sleep: script.sleep })('/graphql', { method: 'POST', body: body('{ titles { totalCount } }') });
		expect(response.status).toBe(200);
		expect(script.calls).toHaveLength(2);
		expect(script.waits).toEqual([2000]);
	});

	it('retries only once: a second RATE_LIMITED answer is handed on', async () => {
		const script = scripted(() => limited(1), () => limited(1));
		const response = await retryRateLimitedQueries(script.fetch, { sleep: script.sleep })('/graphql', { method: 'POST', body: body('{ titles { totalCount } }') });
		expect(response.status).toBe(429);
		expect(script.calls).toHaveLength(2);
	});

	it('never repeats a mutation', async () => {
		const script = scripted(() => limited(1));
		const response = await retryRateLimitedQueries(script.fetch, { sleep: script.sleep })('/graphql', { method: 'POST', body: body('mutation { retryJob(id: "1") { id } }') });
		expect(response.status).toBe(429);
		expect(script.calls).toHaveLength(1);
		expect(script.waits).toEqual([]);
	});

	it('hands on a wait longer than it is worth sitting through, with its body readable', async () => {
		const script = scripted(() => limited(600));
		const response = await retryRateLimitedQueries(script.fetch, { sleep: script.sleep, maxWaitSeconds: 10 })('/graphql', { method: 'POST', body: body('{ titles { totalCount } }') });
		expect(response.status).toBe(429);
		expect(((await response.json()) as { errors: Array<{ extensions: { retryAfter: number } }> }).errors[0]!.extensions.retryAfter).toBe(600);
		expect(script.calls).toHaveLength(1);
	});

	it('leaves other answers alone', async () => {
		const script = scripted(ok);
		const response = await retryRateLimitedQueries(script.fetch, { sleep: script.sleep })('/graphql', { method: 'POST', body: body('{ titles { totalCount } }') });
		expect(response.status).toBe(200);
		expect(script.calls).toHaveLength(1);
	});
});

describe('advertisedWaitSeconds', () => {
	it('reads Retry-After, else extensions.retryAfter', async () => {
		expect(await advertisedWaitSeconds(limited(7))).toBe(7);
		expect(await advertisedWaitSeconds(limited(3, false))).toBe(3);
		expect(await advertisedWaitSeconds(new Response('{}', { status: 429 }))).toBeNull();
	});
});
