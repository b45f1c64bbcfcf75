/// <reference types="node" />
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnProduct, type Product } from '../../server/test/harness/spawn-product.js';

/**
 * Drives the real product: `marquee start` (API, worker, projector and this web app on one
 * origin) against a fresh Postgres database and a private Redis key prefix, in Chromium. The
 * browser sets the product up (the first admin) and then works signed in with cookie sessions;
 * Node-side calls use a bearer token of their own session.
 */

const webDir = path.resolve(fileURLToPath(import.meta.url), '../..');
const outputDir = path.join(webDir, 'test-output');
const chromiumPath = process.env.MARQUEE_E2E_CHROMIUM ?? '/usr/bin/chromium';

const UI_TIMEOUT_MS = 30_000;
const SCAN_FILE_COUNT = 30;
const ADMIN = { username: 'admin', password: 'correct horse battery staple', displayName: 'Ada Admin' };
/** The User-Agent of Node-side sessions, to find them in the session list. */
const NODE_DEVICE = 'marquee-e2e-node';

let product: Product | undefined;
let baseUrl = '';
let mediaDir: string | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
/** The Node-side helpers' access token (a session of its own, not the browser's). */
let apiToken = '';
/** graphql-ws frames the page sent, to know when its titleChanged subscription is registered. */
const sentFrames: string[] = [];
/** titleChanged subscriptions sent by each page's current document. */
const titleSubscriptions = new WeakMap<Page, number>();
/** Uncaught exceptions in the page: hydration or client code failures the UI may hide. */
const pageErrors: string[] = [];
/** Console reports of blocked scripts, styles, connections or frames. */
const cspViolations: string[] = [];

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
	data?: T | null;
	errors?: { message: string; extensions?: { code?: string; retryAfter?: number } }[];
}

/** POSTs an operation with exactly the given headers (no credentials unless they carry some). */
async function post<T>(
	query: string,
	variables: Record<string, unknown> = {},
	headers: Record<string, string> = {}
): Promise<GraphqlResponse<T> & { status: number }> {
	const response = await fetch(`${baseUrl}/graphql`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			accept: 'application/graphql-response+json',
			'user-agent': NODE_DEVICE,
			...headers
		},
		body: JSON.stringify({ query, variables })
	});
	return { status: response.status, ...((await response.json()) as GraphqlResponse<T>) };
}

/** Signs in through the API without cookies, as a script would: a new session, its access token. */
async function signInApi(device = NODE_DEVICE, credentials = ADMIN): Promise<string> {
	const body = await post<{ login: { accessToken: string | null } }>(
		'mutation ($input: Credentials!) { login(input: $input) { accessToken } }',
		{ input: { username: credentials.username, password: credentials.password } },
		{ 'user-agent': device }
	);
	const token = body.data?.login.accessToken;
	if (!token) throw new Error(`API login failed: ${JSON.stringify(body.errors)}`);
	return token;
}

/** An operation as the Node-side admin session; throws on GraphQL errors. */
async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
	const body = await post<T>(query, variables, { authorization: `Bearer ${apiToken}` });
	if (body.errors?.length || !body.data) {
		throw new Error(`GraphQL ${body.status}: ${JSON.stringify(body.errors ?? body)}`);
	}
	return body.data;
}

const errorCodes = (body: GraphqlResponse<unknown>) => (body.errors ?? []).map((error) => error.extensions?.code);

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

/** The browser's cookies for the product, by name. */
async function browserCookies() {
	return new Map((await context.cookies(baseUrl)).map((cookie) => [cookie.name, cookie]));
}

/** The page's pathname and query, e.g. "/login?next=%2Faccount". */
function pageLocation(): string {
	const url = new URL(page.url());
	return `${url.pathname}${url.search}`;
}

async function waitForLocation(location: string): Promise<void> {
	await page.waitForURL((url) => `${url.pathname}${url.search}` === location, { timeout: UI_TIMEOUT_MS });
}

const subscribedCount = (target: Page) => titleSubscriptions.get(target) ?? 0;

/**
 * Opens the catalog and waits until it is quiet: rendered, hydrated, its cookies checked and its
 * subscription sent. Tests that take cookies away start from a quiet page, so no request of a page
 * still starting up races theirs (two requests spending one refresh token end the session).
 */
