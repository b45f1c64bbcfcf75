/// <reference types="node" />
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { setupAdmin, spawnProduct, type Product } from '../../server/test/harness/spawn-product.js';

/**
 * The pieces a browser test of the real product needs, for test files other than e2e.test.ts:
 * `marquee start` on a fresh database and Redis prefix, Chromium from Debian, an admin signed in
 * over the API, and screenshots in web/test-output.
 */

export const outputDir = path.join(path.resolve(fileURLToPath(import.meta.url), '../..'), 'test-output');
const chromiumPath = process.env.MARQUEE_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const UI_TIMEOUT_MS = 30_000;
export const E2E_ADMIN = { username: 'admin', password: 'correct horse battery staple' };

export interface E2e {
	product: Product;
	browser: Browser;
	/** The admin's bearer token (an API session of its own). */
	token: string;
	/** POST an operation with the given headers only; no credentials unless they carry some. */
	post<T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string } }> }>;
	/** As the admin; throws on errors. */
	graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
	/** A fresh page of its own (no cookies), signed in as `credentials` through the login form when given. */
	newPage(credentials?: { username: string; password: string }): Promise<Page>;
	screenshot(page: Page, name: string): Promise<void>;
	stop(): Promise<void>;
}

/**
 * `env`: extra product configuration; `log`: the server log's file name in web/test-output;
 * `beforeSetup`: runs while the product has no admin yet (the first-run setup screen).
 */
export async function startE2e(
	opts: { env?: Record<string, string>; log?: string; beforeSetup?: (product: Product, browser: Browser) => Promise<void> } = {}
): Promise<E2e> {
	await mkdir(outputDir, { recursive: true });
	if (!existsSync(chromiumPath)) throw new Error(`Chromium is not installed at ${chromiumPath} (apt-get install chromium)`);
	const product = await spawnProduct({ env: opts.env ?? {} });
	const browser = await chromium.launch({
		executablePath: chromiumPath,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
	});
	let token: string;
	try {
		await opts.beforeSetup?.(product, browser);
		token = await setupAdmin(product.url, E2E_ADMIN);
	} catch (error) {
		await browser.close().catch(() => undefined);
		await product.stop();
		throw error;
	}
	const post: E2e['post'] = async (query, variables = {}, headers = {}) => {
		const response = await fetch(`${product.url}/graphql`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify({ query, variables })
		});
		return (await response.json()) as never;
	};
	return {
		product,
		browser,
		token,
		post,
		async graphql<T>(query: string, variables: Record<string, unknown> = {}) {
			const body = await post<T>(query, variables, { authorization: `Bearer ${token}` });
			if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors ?? body)}`);
			return body.data;
		},
		async newPage(credentials) {
			const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
			const page = await context.newPage();
			if (credentials) {
				await page.goto(`${product.url}/login`);
				await page.getByLabel('Username').fill(credentials.username);
				await page.getByLabel('Password').fill(credentials.password);
				await page.getByRole('button', { name: 'Sign in' }).click();
				await page.waitForURL((url) => url.pathname === '/', { timeout: UI_TIMEOUT_MS });
			}
			return page;
		},
		screenshot: async (page, name) => {
			await page.screenshot({ path: path.join(outputDir, `${name}.png`), fullPage: true });
		},
		async stop() {
			await browser.close().catch(() => undefined);
			await writeFile(path.join(outputDir, opts.log ?? 'user-library-server.log'), product.output());
			await product.stop();
		}
	};
}

/** Polls `probe` until it returns a value (read models update asynchronously). */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = UI_TIMEOUT_MS): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			last = error;
		}
		await sleep(200);
	}
	throw new Error(`timed out waiting for ${what}: ${String(last ?? '')}`);
}
