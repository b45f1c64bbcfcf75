/// <reference types="node" />
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnProduct, type Product } from '../../server/test/harness/spawn-product.js';

/**
 * Drives the real product: `marquee start` (API, worker, projector and this web app on one
 * origin) against a fresh Postgres database and a private Redis key prefix, in Chromium.
 */

const webDir = path.resolve(fileURLToPath(import.meta.url), '../..');
const outputDir = path.join(webDir, 'test-output');
const chromiumPath = process.env.MARQUEE_E2E_CHROMIUM ?? '/usr/bin/chromium';

const UI_TIMEOUT_MS = 30_000;
const SCAN_FILE_COUNT = 30;

let product: Product | undefined;
let baseUrl = '';
let mediaDir: string | undefined;
let browser: Browser | undefined;
let page: Page;
/** graphql-ws frames the page sent, to know when its titleChanged subscription is registered. */
const sentFrames: string[] = [];
/** Uncaught exceptions in the page: hydration or client code failures the UI may hide. */
const pageErrors: string[] = [];

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		await sleep(250);
	}
	throw new Error(
		`timed out after ${timeoutMs} ms waiting for ${what}: ${String(lastError ?? '')}\n${product?.output().slice(-4000) ?? ''}`
	);
}

interface GraphqlResponse<T> {
	data?: T;
	errors?: { message: string; extensions?: { code?: string } }[];
}

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
	const response = await fetch(`${baseUrl}/graphql`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
		body: JSON.stringify({ query, variables })
	});
	const body = (await response.json()) as GraphqlResponse<T>;
	if (body.errors?.length || body.data === undefined) {
		throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
	}
	return body.data;
}

async function createTitle(name: string, year: number): Promise<string> {
	const data = await graphql<{ createTitle: { id: string } }>(
		'mutation ($input: CreateTitleInput!) { createTitle(input: $input) { id } }',
		{ input: { kind: 'MOVIE', name, year } }
	);
	return data.createTitle.id;
}

async function apiTitleNames(): Promise<string[]> {
	const data = await graphql<{ titles: { edges: { node: { name: string } }[] } }>(
		'{ titles(first: 50) { edges { node { name } } } }'
	);
	return data.titles.edges.map((edge) => edge.node.name);
}

beforeAll(async () => {
	await mkdir(outputDir, { recursive: true });
	if (!existsSync(chromiumPath)) throw new Error(`Chromium is not installed at ${chromiumPath} (apt-get install chromium)`);
	product = await spawnProduct();
	baseUrl = product.url;
	browser = await chromium.launch({
		executablePath: chromiumPath,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run'
		]
	});
	page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
	page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
	page.on('websocket', (socket) => {
		socket.on('framesent', (frame) => {
			if (typeof frame.payload === 'string') sentFrames.push(frame.payload);
		});
	});
});

afterAll(async () => {
	await browser?.close().catch(() => undefined);
	if (product) await writeFile(path.join(outputDir, 'server.log'), product.output());
	await product?.stop();
	if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
});

describe('catalog in the browser', () => {
	it('renders titles in the first (server-side) render', async () => {
		await createTitle('The Matrix', 1999);
		// Projection is asynchronous: wait until the read side has the title.
		await waitFor(
			'The Matrix in the titles read model',
			async () => ((await apiTitleNames()).includes('The Matrix') ? true : undefined),
			UI_TIMEOUT_MS
		);

		const html = await (await fetch(`${baseUrl}/`)).text();
		expect(html).toContain('data-testid="title-list"');
		expect(html).toContain('The Matrix');

		await page.goto(`${baseUrl}/`);
		const list = page.getByTestId('title-list');
		await list.getByText('The Matrix', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Catalog');
		expect(await page.getByTestId('title-item').count()).toBe(1);
	});

	it('shows a title created elsewhere without a reload (titleChanged)', async () => {
		await waitFor(
			'the page to subscribe to titleChanged',
			async () =>
				sentFrames.some((frame) => frame.includes('"subscribe"') && frame.includes('titleChanged'))
					? true
					: undefined,
			UI_TIMEOUT_MS
		);
		// The server registers the subscription asynchronously after receiving the frame.
		await sleep(500);
		await page.evaluate(() => {
			(window as Window & { e2eMarker?: string }).e2eMarker = 'same document';
		});

		await createTitle('Blade Runner', 1982);

		await page
			.getByTestId('title-list')
			.getByText('Blade Runner', { exact: true })
			.waitFor({ timeout: UI_TIMEOUT_MS });
		const marker = await page.evaluate(() => (window as Window & { e2eMarker?: string }).e2eMarker);
		expect(marker, 'the page must not have reloaded').toBe('same document');
		expect(await page.getByTestId('title-item').count()).toBe(2);
	});

	it('explains a rejected scan in an alert with the error code', async () => {
		await page.getByLabel('Folder path').fill('relative/folder');
		await page.getByRole('button', { name: 'Scan' }).click();
		const alert = page.getByRole('alert').filter({ hasText: 'BAD_USER_INPUT' });
		await alert.waitFor({ timeout: UI_TIMEOUT_MS });
	});

	it('scans a folder and follows the job to COMPLETED', async () => {
		mediaDir = await mkdtemp(path.join(tmpdir(), 'marquee-e2e-media-'));
		for (let index = 1; index <= SCAN_FILE_COUNT; index += 1) {
			const name = `Sample Film ${String(index).padStart(2, '0')} (${1990 + index}).mkv`;
			await writeFile(path.join(mediaDir, name), `marquee e2e fixture ${index}\n`);
		}

		await page.getByLabel('Folder path').fill(mediaDir);
		await page.getByRole('button', { name: 'Scan' }).click();

		const state = page.getByTestId('job-state');
		await state.waitFor({ timeout: UI_TIMEOUT_MS });
		await expect
			.poll(() => state.textContent(), { timeout: 60_000, interval: 250 })
			.toBe('COMPLETED');

		const progress = await page
			.getByTestId('job-progress')
			.evaluate((element) => {
				const bar = element as HTMLProgressElement;
				return { value: bar.value, max: bar.max, hasValue: bar.hasAttribute('value') };
			});
		expect(progress.hasValue).toBe(true);
		expect(progress.max).toBeGreaterThan(0);
		expect(progress.value).toBe(progress.max);
		expect(await page.getByRole('alert').filter({ hasText: /\S/ }).count()).toBe(0);

		await page.screenshot({ path: path.join(outputDir, 'catalog.png'), fullPage: true });
	});

	it('raised no uncaught errors in the page', () => {
		expect(pageErrors).toEqual([]);
	});
});