async function openCatalog(target = page): Promise<void> {
	await target.goto(`${baseUrl}/`);
	await target.getByTestId('title-list').waitFor({ timeout: UI_TIMEOUT_MS });
	await waitFor(
		'the catalog to subscribe to titleChanged',
		async () => (subscribedCount(target) > 0 ? true : undefined),
		UI_TIMEOUT_MS
	);
}

/** Directives of a Content-Security-Policy header, by name. */
function cspDirectives(header: string): Map<string, string[]> {
	return new Map(
		header
			.split(';')
			.map((part) => part.trim().split(/\s+/))
			.filter((words) => words[0])
			.map(([name, ...values]) => [name!, values])
	);
}

const isTitleSubscription = (frame: string) => frame.includes('"subscribe"') && frame.includes('titleChanged');

/**
 * Records what a page reports: uncaught errors, CSP violations, the graphql-ws frames it sends, and
 * how many titleChanged subscriptions its current document has sent (reset when it navigates).
 */
function watch(target: Page): void {
	target.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
	target.on('console', (message) => {
		if (/content security policy/i.test(message.text())) cspViolations.push(message.text());
	});
	target.on('framenavigated', (frame) => {
		if (frame === target.mainFrame()) titleSubscriptions.set(target, 0);
	});
	target.on('websocket', (socket) => {
		socket.on('framesent', (frame) => {
			if (typeof frame.payload !== 'string') return;
			sentFrames.push(frame.payload);
			if (isTitleSubscription(frame.payload)) titleSubscriptions.set(target, (titleSubscriptions.get(target) ?? 0) + 1);
		});
	});
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
	context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
	page = await context.newPage();
	watch(page);
});

afterAll(async () => {
	await browser?.close().catch(() => undefined);
	if (product) await writeFile(path.join(outputDir, 'server.log'), product.output());
	await product?.stop();
	if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
});

describe('first run', () => {
	it('sends every page to /setup until the first admin exists', async () => {
		const anonymous = await post('{ titles(first: 1) { totalCount } }');
		expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);

		await page.goto(`${baseUrl}/account`);
		await waitForLocation('/setup?next=%2Faccount');
		await page.getByRole('heading', { level: 1, name: 'Welcome to Marquee' }).waitFor({ timeout: UI_TIMEOUT_MS });
	});

	it('explains a password that is too short next to the field', async () => {
		await page.getByLabel('Username').fill(ADMIN.username);
		await page.getByLabel('Password', { exact: true }).fill('short');
		await page.getByLabel('Confirm password').fill('short');
		await page.getByRole('button', { name: 'Create administrator' }).click();

		const password = page.getByLabel('Password', { exact: true });
		await page.getByText('Use at least 8 characters.').waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await password.getAttribute('aria-invalid')).toBe('true');
		const describedBy = (await password.getAttribute('aria-describedby'))?.split(' ') ?? [];
		const descriptions = await Promise.all(
			describedBy.map((id) => page.locator(`[id="${id}"]`).textContent())
		);
		expect(descriptions).toContain('Use at least 8 characters.');
		expect(await password.evaluate((element) => element === document.activeElement)).toBe(true);
	});

	it('creates the first admin through the UI, signs in and goes on to the page asked for', async () => {
		await page.getByLabel('Display name (optional)').fill(ADMIN.displayName);
		await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
		await page.getByLabel('Confirm password').fill(ADMIN.password);
		await page.getByRole('button', { name: 'Create administrator' }).click();

		await waitForLocation('/account');
		await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await page.getByTestId('signed-in-as').textContent()).toContain(ADMIN.displayName);

		const status = await post<{ authStatus: { setupRequired: boolean } }>('{ authStatus { setupRequired } }');
		expect(status.data?.authStatus.setupRequired).toBe(false);
		apiToken = await signInApi();
	});
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

		// The HTML as the browser gets it: SSR forwards its cookies to /graphql.
		const cookie = [...(await browserCookies()).values()].map(({ name, value }) => `${name}=${value}`).join('; ');
		const html = await (await fetch(`${baseUrl}/`, { headers: { cookie } })).text();
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
			async () => (sentFrames.some(isTitleSubscription) ? true : undefined),
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

		// A folder is scanned as (part of) a library.
		await graphql('mutation ($input: CreateLibraryInput!) { createLibrary(input: $input) { id } }', {
			input: { name: 'E2E films', rootPath: mediaDir, kind: 'MOVIES' }
		});
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
});

