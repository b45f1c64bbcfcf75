/// <reference types="node" />
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSyntheticTree } from '../../server/test/harness/media-library.js';
import { E2E_ADMIN, startE2e, UI_TIMEOUT_MS, until, type E2e } from './e2e-harness.ts';

/**
 * The activity screen's Retry and Cancel buttons against the real product. The product runs with
 * MARQUEE_JOB_RETRY_LIMIT=0, so a failing scan is dead-lettered on its first failure: a scan of a
 * library whose root has gone away fails at once ("empty or unreadable"), and Retry sends it back
 * once the root is back. A first scan of a big synthetic tree, probed with ffprobe file by file,
 * runs long enough to be cancelled from the page.
 */

let e2e: E2e;
let page: Page;
let parent: string;
const pageErrors: string[] = [];

interface Run {
	id: string;
	state: string;
	deadLettered: boolean;
	error: string | null;
	attempt: number;
	done: number;
	total: number;
	finishedAt: string | null;
}

async function jobRun(id: string): Promise<Run | undefined> {
	const data = await e2e.graphql<{ jobRuns: { edges: Array<{ node: Run }> } }>(
		'{ jobRuns(first: 50) { edges { node { id state deadLettered error attempt done total finishedAt } } } }'
	);
	return data.jobRuns.edges.map((edge) => edge.node).find((run) => run.id === id);
}

async function createLibrary(name: string, rootPath: string): Promise<string> {
	const data = await e2e.graphql<{ createLibrary: { id: string } }>(
		'mutation ($input: CreateLibraryInput!) { createLibrary(input: $input) { id } }',
		{ input: { name, kind: 'MOVIES', rootPath, phases: [] } }
	);
	return data.createLibrary.id;
}

async function scan(libraryId: string): Promise<string> {
	const data = await e2e.graphql<{ scanLibrary: { id: string } }>('mutation ($id: ID!) { scanLibrary(libraryId: $id) { id } }', { id: libraryId });
	return data.scanLibrary.id;
}

const row = (id: string) => page.locator(`[data-testid="job-run"][data-run-id="${id}"]`);

beforeAll(async () => {
	e2e = await startE2e({ env: { MARQUEE_JOB_RETRY_LIMIT: '0', MARQUEE_JOB_SUPERVISE_SECONDS: '1' }, log: 'activity-server.log' });
	parent = await mkdtemp(path.join(tmpdir(), 'marquee-web-activity-'));
	page = await e2e.newPage(E2E_ADMIN);
	page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
});

afterAll(async () => {
	await e2e?.stop();
	if (parent) await rm(parent, { recursive: true, force: true });
});

/** Opens the activity page and waits until its jobRunChanged subscription is live. */
async function openActivity(): Promise<void> {
	await page.goto(`${e2e.product.url}/activity`);
	await page.getByTestId('activity-live').filter({ hasText: 'Live' }).waitFor({ timeout: UI_TIMEOUT_MS });
}

describe('activity: retry and cancel', () => {
	it('retries a dead-lettered scan from the page, and it completes once the root is back', async () => {
		const root = path.join(parent, 'films');
		await mkdir(path.join(root, 'Heat (1995)'), { recursive: true });
		await writeFile(path.join(root, 'Heat (1995)', 'Heat (1995).mkv'), 'x');
		const library = await createLibrary('Films', root);
		const first = await scan(library);
		await until('the first scan to complete', async () => ((await jobRun(first))?.state === 'COMPLETED' ? true : undefined));

		// The disk goes away: the scan refuses to mark every file missing and fails; with no retries
		// left it is dead-lettered at once.
		await rename(root, `${root}.away`);
		await openActivity();
		const failing = await scan(library);
		await row(failing).waitFor({ timeout: UI_TIMEOUT_MS });
		await expect.poll(() => row(failing).getAttribute('data-state'), { timeout: UI_TIMEOUT_MS }).toBe('DEAD');
		const dead = await until('the dead-lettered run in the list', async () => {
			const run = await jobRun(failing);
			return run?.deadLettered ? run : undefined;
		});
		expect(dead).toMatchObject({ state: 'FAILED', deadLettered: true });
		expect(dead?.error).toContain('empty or unreadable');
		expect(await row(failing).getByTestId('job-run-state').textContent()).toMatch(/dead/i);
		expect(await row(failing).getByTestId('job-run-error').textContent()).toContain('empty or unreadable');
		// A dead job can be retried, not cancelled.
		expect(await row(failing).getByRole('button', { name: 'Cancel' }).count()).toBe(0);
		await e2e.screenshot(page, 'activity-dead-letter');

		await rename(`${root}.away`, root);
		await row(failing).getByRole('button', { name: 'Retry' }).click();
		await page.getByRole('status').filter({ hasText: 'Sent scan-library back to its queue.' }).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
		// The same run goes back through the queue and finishes; the page follows it live.
		await expect.poll(() => row(failing).getAttribute('data-state'), { timeout: 60_000, interval: 250 }).toBe('COMPLETED');
		expect(await row(failing).getByRole('button', { name: 'Retry' }).count()).toBe(0);
		const completed = await until('the retried run to be recorded complete', async () => {
			const run = await jobRun(failing);
			return run?.state === 'COMPLETED' ? run : undefined;
		});
		expect(completed).toMatchObject({ deadLettered: false, error: null });
	});

	it('cancels a running scan from the page, and the worker stops it', async () => {
		const root = path.join(parent, 'big');
		await mkdir(root);
		const tree = await makeSyntheticTree(root, 1500);
		const library = await createLibrary('Big', root);
		await openActivity();
		const running = await scan(library);
		await row(running).waitFor({ timeout: UI_TIMEOUT_MS });
		await expect.poll(() => row(running).getAttribute('data-state'), { timeout: 60_000, interval: 100 }).toBe('ACTIVE');
		expect(await row(running).getByRole('button', { name: 'Retry' }).count()).toBe(0);

		await row(running).getByRole('button', { name: 'Cancel' }).click();
		await page.getByRole('status').filter({ hasText: 'Cancelled scan-library.' }).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
		await expect.poll(() => row(running).getAttribute('data-state'), { timeout: UI_TIMEOUT_MS }).toBe('CANCELLED');
		await e2e.screenshot(page, 'activity-cancelled');

		// The worker noticed (it records CANCELLED itself when it stops) and did not finish the scan.
		const cancelled = await until('the cancelled run to be final', async () => {
			const run = await jobRun(running);
			return run?.state === 'CANCELLED' && run.finishedAt ? run : undefined;
		});
		expect(cancelled.done).toBeLessThan(tree.files.length);
		// Progress the worker sent before it stopped does not bring the run or its Cancel button back.
		expect(await row(running).getAttribute('data-state')).toBe('CANCELLED');
		expect(await row(running).getByRole('button', { name: 'Cancel' }).count()).toBe(0);
		const later = await e2e.graphql<{ jobRuns: { edges: Array<{ node: { id: string; state: string } }> } }>('{ jobRuns(first: 50, queue: "scan-library") { edges { node { id state } } } }');
		expect(later.jobRuns.edges.find((edge) => edge.node.id === running)?.node.state).toBe('CANCELLED');
		expect(pageErrors).toEqual([]);
	});
});
