/// <reference types="node" />
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupAdmin, spawnProduct, type Product } from '../../server/test/harness/spawn-product.js';
import { TEST_ADMIN } from '../../server/test/harness/constants.js';
import { launchChromium, outputDir, UI_TIMEOUT_MS, waitFor } from './harness.ts';

/**
 * The admin screen's read-model maintenance against the real product: the browser queues a verify
 * and a rebuild, follows each job's progress over graphql-ws, and shows what it found.
 */

let product: Product | undefined;
let browser: Browser | undefined;
let page: Page;
let token = '';

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ data?: T; errors?: Array<{ extensions?: { code?: string } }> }> {
	const response = await fetch(`${product!.url}/graphql`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: JSON.stringify({ query, variables })
	});
	return (await response.json()) as { data?: T; errors?: Array<{ extensions?: { code?: string } }> };
}

const TITLES = 40;

beforeAll(async () => {
	product = await spawnProduct();
	token = await setupAdmin(product.url);
	for (let i = 0; i < TITLES; i++) {
		await graphql(`mutation($input: CreateTitleInput!) { createTitle(input: $input) { id } }`, { input: { kind: 'MOVIE', name: `Film ${i}`, year: 1950 + i } });
	}
	browser = await launchChromium();
	page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
	await page.goto(`${product.url}/login?next=%2Fadmin`);
	await page.getByLabel('Username').fill(TEST_ADMIN.username);
	await page.getByLabel('Password').fill(TEST_ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.getByRole('heading', { level: 2, name: 'Read models' }).waitFor({ timeout: UI_TIMEOUT_MS });
});

afterAll(async () => {
	await browser?.close().catch(() => undefined);
	await product?.stop();
});

const section = () => page.getByTestId('read-model-maintenance');

describe('admin: read-model maintenance', () => {
	it('verifies the read models with live progress and reports no drift', async () => {
		await section().getByRole('button', { name: 'Verify read models' }).click();
		// The buttons stay disabled while the job runs: one maintenance job at a time.
		expect(await section().getByRole('button', { name: 'Rebuild read models' }).isDisabled()).toBe(true);
		await section().getByTestId('job-progress').waitFor({ timeout: UI_TIMEOUT_MS });
		await waitFor('the verify to complete', async () => ((await section().getByTestId('job-state').textContent()) === 'COMPLETED' ? true : undefined), UI_TIMEOUT_MS, () => product!.output());
		const result = section().getByTestId('maintenance-result');
		await result.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await section().getByTestId('drift-count').textContent(), (await result.textContent()) ?? '').toBe('0 drifted');
		expect(await result.textContent()).toMatch(/Checked \d+ documents/);
	});

	it('rebuilds into a new namespace while the catalog keeps answering, and the catalog is whole afterwards', async () => {
		const before = await graphql<{ titles: { totalCount: number } }>('{ titles(first: 1) { totalCount } }');
		expect(before.data?.titles.totalCount).toBe(TITLES);
		await section().getByRole('button', { name: 'Rebuild read models' }).click();
		await waitFor('the rebuild to complete', async () => ((await section().getByTestId('job-state').textContent()) === 'COMPLETED' ? true : undefined), UI_TIMEOUT_MS, () => product!.output());
		const result = section().getByTestId('maintenance-result');
		await result.waitFor({ timeout: UI_TIMEOUT_MS });
		const text = (await result.textContent()) ?? '';
		const events = Number(/from (\d+) events/.exec(text)?.[1]);
		expect(events).toBeGreaterThanOrEqual(TITLES);
		// The bar ends full: done equals the events the rebuild projected.
		expect(await section().getByTestId('job-counts').textContent()).toMatch(/^(\d+) \/ \1/);
		await page.screenshot({ path: path.join(outputDir, 'admin-read-models.png'), fullPage: true });

		const after = await graphql<{ titles: { totalCount: number } }>('{ titles(first: 1) { totalCount } }');
		expect(after.data?.titles.totalCount).toBe(TITLES);
		const runs = await graphql<{ jobRuns: { edges: Array<{ node: { queue: string; state: string } }> } }>('{ jobRuns(first: 10, queue: "read-models") { edges { node { queue state } } } }');
		expect(runs.data?.jobRuns.edges.map((e) => e.node.state)).toEqual(['COMPLETED', 'COMPLETED']);
	});

	it('refuses a second maintenance job while one is queued (CONFLICT), and members altogether (FORBIDDEN)', async () => {
		const [first, second] = await Promise.all([graphql('mutation { verifyReadModels }'), graphql('mutation { verifyReadModels }')]);
		const codes = [first, second].map((r) => r.errors?.[0]?.extensions?.code ?? 'ok').sort();
		expect(codes).toEqual(['CONFLICT', 'ok']);
		await graphql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input: { username: 'member', password: 'member password 123', role: 'MEMBER' } });
		const login = await graphql<{ login: { accessToken: string } }>(`mutation($input: Credentials!) { login(input: $input) { accessToken } }`, { input: { username: 'member', password: 'member password 123' } });
		const adminToken = token;
		token = login.data!.login.accessToken;
		const refused = await graphql('mutation { rebuildReadModels }');
		token = adminToken;
		expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
	});
});
