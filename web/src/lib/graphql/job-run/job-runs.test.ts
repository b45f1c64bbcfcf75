import { describe, expect, it } from 'vitest';
import { upsertRun, type JobRunDetails } from './job-runs.ts';

const run = (id: string, state: JobRunDetails['state'], done = 0): JobRunDetails => ({
	id,
	queue: 'scan-library',
	state,
	deadLettered: false,
	attempt: 1,
	done,
	total: 100,
	message: null,
	error: null,
	target: null,
	libraryId: null,
	titleId: null,
	createdAt: '2026-01-01T00:00:00.000Z',
	startedAt: null,
	finishedAt: null
});

describe('upsertRun', () => {
	it('puts a new run first and replaces a known one in place', () => {
		const list = upsertRun([run('a', 'COMPLETED')], run('b', 'CREATED'));
		expect(list.map((r) => r.id)).toEqual(['b', 'a']);
		expect(upsertRun(list, run('a', 'FAILED')).map((r) => r.state)).toEqual(['CREATED', 'FAILED']);
	});

	it('keeps a cancelled run cancelled when progress sent before the cancellation arrives late', () => {
		const cancelled = [run('a', 'CANCELLED', 10)];
		expect(upsertRun(cancelled, run('a', 'ACTIVE', 12))).toEqual(cancelled);
		expect(upsertRun(cancelled, { ...run('a', 'CANCELLED', 12), finishedAt: '2026-01-01T00:01:00.000Z' })[0]!.finishedAt).not.toBeNull();
	});
});