describe('session cookies and page security', () => {
	it('keeps the session in httpOnly, SameSite=Strict cookies that page scripts cannot read', async () => {
		const cookies = await browserCookies();
		for (const name of ['mq_access', 'mq_refresh']) {
			expect(cookies.get(name), name).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
		}
		const visible = await page.evaluate(() => document.cookie);
		expect(visible).not.toContain('mq_access');
		expect(visible).not.toContain('mq_refresh');
	});

	it('serves pages with a strict Content-Security-Policy', async () => {
		const response = await page.goto(`${baseUrl}/`);
		const header = response?.headers()['content-security-policy'];
		expect(header, 'the page response must carry a CSP').toBeTruthy();
		const csp = cspDirectives(header!);
		expect(csp.get('default-src')).toEqual(["'self'"]);
		const scriptSources = csp.get('script-src') ?? [];
		expect(scriptSources[0]).toBe("'self'");
		expect(scriptSources.slice(1).length, 'hashes of the inline scripts').toBeGreaterThan(0);
		expect(scriptSources.slice(1).every((source) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(source))).toBe(true);
		expect(csp.get('style-src')).not.toContain("'unsafe-inline'");
		expect(csp.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
		expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'https:']);
		expect(csp.get('object-src')).toEqual(["'none'"]);
		expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
		expect(csp.get('base-uri')).toEqual(["'self'"]);
		expect(csp.get('form-action')).toEqual(["'self'"]);
		expect(response?.headers()['cache-control'], 'pages for a signed-in viewer are never cached').toBe('no-store');
		await waitFor('the catalog to subscribe', async () => (subscribedCount(page) > 0 ? true : undefined), UI_TIMEOUT_MS);
	});

	it('passes a session renewed during server-side rendering on to the browser', async () => {
		await openCatalog();
		const spentRefresh = (await browserCookies()).get('mq_refresh')?.value;
		expect(spentRefresh).toBeTruthy();
		// As after 15 idle minutes: the access cookie is gone, the refresh cookie is left.
		await context.clearCookies({ name: 'mq_access' });

		const response = await page.goto(`${baseUrl}/`);
		expect(pageLocation(), 'still signed in').toBe('/');
		await page.getByTestId('title-list').waitFor({ timeout: UI_TIMEOUT_MS });
		const setCookies = (await response!.headersArray())
			.filter(({ name }) => name.toLowerCase() === 'set-cookie')
			.map(({ value }) => value);
		expect(setCookies.some((value) => value.startsWith('mq_access='))).toBe(true);
		expect(setCookies.some((value) => value.startsWith('mq_refresh='))).toBe(true);
		expect(setCookies.every((value) => /HttpOnly/i.test(value) && /SameSite=Strict/i.test(value))).toBe(true);

		const renewed = await browserCookies();
		expect(renewed.get('mq_access')?.value).toBeTruthy();
		expect(renewed.get('mq_refresh')?.value).not.toBe(spentRefresh);

		await waitFor('the catalog to subscribe', async () => (subscribedCount(page) > 0 ? true : undefined), UI_TIMEOUT_MS);

		// Presenting the spent refresh token again would end the session: it must not happen.
		await openCatalog();
		expect(pageLocation()).toBe('/');
	});
	it('renews the cookies over HTTP before graphql-ws reconnects, so the socket never spends them', async () => {
		// A second tab whose socket the test can drop, as a restarting server would.
		const tab = await context.newPage();
		watch(tab);
		const sockets: WebSocketRoute[] = [];
		await tab.routeWebSocket(/\/graphql$/, (socket) => {
			socket.connectToServer();
			sockets.push(socket);
		});
		await openCatalog(tab);
		const before = subscribedCount(tab);
		const spentRefresh = (await browserCookies()).get('mq_refresh')?.value;

		// The access cookie has expired by the time the socket has to reconnect.
		await context.clearCookies({ name: 'mq_access' });
		await sockets.at(-1)!.close({ code: 1012, reason: 'Service Restart' });
		await waitFor(
			'graphql-ws to reconnect and subscribe again',
			async () => (sockets.length > 1 && subscribedCount(tab) > before ? true : undefined),
			UI_TIMEOUT_MS
		);

		const renewed = await browserCookies();
		expect(renewed.get('mq_access')?.value, 'the browser holds a renewed access cookie').toBeTruthy();
		expect(renewed.get('mq_refresh')?.value).not.toBe(spentRefresh);
		await tab.close();
		// Had the socket spent the refresh cookie, this (still holding it) would end the session.
		await openCatalog();
		expect(pageLocation(), 'still signed in').toBe('/');
	});
});

