/// <reference types="node" />
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnProduct, type Product } from '../../server/test/harness/spawn-product.js';
import { launchChromium, outputDir, UI_TIMEOUT_MS, waitFor as waitForValue } from './harness.ts';

/**
 * Drives the real product: `marquee start` (API, worker, projector and this web app on one
 * origin) against a fresh Postgres database and a private Redis key prefix, in Chromium. The
 * browser sets the product up (the first admin) and then works signed in with cookie sessions;
 * Node-side calls use a bearer token of their own session.
 */

const SCAN_FILE_COUNT = 30;
/** Titles created to make the catalog longer than one page of its grid (60). */
const EXTRA_TITLES = 70;
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

function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
	return waitForValue(what, probe, timeoutMs, () => product?.output() ?? '');
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
	product = await spawnProduct();
	baseUrl = product.url;
	browser = await launchChromium();
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

/** The id of a title by name, from the read side. */
async function titleId(name: string): Promise<string> {
	const data = await graphql<{ searchTitles: { id: string; name: string }[] }>(
		'query ($q: String!) { searchTitles(query: $q, first: 5) { id name } }',
		{ q: name }
	);
	const hit = data.searchTitles.find((title) => title.name === name);
	if (!hit) throw new Error(`${name} is not in the read model`);
	return hit.id;
}

const screenshot = (name: string) => page.screenshot({ path: path.join(outputDir, `${name}.png`), fullPage: true });

describe('libraries screen', () => {
	it('starts empty and explains a root that is not an absolute path beside the field', async () => {
		mediaDir = await mkdtemp(path.join(tmpdir(), 'marquee-e2e-media-'));
		for (let index = 1; index <= SCAN_FILE_COUNT; index += 1) {
			const name = `Sample Film ${String(index).padStart(2, '0')} (${1990 + index}).mkv`;
			await writeFile(path.join(mediaDir, name), `marquee e2e fixture ${index}\n`);
		}
		await writeFile(path.join(mediaDir, 'The Matrix (1999).mkv'), 'marquee e2e fixture matrix\n');

		await page.goto(`${baseUrl}/libraries`);
		await page.getByTestId('libraries-empty').waitFor({ timeout: UI_TIMEOUT_MS });
		await page.getByRole('button', { name: 'Add library' }).click();
		const form = page.getByRole('form', { name: 'Add a library' });
		await form.getByLabel('Name').fill('E2E films');
		await form.getByLabel('Root folder').fill('relative/folder');
		await form.getByRole('button', { name: 'Add library' }).click();

		await form.getByText('must be an absolute path').waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await form.getByLabel('Root folder').getAttribute('aria-invalid')).toBe('true');
	});

	it('adds the library, edits its phases and schedule (refusing a bad cron) and scans it to COMPLETED', async () => {
		const form = page.getByRole('form', { name: 'Add a library' });
		await form.getByLabel('Root folder').fill(mediaDir!);
		await form.getByRole('button', { name: 'Add library' }).click();
		const card = page.getByTestId('library').filter({ hasText: 'E2E films' });
		await card.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await card.textContent()).toContain(mediaDir);

		await card.getByRole('button', { name: 'Edit' }).click();
		const edit = page.getByRole('form', { name: 'Edit E2E films' });
		await edit.getByLabel('Enrich').uncheck();
		await edit.getByLabel('Scan schedule (optional)').fill('every night');
		await edit.getByRole('button', { name: 'Save changes' }).click();
		await edit.getByText('must be a cron expression').waitFor({ timeout: UI_TIMEOUT_MS });
		await edit.getByLabel('Scan schedule (optional)').fill('0 4 * * *');
		await edit.getByRole('button', { name: 'Save changes' }).click();
		await card.getByText('0 4 * * *').waitFor({ timeout: UI_TIMEOUT_MS });

		// The read side catches up asynchronously.
		await expect
			.poll(async () => (await graphql<{ libraries: unknown[] }>('{ libraries { name phases scanSchedule } }')).libraries, { timeout: UI_TIMEOUT_MS })
			.toEqual([{ name: 'E2E films', phases: ['PUBLISH'], scanSchedule: '0 4 * * *' }]);

		await card.getByRole('button', { name: 'Scan now' }).click();
		const state = card.getByTestId('job-state');
		await state.waitFor({ timeout: UI_TIMEOUT_MS });
		await expect.poll(() => state.textContent(), { timeout: 60_000, interval: 250 }).toBe('COMPLETED');
		const progress = await card.getByTestId('job-progress').evaluate((element) => {
			const bar = element as HTMLProgressElement;
			return { value: bar.value, max: bar.max };
		});
		expect(progress.max).toBeGreaterThan(0);
		expect(progress.value).toBe(progress.max);
		await screenshot('libraries');
	});
});

