/// <reference types="node" />
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ADMIN, outputDir, startE2e, UI_TIMEOUT_MS, until, type E2e } from './e2e-harness.ts';

/**
 * Every screen on a phone-sized screen (360 px) in light and dark (prefers-color-scheme), against
 * the real product with long names in every place that shows one: nothing scrolls the page
 * sideways, the dark scheme really applies (dark page, no light panels left over) and text keeps a
 * readable contrast against what is behind it. Also the keyboard order through the catalog filters.
 */

type Scheme = 'light' | 'dark';
const SCHEMES: readonly Scheme[] = ['light', 'dark'];

let e2e: E2e;
let titleId = '';
let listId = '';
let listSlug = '';
let mediaDir = '';
const LONG_NAME = 'Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb';
const LONG_WORD = 'Unbreakablelongwordthatmustwrapsomewhereinsteadofoverflowingthescreen';
/** What the first-run setup screen looked like, per scheme (it exists only before the admin does). */
const setupScreens = new Map<Scheme, Inspection>();

interface Inspection {
	scrollWidth: number;
	clientWidth: number;
	/** Elements reaching past the right edge: what makes a page scroll sideways. */
	overflow: string[];
	background: string;
	/** Text below WCAG AA contrast against the background behind it. */
	lowContrast: string[];
	/** Light panels (backgrounds) on a page in the dark scheme. */
	lightSurfaces: string[];
}

