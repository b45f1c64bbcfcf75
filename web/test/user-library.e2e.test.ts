import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2e, UI_TIMEOUT_MS, until, E2E_ADMIN, type E2e } from './e2e-harness.ts';

let e2e: E2e;
let page: Page;
const names = ['Amélie', 'Ratatouille', 'Chef', 'Julie & Julia'];
const ids: Record<string, string> = {};
let listId = '';

const entryNames = (target: Page, section: string) => target.locator(`[data-section="${section}"] [data-testid="list-entry"] .name`).allTextContents();

beforeAll(async () => {
	e2e = await startE2e();
	for (const [i, name] of names.entries()) {
		const res = await e2e.graphql<{ createTitle: { id: string } }>(`mutation($i: CreateTitleInput!) { createTitle(input: $i) { id } }`, { i: { kind: 'MOVIE', name, year: 2001 + i } });
		ids[name] = res.createTitle.id;
	}
	// Visible to search before the browser looks for them.
	await until('titles searchable', async () => {
		const res = await e2e.graphql<{ searchTitles: unknown[] }>(`{ searchTitles(query: "ratatouille", first: 1) { id } }`);
		return res.searchTitles.length ? true : undefined;
	});
	page = await e2e.newPage(E2E_ADMIN);
});

afterAll(() => e2e?.stop());

describe('my library screens', () => {
	it('shows continue watching, the library by status, history and ratings', async () => {
		const progress = `mutation($i: ReportProgressInput!) { reportProgress(input: $i) { version } }`;
		await e2e.graphql(progress, { i: { titleId: ids['Chef'], position: 1800, duration: 6000 } });
		await e2e.graphql(progress, { i: { titleId: ids['Amélie'], position: 7000, duration: 7200 } });
		await e2e.graphql(`mutation($i: SetTitleStateInput!) { setTitleState(input: $i) { version } }`, { i: { titleId: ids['Ratatouille'], status: 'PLANNED', rating: 9, favourite: true } });
		await until('read models', async () => {
			// All three writes projected: the progress of Chef, the finished Amélie and the planned Ratatouille.
			const res = await e2e.graphql<{ continueWatching: unknown[]; watchHistory: { totalCount: number }; myLibrary: { totalCount: number } }>(
				`{ continueWatching { titleId } watchHistory { totalCount } myLibrary(status: PLANNED) { totalCount } }`
			);
			return res.continueWatching.length === 1 && res.watchHistory.totalCount === 1 && res.myLibrary.totalCount === 1 ? true : undefined;
		});
		await page.goto(`${e2e.product.url}/my`, { waitUntil: 'networkidle' });
		await expect(page.getByTestId('continue-watching').textContent()).resolves.toContain('Chef');
		expect(await page.getByTestId('library-list').textContent()).toMatch(/Ratatouille/);
		await e2e.screenshot(page, 'my-library');

		// Change a status from the list; the planned shelf then has nothing.
		await page.getByRole('combobox', { name: 'Status of Ratatouille' }).selectOption('WATCHING');
		await until('status saved', async () => {
			const res = await e2e.graphql<{ myLibrary: { totalCount: number } }>(`{ myLibrary(status: PLANNED) { totalCount } }`);
			return res.myLibrary.totalCount === 0 ? true : undefined;
		});
		await page.goto(`${e2e.product.url}/my?shelf=PLANNED`);
		await page.getByTestId('library-empty').waitFor({ timeout: UI_TIMEOUT_MS });

		await page.goto(`${e2e.product.url}/my/history`);
		expect(await page.getByTestId('history-day').first().textContent()).toContain('Amélie');
		await e2e.screenshot(page, 'my-history');

		await page.goto(`${e2e.product.url}/my/ratings`, { waitUntil: 'networkidle' });
		expect(await page.getByTestId('ratings-list').textContent()).toContain('Ratatouille');
		await page.getByLabel('Private notes').fill('watch with the kids');
		await page.getByLabel('Private notes').press('Tab');
		await until('note saved', async () => {
			const res = await e2e.graphql<{ myTitleState: { notes: string | null } }>(`query($t: ID!) { myTitleState(titleId: $t) { notes } }`, { t: ids['Ratatouille'] });
			return res.myTitleState.notes === 'watch with the kids' ? true : undefined;
		});
		await e2e.screenshot(page, 'my-ratings');
	});
});