describe('activity screen', () => {
	it('lists the scan and shows a new job live, with its progress, without a reload', async () => {
		await page.goto(`${baseUrl}/activity`);
		const runs = page.getByTestId('job-run');
		await runs.filter({ hasText: 'scan-library' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
		const before = await runs.count();
		// The earlier scan's last state may still be on its way through the projector.
		await expect.poll(() => page.locator('[data-testid="job-run"][data-state="COMPLETED"]').count(), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
		await waitFor(
			'the activity page to subscribe to jobRunChanged',
			async () => (sentFrames.some((frame) => frame.includes('jobRunChanged')) ? true : undefined),
			UI_TIMEOUT_MS
		);
		await sleep(500);
		await page.evaluate(() => {
			(window as Window & { e2eMarker?: string }).e2eMarker = 'activity';
		});

		const libraries = await graphql<{ libraries: { id: string }[] }>('{ libraries { id } }');
		await graphql('mutation ($id: ID!) { scanLibrary(libraryId: $id) { id } }', { id: libraries.libraries[0]!.id });

		await expect.poll(() => runs.count(), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(before);
		await expect
			.poll(() => runs.first().getAttribute('data-state'), { timeout: 60_000, interval: 250 })
			.toBe('COMPLETED');
		expect(await page.evaluate(() => (window as Window & { e2eMarker?: string }).e2eMarker)).toBe('activity');
		await screenshot('activity');
	});

	it('filters by state through the address', async () => {
		await page.getByLabel('State').selectOption('FAILED');
		await waitForLocation('/activity?state=FAILED');
		await page.getByTestId('activity-empty').waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await page.getByTestId('job-run').count()).toBe(0);
	});
});

describe('unmatched files screen', () => {
	it('matches a file by hand: search a title, confirm, and the file leaves the list', async () => {
		await page.goto(`${baseUrl}/unmatched`);
		const row = page.getByTestId('unmatched-file').filter({ hasText: 'Sample Film 01 (1991).mkv' });
		await row.waitFor({ timeout: UI_TIMEOUT_MS });
		const countBefore = Number((await page.getByTestId('unmatched-count').textContent())?.match(/\d+/)?.[0]);
		expect(countBefore).toBeGreaterThanOrEqual(SCAN_FILE_COUNT);

		await row.getByRole('button', { name: 'Match Sample Film 01 (1991).mkv' }).click();
		const search = row.getByLabel('Search for the title');
		expect(await search.inputValue()).toBe('Sample Film 01');
		await search.fill('blade');
		await row.getByTestId('title-hit').filter({ hasText: 'Blade Runner' }).getByRole('radio').check();
		await screenshot('unmatched');
		await row.getByRole('button', { name: 'Match to Blade Runner' }).click();

		await row.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
		await page.getByTestId('unmatched-status').filter({ hasText: 'Matched Sample Film 01 (1991).mkv to Blade Runner.' }).waitFor({ timeout: UI_TIMEOUT_MS });
		const bladeRunner = await titleId('Blade Runner');
		await expect
			.poll(async () => {
				const data = await graphql<{ title: { files: { path: string }[] } }>('query ($id: ID!) { title(id: $id) { files { path } } }', { id: bladeRunner });
				return data.title.files.map((file) => file.path);
			}, { timeout: UI_TIMEOUT_MS })
			.toEqual(['Sample Film 01 (1991).mkv']);
	});
});

describe('title screen', () => {
	it('opens from the catalog grid with provenance, files and a 404 for an unknown id', async () => {
		await page.goto(`${baseUrl}/`);
		await page.getByTestId('title-list').getByRole('link', { name: /Blade Runner/ }).click();
		await page.getByRole('heading', { level: 1, name: /Blade Runner/ }).waitFor({ timeout: UI_TIMEOUT_MS });
		const name = page.locator('[data-testid="title-field"][data-field="NAME"]');
		expect(await name.getByTestId('field-source').textContent()).toContain('Edited by hand');
		expect(await page.getByTestId('title-file').textContent()).toContain('Sample Film 01 (1991).mkv');

		const missing = await page.goto(`${baseUrl}/titles/00000000-0000-4000-8000-000000000000`);
		expect(missing?.status()).toBe(404);
		await page.locator('[data-testid="error-page"][data-status="404"]').waitFor({ timeout: UI_TIMEOUT_MS });
		await screenshot('not-found');
	});

	it('locks a field, and keeps both edits when someone else saved first (conflict)', async () => {
		const id = await titleId('Blade Runner');
		await page.goto(`${baseUrl}/titles/${id}`);
		const lock = page.getByRole('button', { name: 'Lock Studios' });
		await lock.click();
		await expect.poll(() => lock.getAttribute('aria-pressed'), { timeout: UI_TIMEOUT_MS }).toBe('true');
		await expect
			.poll(async () => (await graphql<{ title: { lockedFields: string[] } }>('query ($id: ID!) { title(id: $id) { lockedFields } }', { id })).title.lockedFields, { timeout: UI_TIMEOUT_MS })
			.toContain('STUDIOS');

		await page.getByRole('button', { name: 'Edit' }).click();
		const form = page.getByRole('form', { name: 'Edit Blade Runner' });
		await form.getByLabel('Year').fill('1983');
		// Someone else saves a change while the form is open.
		const current = await graphql<{ title: { version: number } }>('query ($id: ID!) { title(id: $id) { version } }', { id });
		await graphql('mutation ($input: UpdateTitleInput!) { updateTitle(input: $input) { version } }', {
			input: { id, expectedVersion: current.title.version, overview: 'Replicants.' }
		});
		await form.getByRole('button', { name: 'Save', exact: true }).click();
		await page.getByTestId('edit-conflict').waitFor({ timeout: UI_TIMEOUT_MS });
		await page.getByRole('button', { name: 'Save mine on top of theirs' }).click();
		await page.getByTestId('title-status').filter({ hasText: 'Saved.' }).waitFor({ timeout: UI_TIMEOUT_MS });

		await expect
			.poll(async () => (await graphql<{ title: object }>('query ($id: ID!) { title(id: $id) { year overview lockedFields } }', { id })).title, { timeout: UI_TIMEOUT_MS })
			.toMatchObject({ year: 1983, overview: 'Replicants.', lockedFields: expect.arrayContaining(['YEAR']) });
		expect(await page.locator('[data-testid="title-field"][data-field="YEAR"]').textContent()).toContain('1983');
		await screenshot('title');
	});
});

describe('catalog grid', () => {
	it('filters by kind, searches as you type and keeps loading as you scroll', async () => {
		await graphql('mutation ($input: CreateTitleInput!) { createTitle(input: $input) { id } }', {
			input: { kind: 'SERIES', name: 'Cowboy Bebop', year: 1998 }
		});
		for (let index = 1; index <= EXTRA_TITLES; index += 1) await createTitle(`Filler ${String(index).padStart(3, '0')}`, 2000 + (index % 20));
		await waitFor('every title in the read model', async () => {
			const data = await graphql<{ titles: { totalCount: number } }>('{ titles(first: 1) { totalCount } }');
			return data.titles.totalCount >= EXTRA_TITLES + 3 ? data.titles.totalCount : undefined;
		}, UI_TIMEOUT_MS);

		await page.goto(`${baseUrl}/`);
		const items = page.getByTestId('title-item');
		await items.first().waitFor({ timeout: UI_TIMEOUT_MS });
		// The grid renders the cards near the viewport; each says where it sits in the whole catalog.
		const total = (await graphql<{ titles: { totalCount: number } }>('{ titles(first: 1) { totalCount } }')).titles.totalCount;
		expect(await items.first().getAttribute('aria-setsize')).toBe(String(total));
		const furthest = () => items.evaluateAll((cards) => Math.max(...cards.map((card) => Number(card.getAttribute('aria-posinset')))));
		expect(await furthest()).toBeLessThanOrEqual(60);
		await page.getByRole('button', { name: 'Load more' }).scrollIntoViewIfNeeded();
		await expect.poll(furthest, { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(60);
		await page.evaluate(() => window.scrollTo(0, 0));
		await screenshot('catalog');

		// The kind chips are checkboxes: keyboard first.
		const series = page.getByRole('checkbox', { name: /^Series/ });
		await series.focus();
		await page.keyboard.press('Space');
		await waitForLocation('/?kind=SERIES');
		await expect.poll(() => items.count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
		expect(await items.first().textContent()).toContain('Cowboy Bebop');
		await series.focus();
		await page.keyboard.press('Space');
		await waitForLocation('/');

		await page.getByLabel('Search').pressSequentially('blade r', { delay: 40 });
		await waitForLocation('/?q=blade+r');
		await expect.poll(() => items.count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
		expect(await items.first().textContent()).toContain('Blade Runner');
	});
});

describe('dashboard', () => {
	it('shows the library as charts and figures', async () => {
		await page.goto(`${baseUrl}/dashboard`);
		await page.getByRole('figure', { name: 'Titles by kind' }).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await page.getByTestId('chart').count()).toBe(7);
		// The scanned files are main videos: the statistics count them by resolution and find no NFO beside them.
		const byResolution = page.getByRole('figure', { name: 'Video files by resolution' });
		expect(await byResolution.textContent()).toMatch(/Unknown\s*\d+/);
		expect(await page.getByRole('figure', { name: 'Videos without NFO, titles without poster' }).textContent()).toMatch(/No NFO\s*[1-9]/);
		const unmatched = page.getByTestId('stat-tile').filter({ hasText: 'Unmatched files' });
		expect(Number((await unmatched.textContent())?.match(/\d+/)?.[0])).toBeGreaterThanOrEqual(SCAN_FILE_COUNT - 1);
		expect(await page.getByRole('figure', { name: 'Titles by kind' }).textContent()).toContain('Series');
		await page.getByTestId('queue-health').waitFor({ timeout: UI_TIMEOUT_MS });
		// Provider health (admins): every provider with its state; none has a key in this product.
		const providers = page.getByTestId('provider-health');
		await providers.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await providers.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-provider')))).toEqual(expect.arrayContaining(['tmdb', 'tvdb', 'fanart', 'musicbrainz']));
		expect(await providers.locator('tr[data-provider="tmdb"]').textContent()).toContain('No key');
		await screenshot('dashboard');
	});
});

describe('admin: users', () => {
	it('adds a user, changes the role and deletes them', async () => {
		await page.goto(`${baseUrl}/admin`);
		await page.getByTestId('user').filter({ hasText: ADMIN.username }).waitFor({ timeout: UI_TIMEOUT_MS });
		const form = page.getByRole('form', { name: 'Add a user' });
		await form.getByLabel('Username').fill('bob');
		await form.getByLabel('Password').fill('bobs long password');
		await form.getByLabel('Role').selectOption('GUEST');
		await form.getByRole('button', { name: 'Add user' }).click();
		const row = page.locator('[data-testid="user"][data-username="bob"]');
		await row.waitFor({ timeout: UI_TIMEOUT_MS });

		await row.getByLabel('Role of bob').selectOption('MEMBER');
		await expect
			.poll(async () => (await graphql<{ users: { username: string; role: string }[] }>('{ users { username role } }')).users.find((user) => user.username === 'bob')?.role, { timeout: UI_TIMEOUT_MS })
			.toBe('MEMBER');
		await screenshot('admin');

		await row.getByRole('button', { name: 'Delete bob…' }).click();
		await row.getByRole('button', { name: 'Delete bob' }).click();
		await row.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
		const users = await graphql<{ users: { username: string }[] }>('{ users { username } }');
		expect(users.users.map((user) => user.username)).toEqual([ADMIN.username]);
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
