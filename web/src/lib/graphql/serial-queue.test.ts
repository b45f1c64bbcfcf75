import { describe, expect, it } from 'vitest';
import { createSerialQueue, serialFetch } from './serial-queue.ts';

function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createSerialQueue', () => {
	it('starts a task only after the one before it has settled', async () => {
		const queue = createSerialQueue();
		const first = deferred<string>();
		const second = deferred<string>();
		const started: string[] = [];
		const a = queue(() => (started.push('a'), first.promise));
		const b = queue(() => (started.push('b'), second.promise));
		await tick();
		expect(started).toEqual(['a']);
		first.resolve('A');
		await expect(a).resolves.toBe('A');
		await tick();
		expect(started).toEqual(['a', 'b']);
		second.resolve('B');
		await expect(b).resolves.toBe('B');
	});

	it('keeps going after a failed task, and reports the failure to its caller', async () => {
		const queue = createSerialQueue();
		const failed = queue(() => Promise.reject(new Error('boom')));
		const next = queue(async () => 'after');
		await expect(failed).rejects.toThrow('boom');
		await expect(next).resolves.toBe('after');
	});
});

describe('serialFetch', () => {
	it('passes the arguments through and holds later requests until the response arrives', async () => {
		const responses = [deferred<Response>(), deferred<Response>()];
		const calls: string[] = [];
		const fake = ((input: RequestInfo | URL) => {
			calls.push(String(input));
			return responses[calls.length - 1]!.promise;
		}) as typeof fetch;
		const fetchOneByOne = serialFetch(fake, createSerialQueue());
		const first = fetchOneByOne('/graphql?1');
		const second = fetchOneByOne('/graphql?2');
		await tick();
		expect(calls).toEqual(['/graphql?1']);
		responses[0]!.resolve(new Response('one'));
		expect(await (await first).text()).toBe('one');
		await tick();
		expect(calls).toEqual(['/graphql?1', '/graphql?2']);
		responses[1]!.resolve(new Response('two'));
		expect(await (await second).text()).toBe('two');
	});
});