describe('list editor and public page', () => {
	it('creates a list, adds titles and sections, and reorders by drag and drop', async () => {
		await page.goto(`${e2e.product.url}/lists`, { waitUntil: 'networkidle' });
		await page.getByLabel('New list').fill('Dinner and a movie');
		await page.getByRole('button', { name: 'Create list' }).click();
		await page.waitForURL(/\/lists\/[0-9a-f-]{36}$/, { timeout: UI_TIMEOUT_MS });
		listId = page.url().split('/').at(-1)!;

		for (const section of ['Starter', 'Main']) {
			await page.getByLabel('New section').fill(section);
			await page.getByRole('button', { name: 'Add section' }).click();
			await page.locator(`[data-section="${section}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
		}
		for (const name of ['Amélie', 'Ratatouille', 'Chef']) {
			await page.getByLabel('Add a title').fill(name.slice(0, 5));
			await page.getByTestId('title-hit').filter({ hasText: name }).first().click();
			await page.getByRole('button', { name: 'Add to list' }).click();
			await page.getByTestId('list-status').filter({ hasText: `Added ${name}.` }).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
		}
		expect(await entryNames(page, '')).toEqual(['Amélie', 'Ratatouille', 'Chef']);

		// Drag Chef onto the Starter course, then Ratatouille onto Main, then Amélie before Chef.
		await page.locator('[data-testid="list-entry"]', { hasText: 'Chef' }).dragTo(page.getByTestId('drop-Starter'));
		await until('Chef in the starter', async () => ((await entryNames(page, 'Starter')).join() === 'Chef' ? true : undefined));
		await page.locator('[data-testid="list-entry"]', { hasText: 'Ratatouille' }).dragTo(page.getByTestId('drop-Main'));
		await until('Ratatouille in the main', async () => ((await entryNames(page, 'Main')).join() === 'Ratatouille' ? true : undefined));
		await page.locator('[data-testid="list-entry"]', { hasText: 'Amélie' }).dragTo(page.locator('[data-testid="list-entry"]', { hasText: 'Chef' }));
		await until('Amélie before Chef', async () => ((await entryNames(page, 'Starter')).join() === 'Amélie,Chef' ? true : undefined));

		// The keyboard alternative: Chef one step down crosses into the main course.
		await page.getByRole('button', { name: 'Move Chef down' }).click();
		await until('Chef in the main', async () => ((await entryNames(page, 'Main')).join() === 'Chef,Ratatouille' ? true : undefined));
		await page.getByLabel('Note for Chef').fill('Cubano sandwiches');
		await page.getByLabel('Note for Chef').press('Tab');
		await page.getByTestId('list-status').filter({ hasText: 'Note saved.' }).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });

		// What the server keeps is what the editor shows, after a reload.
		// (Reads come from the read model, which may trail the last edit by a moment under load.)
		await until('the arrangement after a reload', async () => {
			await page.reload({ waitUntil: 'networkidle' });
			const [starter, main] = [await entryNames(page, 'Starter'), await entryNames(page, 'Main')];
			return starter.join() === 'Amélie' && main.join() === 'Chef,Ratatouille' ? true : undefined;
		});
		expect(await entryNames(page, 'Starter')).toEqual(['Amélie']);
		expect(await entryNames(page, 'Main')).toEqual(['Chef', 'Ratatouille']);
		await e2e.screenshot(page, 'list-editor');
	});

	it('the public page works signed out, shows no owner ids, and a revoked link is gone', async () => {
		await page.getByTestId('visibility').selectOption('PUBLIC');
		const link = await page.getByTestId('share-link').textContent({ timeout: UI_TIMEOUT_MS });
		const anonymous = await e2e.newPage();
		await until('public list page', async () => {
			const response = await anonymous.goto(link!);
			return response?.status() === 200 ? true : undefined;
		});
		expect(new URL(anonymous.url()).pathname).toMatch(/^\/l\//);
		await expect(anonymous.getByTestId('public-owner').textContent()).resolves.toBe('A list by admin');
		expect(await anonymous.getByTestId('public-entry').allTextContents()).toEqual([expect.stringContaining('Amélie'), expect.stringContaining('Chef'), expect.stringContaining('Ratatouille')]);
		expect(await anonymous.getByText('Cubano sandwiches').count()).toBe(1);
		const html = await anonymous.content();
		const me = await e2e.graphql<{ me: { id: string } }>(`{ me { id } }`);
		expect(html).not.toContain(me.me.id);
		expect(html).not.toContain(listId);
		await e2e.screenshot(anonymous, 'public-list');

		await page.getByRole('button', { name: 'Revoke link' }).click();
		await page.getByTestId('list-status').filter({ hasText: 'The old link no longer works.' }).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
		const gone = await anonymous.goto(link!);
		expect(gone?.status()).toBe(404);
		await anonymous.context().close();
	});
});