describe('account page', () => {
	it('lists the signed-in devices, this one marked', async () => {
		await page.goto(`${baseUrl}/account`);
		const sessions = page.getByTestId('session');
		await sessions.first().waitFor({ timeout: UI_TIMEOUT_MS });
		const current = page.locator('[data-testid="session"][data-current="true"]');
		expect(await current.count()).toBe(1);
		expect(await current.textContent()).toContain('This device');
		expect(await current.textContent()).toContain('HeadlessChrome');
		expect(await sessions.filter({ hasText: NODE_DEVICE }).count()).toBeGreaterThan(0);
	});

	it('signs another device out', async () => {
		const otherToken = await signInApi('marquee-e2e-other-device');
		const me = '{ me { username } }';
		expect((await post(me, {}, { authorization: `Bearer ${otherToken}` })).errors).toBeUndefined();

		await page.reload();
		const row = page.getByTestId('session').filter({ hasText: 'marquee-e2e-other-device' });
		await row.waitFor({ timeout: UI_TIMEOUT_MS });
		await row.getByRole('button', { name: /^Sign out/ }).click();
		await row.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

		const after = await post(me, {}, { authorization: `Bearer ${otherToken}` });
		expect(errorCodes(after)).toEqual(['UNAUTHENTICATED']);
	});

	it('creates an API key shown once, which works until it is revoked', async () => {
		await page.getByLabel('Name', { exact: true }).fill('e2e script');
		expect(await page.getByLabel('Read the catalog').isChecked()).toBe(true);
		await page.getByRole('button', { name: 'Create key' }).click();

		const created = page.getByTestId('created-api-key');
		await created.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await created.textContent()).toContain('This is the only time Marquee shows the key');
		const key = await page.getByTestId('new-api-key').inputValue();
		expect(key).toMatch(/^mq_/);

		const row = page.getByTestId('api-key').filter({ hasText: 'e2e script' });
		await row.waitFor({ timeout: UI_TIMEOUT_MS });
		const prefix = await row.locator('code').textContent();
		expect(key.startsWith(prefix ?? '\u0000')).toBe(true);
		expect(await row.textContent()).toContain('Read the catalog');
		await page.screenshot({ path: path.join(outputDir, 'account.png'), fullPage: true });

		const count = '{ titles(first: 1) { totalCount } }';
		const withKey = await post<{ titles: { totalCount: number } }>(count, {}, { 'x-api-key': key });
		expect(withKey.errors).toBeUndefined();
		expect(withKey.data?.titles.totalCount).toBeGreaterThanOrEqual(2);

		await row.getByRole('button', { name: 'Revoke the key “e2e script”' }).click();
		await row.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
		await expect
			.poll(async () => errorCodes(await post(count, {}, { 'x-api-key': key })), { timeout: UI_TIMEOUT_MS })
			.toEqual(['UNAUTHENTICATED']);
	});

	it('signs out all other devices', async () => {
		await page.getByRole('button', { name: 'Sign out all other devices' }).click();
		await page.getByRole('status').filter({ hasText: /Signed out \d+ other devices?\./ }).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await page.getByTestId('session').count()).toBe(1);
		expect(errorCodes(await post('{ me { username } }', {}, { authorization: `Bearer ${apiToken}` }))).toEqual([
			'UNAUTHENTICATED'
		]);
		// The Node-side helpers were one of those devices.
		apiToken = await signInApi();
	});
});