/** Measures the open page: sideways overflow, the body's background, text contrast, light panels. */
function inspect(page: Page): Promise<Inspection> {
	return page.evaluate(() => {
		const parse = (colour: string) => {
			const [r = 0, g = 0, b = 0, a = 1] = (colour.match(/[\d.]+/g) ?? []).map(Number);
			return { r, g, b, a: colour.startsWith('rgba') ? a : 1 };
		};
		const channel = (value: number) => {
			const c = value / 255;
			return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
		};
		const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
		const label = (element: Element) => `${element.tagName.toLowerCase()}${[...element.classList].filter((name) => !name.startsWith('svelte-')).map((name) => `.${name}`).join('')} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
		const visible = (element: Element) => {
			const rect = element.getBoundingClientRect();
			const style = getComputedStyle(element);
			return rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && !element.closest('[aria-hidden="true"], .visually-hidden');
		};
		/** The opaque background behind an element: its own or the nearest ancestor's (blending translucent layers). */
		const backdrop = (element: Element) => {
			const layers: { r: number; g: number; b: number; a: number }[] = [];
			for (let node: Element | null = element; node; node = node.parentElement) {
				const colour = parse(getComputedStyle(node).backgroundColor);
				if (colour.a > 0) layers.push(colour);
				if (colour.a >= 1) break;
			}
			let result = { r: 255, g: 255, b: 255 };
			for (const layer of layers.reverse()) result = { r: layer.r * layer.a + result.r * (1 - layer.a), g: layer.g * layer.a + result.g * (1 - layer.a), b: layer.b * layer.a + result.b * (1 - layer.a) };
			return result;
		};

		const width = document.documentElement.clientWidth;
		const elements = [...document.querySelectorAll('body *')];
		// Past the left edge (the skip link waiting off-screen) never scrolls the page.
		const pastRight = elements.filter((element) => element.getBoundingClientRect().right > width + 1);
		const innermost = (list: Element[]) => list.filter((element) => !list.some((other) => other !== element && element.contains(other)));
		let overflow = innermost(
			pastRight.filter((element) => {
				const rect = element.getBoundingClientRect();
				if (rect.width === 0 || rect.height === 0) return false;
				// Content clipped by a scrolling or hidden-overflow ancestor does not widen the page.
				for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
					const value = getComputedStyle(parent).overflowX;
					if (value === 'auto' || value === 'scroll' || value === 'hidden' || value === 'clip') return false;
				}
				return true;
			})
		);
		// The page is wider but nothing unclipped reaches out: something positioned escaped its clipping box.
		if (overflow.length === 0 && document.documentElement.scrollWidth > width) overflow = innermost(pastRight);
		const overflowLabels = overflow.slice(0, 5).map(label);

		const lowContrast: string[] = [];
		for (const element of elements) {
			const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
			if (!ownText || !visible(element) || element.closest('[disabled]')) continue;
			const style = getComputedStyle(element);
			const behind = backdrop(element);
			const fore = parse(style.color);
			const text = { r: fore.r * fore.a + behind.r * (1 - fore.a), g: fore.g * fore.a + behind.g * (1 - fore.a), b: fore.b * fore.a + behind.b * (1 - fore.a) };
			const [light, dark] = [luminance(text), luminance(behind)].sort((a, b) => b - a) as [number, number];
			const ratio = (light + 0.05) / (dark + 0.05);
			const size = parseFloat(style.fontSize);
			const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
			if (ratio < (large ? 3 : 4.5)) lowContrast.push(`${label(element)} ${style.color} on rgb(${behind.r}, ${behind.g}, ${behind.b}): ${ratio.toFixed(2)}`);
		}

		const dark = matchMedia('(prefers-color-scheme: dark)').matches;
		const lightSurfaces = dark
			? elements
					.filter((element) => {
						if (['IMG', 'SVG', 'CANVAS', 'VIDEO'].includes(element.tagName.toUpperCase()) || !visible(element)) return false;
						const colour = parse(getComputedStyle(element).backgroundColor);
						const rect = element.getBoundingClientRect();
						return colour.a > 0.5 && luminance(colour) > 0.5 && rect.width * rect.height > 200;
					})
					.slice(0, 5)
					.map((element) => `${label(element)} ${getComputedStyle(element).backgroundColor}`)
			: [];
		return {
			scrollWidth: document.documentElement.scrollWidth,
			clientWidth: width,
			overflow: overflowLabels,
			background: getComputedStyle(document.body).backgroundColor,
			lowContrast: lowContrast.slice(0, 8),
			lightSurfaces
		};
	});
}

/** Relative luminance (0 black … 1 white) of an rgb() colour. */
function luminance(rgb: string): number {
	const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((part) => Number(part) / 255);
	return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

/** What is wrong with an inspected screen, as readable lines (none: it passes). */
function problems(scheme: Scheme, found: Inspection): string[] {
	const out: string[] = [];
	if (found.scrollWidth > found.clientWidth || found.overflow.length > 0) out.push(`scrolls sideways (${found.scrollWidth} > ${found.clientWidth}): ${found.overflow.join('; ')}`);
	const luma = luminance(found.background);
	if (scheme === 'dark' ? luma >= 0.3 : luma <= 0.7) out.push(`page background ${found.background} is not ${scheme}`);
	if (found.lowContrast.length > 0) out.push(`low contrast: ${found.lowContrast.join('; ')}`);
	if (found.lightSurfaces.length > 0) out.push(`light panels in the dark scheme: ${found.lightSurfaces.join('; ')}`);
	return out;
}

function phoneContext(browser: Browser, colorScheme: Scheme): Promise<BrowserContext> {
	return browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, colorScheme });
}

/** A signed-in page of its own with the given screen and colour scheme. */
async function phonePage(colorScheme: Scheme): Promise<{ context: BrowserContext; page: Page }> {
	const context = await phoneContext(e2e.browser, colorScheme);
	const page = await context.newPage();
	await page.goto(`${e2e.product.url}/login`);
	await page.getByLabel('Username').fill(E2E_ADMIN.username);
	await page.getByLabel('Password').fill(E2E_ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => url.pathname === '/', { timeout: UI_TIMEOUT_MS });
	return { context, page };
}

const mutate = (query: string, input: Record<string, unknown>) => e2e.graphql<Record<string, Record<string, unknown>>>(query, { input });

beforeAll(async () => {
	e2e = await startE2e({
		log: 'responsive-server.log',
		env: { MARQUEE_FFPROBE: 'off' },
		async beforeSetup(product, browser) {
			for (const scheme of SCHEMES) {
				const context = await phoneContext(browser, scheme);
				try {
					const page = await context.newPage();
					await page.goto(`${product.url}/setup`);
					await page.getByRole('heading', { level: 1, name: 'Welcome to Marquee' }).waitFor({ timeout: UI_TIMEOUT_MS });
					setupScreens.set(scheme, await inspect(page));
					await page.screenshot({ path: path.join(outputDir, `setup-mobile-${scheme}.png`), fullPage: true });
				} finally {
					await context.close();
				}
			}
		}
	});
	const createTitle = 'mutation ($input: CreateTitleInput!) { createTitle(input: $input) { id } }';
	const created = await mutate(createTitle, {
		kind: 'MOVIE',
		name: LONG_NAME,
		year: 1964,
		genres: ['Comedy', 'War'],
		overview: `${'A'.repeat(40)} war-room satire with an ${LONG_WORD}.`
	});
	titleId = created.createTitle!.id as string;
	for (const [name, year] of [['Heat', 1995], ['Ran', 1985], ['Alien', 1979]] as const) await mutate(createTitle, { kind: 'MOVIE', name, year });
	await mutate(createTitle, { kind: 'SERIES', name: 'Twin Peaks', year: 1990 });

	// A library whose root and files have long names, scanned: libraries, unmatched files, activity.
	mediaDir = await mkdtemp(path.join(tmpdir(), 'marquee-web-responsive-'));
	const root = path.join(mediaDir, 'an-unusually-long-folder-name-for-the-family-film-collection-on-the-nas');
	await mkdir(root);
	await writeFile(path.join(root, `${LONG_WORD}.Extended.Directors.Cut.2160p.UHD.BluRay.x265-GROUP.mkv`), 'fixture\n');
	await writeFile(path.join(root, 'Some Home Video From The Summer Holidays At The Seaside (2019).mkv'), 'fixture\n');
	const library = await mutate('mutation ($input: CreateLibraryInput!) { createLibrary(input: $input) { id } }', {
		name: 'The family film collection on the NAS in the basement',
		kind: 'MOVIES',
		rootPath: root,
		phases: [],
		scanSchedule: '0 4 * * *'
	});
	await e2e.graphql('mutation ($id: ID!) { scanLibrary(libraryId: $id) { id } }', { id: library.createLibrary!.id });

	await mutate('mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }', {
		username: 'maximilian-alexander-von-langenname',
		displayName: 'Maximilian Alexander von Langenname-Schönberg',
		password: 'a long enough password',
		role: 'MEMBER'
	});
	await mutate('mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }', {
		name: 'Home automation server in the hallway cupboard',
		scopes: ['CATALOG_READ', 'CATALOG_WRITE', 'JOBS', 'LIBRARY_WRITE']
	});
	await mutate('mutation ($input: PlayerInput!) { createPlayer(input: $input) { id } }', {
		kind: 'KODI',
		name: 'Living room media centre behind the television',
		url: 'http://living-room-media-centre.home.arpa:8080',
		pathMappings: [{ from: root, to: 'smb://network-attached-storage.home.arpa/media/films/family-collection' }]
	});
	await mutate('mutation ($input: NotificationTargetInput!) { createNotificationTarget(input: $input) { id } }', {
		kind: 'WEBHOOK',
		name: 'Household automation webhook receiver',
		url: 'https://automation.example.com/hooks/marquee/a-very-long-path-segment-that-keeps-going'
	});

	const list = await mutate('mutation ($input: CreateListInput!) { createList(input: $input) { id slug } }', {
		name: `Films for a long weekend: ${LONG_WORD}`,
		description: `Everything we meant to watch, with ${LONG_WORD} in the description too.`,
		visibility: 'PUBLIC'
	});
	listId = list.createList!.id as string;
	listSlug = list.createList!.slug as string;
	await mutate('mutation ($input: AddListEntryInput!) { addListEntry(input: $input) { id } }', { listId, titleId, note: `Watch with ${LONG_WORD}` });
	await mutate('mutation ($input: SetTitleStateInput!) { setTitleState(input: $input) { version } }', { titleId, status: 'WATCHING', rating: 9, notes: LONG_WORD });
	await mutate('mutation ($input: ReportProgressInput!) { reportProgress(input: $input) { version } }', { titleId, position: 1800, duration: 5700 });

	await until('titles, the scan and the list in the read models', async () => {
		const data = await e2e.graphql<{ titles: { totalCount: number }; jobRuns: { edges: { node: { state: string } }[] }; continueWatching: unknown[] }>(
			'{ titles(first: 1) { totalCount } jobRuns(first: 5) { edges { node { state } } } continueWatching { titleId } }'
		);
		return data.titles.totalCount >= 5 && data.jobRuns.edges.some((edge) => edge.node.state === 'COMPLETED') && data.continueWatching.length === 1 ? true : undefined;
	});
});

afterAll(async () => {
	await e2e?.stop();
	if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
});

interface Screen {
	name: string;
	path: () => string;
	/** What shows once the screen has its data. */
	ready: (page: Page) => Promise<unknown>;
	/** Seen by someone not signed in. */
	signedOut?: boolean;
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: UI_TIMEOUT_MS });
const testId = (page: Page, id: string) => page.getByTestId(id).first().waitFor({ timeout: UI_TIMEOUT_MS });

const SCREENS: Screen[] = [
	{ name: 'login', path: () => '/login', ready: (page) => heading(page, 'Sign in'), signedOut: true },
	{ name: 'public-list', path: () => `/l/${listSlug}`, ready: (page) => testId(page, 'public-entry'), signedOut: true },
	{ name: 'catalog', path: () => '/', ready: (page) => testId(page, 'title-item') },
	{ name: 'title', path: () => `/titles/${titleId}`, ready: (page) => heading(page, /Strangelove/) },
	{ name: 'not-found', path: () => '/titles/00000000-0000-4000-8000-000000000000', ready: (page) => heading(page, 'Nothing here') },
	{ name: 'dashboard', path: () => '/dashboard', ready: (page) => testId(page, 'queue-health') },
	{ name: 'my-library', path: () => '/my', ready: (page) => testId(page, 'continue-watching') },
	{ name: 'my-history', path: () => '/my/history', ready: (page) => heading(page, 'History') },
	{ name: 'my-ratings', path: () => '/my/ratings', ready: (page) => testId(page, 'ratings-list') },
	{ name: 'lists', path: () => '/lists', ready: (page) => testId(page, 'my-lists') },
	{ name: 'list', path: () => `/lists/${listId}`, ready: (page) => testId(page, 'list-entry') },
	{ name: 'libraries', path: () => '/libraries', ready: (page) => testId(page, 'library') },
	{ name: 'unmatched', path: () => '/unmatched', ready: (page) => testId(page, 'unmatched-file') },
	{ name: 'activity', path: () => '/activity', ready: (page) => testId(page, 'job-run') },
	{ name: 'admin', path: () => '/admin', ready: (page) => page.locator('[data-testid="user"][data-username="maximilian-alexander-von-langenname"]').waitFor({ timeout: UI_TIMEOUT_MS }) },
	{ name: 'integrations', path: () => '/integrations', ready: (page) => testId(page, 'notification-target') },
	{ name: 'account', path: () => '/account', ready: (page) => testId(page, 'api-key') }
];

describe('narrow screens and dark mode', () => {
	it('shows the first-run setup within 360 px in both schemes', () => {
		for (const scheme of SCHEMES) {
			const found = setupScreens.get(scheme);
			expect(found, `setup was inspected (${scheme})`).toBeDefined();
			expect(problems(scheme, found!), `setup (${scheme})`).toEqual([]);
		}
		expect(setupScreens.get('light')!.background).not.toBe(setupScreens.get('dark')!.background);
	});

	const backgrounds = new Map<string, string>();
	for (const scheme of SCHEMES) {
		it(`fits every screen into 360 px without sideways scrolling, readable in the ${scheme} scheme`, async () => {
			const { context, page } = await phonePage(scheme);
			const signedOut = await context.browser()!.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, colorScheme: scheme });
			const anonymous = await signedOut.newPage();
			const failures: Record<string, string[]> = {};
			try {
				expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
				for (const screen of SCREENS) {
					const target = screen.signedOut ? anonymous : page;
					await target.goto(`${e2e.product.url}${screen.path()}`);
					await screen.ready(target);
					const found = await inspect(target);
					const wrong = problems(scheme, found);
					if (wrong.length > 0) failures[screen.name] = wrong;
					backgrounds.set(`${screen.name}:${scheme}`, found.background);
					await target.screenshot({ path: path.join(outputDir, `${screen.name}-mobile-${scheme}.png`), fullPage: true });
				}
			} finally {
				await context.close();
				await signedOut.close();
			}
			expect(failures).toEqual({});
		}, 240_000);
	}

	it('changes the page background with the scheme on every screen', () => {
		for (const screen of SCREENS) expect(backgrounds.get(`${screen.name}:light`), screen.name).not.toBe(backgrounds.get(`${screen.name}:dark`));
	});
});

describe('keyboard order through the catalog filters', () => {
	it('tabs from the search box through every filter in the order they are shown, each with a visible focus ring', async () => {
		const page = await e2e.newPage(E2E_ADMIN);
		await page.getByTestId('title-item').first().waitFor({ timeout: UI_TIMEOUT_MS });
		const filters = page.getByRole('search', { name: 'Catalog' });
		// Nothing on the page jumps the queue with a positive tabindex.
		expect(await page.locator('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])').count()).toBe(0);

		// The order the filters are laid out in (the DOM order of their controls), each control
		// tagged with its place: its markup is no identity, since hydration may still be setting
		// attributes such as `value` between this read and the focus walk.
		const laidOut = await filters.evaluate((form) =>
			[...form.querySelectorAll<HTMLElement>('input, select, button')]
				.filter((element) => !(element as HTMLInputElement).disabled)
				.map((element, place) => {
					element.dataset.tabPlace = String(place);
					return `${place}: ${element.outerHTML}`;
				})
		);
		const byPlace = new Map(laidOut.map((entry) => [entry.slice(0, entry.indexOf(':')), entry]));
		await page.getByLabel('Search').focus();
		const visited: string[] = [];
		const rings: boolean[] = [];
		for (let step = 0; step < laidOut.length; step += 1) {
			const focused = await page.evaluate(() => {
				const element = document.activeElement as HTMLElement;
				const style = getComputedStyle(element);
				const label = element.closest('label');
				const labelStyle = label ? getComputedStyle(label) : null;
				const ring = (s: CSSStyleDeclaration | null) => Boolean(s && ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'));
				return { place: element.dataset.tabPlace ?? null, html: element.outerHTML, ring: ring(style) || ring(labelStyle) };
			});
			visited.push((focused.place !== null && byPlace.get(focused.place)) || focused.html);
			rings.push(focused.ring);
			await page.keyboard.press('Tab');
		}
		expect(visited).toEqual(laidOut);
		// Search, the kind chips, decade, genre, sort and its direction.
		expect(laidOut.length).toBeGreaterThanOrEqual(6);
		expect(visited[0]).toContain('type="search"');
		expect(visited.at(-1)).toContain('Reverse order');
		expect(rings.every(Boolean), `focus ring per control: ${JSON.stringify(rings)}`).toBe(true);
		// Leaving the last filter moves on to the titles, not back to the top of the page.
		expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="title-list"]')))).toBe(true);
		await page.context().close();
	});
});