describe('signing in and out', () => {
	it('signs out back to /login, leaving nothing protected behind', async () => {
		await openCatalog();
		await page.getByRole('button', { name: 'Sign out' }).click();

		await waitForLocation('/login');
		await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await page.getByTestId('title-list').count()).toBe(0);
		expect(await page.getByTestId('signed-in-as').count()).toBe(0);
		const cookies = await browserCookies();
		expect(cookies.has('mq_access') || cookies.has('mq_refresh')).toBe(false);

		// The page's own requests are anonymous now.
		const body = await page.evaluate(async () => {
			const response = await fetch('/graphql', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ query: '{ titles(first: 1) { totalCount } }' })
			});
			return (await response.json()) as GraphqlResponse<unknown>;
		});
		expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);

		// Back to the catalog's history entry: it is loaded again (not restored) and refused.
		await page.goBack();
		await waitForLocation('/login');
		expect(await page.getByTestId('title-list').count()).toBe(0);
	});

	it('sends a signed-out visit to /login, remembering the page', async () => {
		await page.goto(`${baseUrl}/`);
		await waitForLocation('/login');
		await page.goto(`${baseUrl}/account`);
		await waitForLocation('/login?next=%2Faccount');
		expect(await page.getByText('Sign in to continue to').textContent()).toContain('/account');
	});

	it('says when the password is wrong, next to the form', async () => {
		await page.getByLabel('Username').fill(ADMIN.username);
		await page.getByLabel('Password').fill('not the password');
		await page.getByRole('button', { name: 'Sign in' }).click();

		const alert = page.getByRole('alert').filter({ hasText: 'Wrong username or password' });
		await alert.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await alert.textContent()).toContain('UNAUTHENTICATED');
		const password = page.getByLabel('Password');
		expect(await password.getAttribute('aria-invalid')).toBe('true');
		const alertId = await alert.getAttribute('id');
		expect((await password.getAttribute('aria-describedby'))?.split(' ')).toContain(alertId);
		expect(pageLocation()).toBe('/login?next=%2Faccount');
		await page.screenshot({ path: path.join(outputDir, 'login.png'), fullPage: true });
	});

	it('says how long to wait once logins are RATE_LIMITED', async () => {
		const locked = { username: 'locked-out', password: 'wrong password', displayName: '' };
		for (let attempt = 0; attempt < 10; attempt += 1) {
			expect(await signInApi(NODE_DEVICE, locked).catch((error: Error) => error.message)).toContain('UNAUTHENTICATED');
		}
		await page.getByLabel('Username').fill(locked.username);
		await page.getByLabel('Password').fill(locked.password);
		await page.getByRole('button', { name: 'Sign in' }).click();

		const alert = page.getByRole('alert').filter({ hasText: 'RATE_LIMITED' });
		await alert.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await alert.getByTestId('retry-after').textContent()).toMatch(/Try again in \d+ (seconds?|minutes?|hours?)\./);
	});

	it('signs in and lands on the page that asked for it', async () => {
		await page.getByLabel('Username').fill(ADMIN.username);
		await page.getByLabel('Password').fill(ADMIN.password);
		await page.getByRole('button', { name: 'Sign in' }).click();

		await waitForLocation('/account');
		await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await page.getByTestId('signed-in-as').textContent()).toContain(ADMIN.displayName);
	});

	it('gets live updates over graphql-ws with the new session cookies', async () => {
		await openCatalog();
		// The server registers the subscription asynchronously after receiving the frame.
		await sleep(500);

		await createTitle('Alien', 1979);
		await page.getByTestId('title-list').getByText('Alien', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await page.getByRole('alert').filter({ hasText: /\S/ }).count()).toBe(0);
	});

	it('sends an open page to /login when its session is revoked from another device', async () => {
		await page.getByTestId('title-list').getByText('Alien', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
		const revoked = await graphql<{ revokeOtherSessions: number }>('mutation { revokeOtherSessions }');
		expect(revoked.revokeOtherSessions).toBeGreaterThan(0);

		// The next answer the page gets is UNAUTHENTICATED; the page notices and leaves.
		await createTitle('Aliens', 1986);
		await waitForLocation('/login');
		await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await page.getByTestId('title-list').count()).toBe(0);
	});

	it('raised no uncaught errors and no Content-Security-Policy violations in the page', () => {
		expect(pageErrors).toEqual([]);
		expect(cspViolations).toEqual([]);
	});
});
