/// <reference types="node" />
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ADMIN, outputDir, startE2e, UI_TIMEOUT_MS, until, type E2e } from './e2e-harness.ts';

/**
 * The catalog grid with thousands of titles, in Chromium against the real product: the titles come
 * in through the parser's bulk import (internalImportTitles), then the grid is scrolled to the end.
 * Every title must be reached exactly once and in the API's order, the DOM must stay the same size
 * however far down the viewer is (the grid renders only the rows near the viewport), the browser
 * must ask for pages rather than the whole catalog, and keyboard focus must survive the window
 * moving. No wall-clock assertions: only counts and order.
 */

const TITLES = 5000;
const BATCH = 500;
/** Cards in the DOM at most, wherever the viewer has scrolled to (a 1100×900 window shows ~24). */
const MAX_RENDERED_CARDS = 120;

let e2e: E2e;
/** Title ids in the catalog's default order (recently added first), as the API pages them. */
let expectedOrder: string[] = [];

beforeAll(async () => {
	e2e = await startE2e({ log: 'catalog-scale-server.log' });
	const batches = Array.from({ length: TITLES / BATCH }, (_, batch) =>
		Array.from({ length: BATCH }, (_, offset) => {
			const n = batch * BATCH + offset + 1;
			return { provider: 'scale', externalId: String(n), kind: 'MOVIE', name: `Scale ${String(n).padStart(5, '0')}`, year: 1950 + (n % 75) };
		})
	);
	// Two batches in flight, as the parser sends them.
	for (let index = 0; index < batches.length; index += 2) {
		await Promise.all(
			batches.slice(index, index + 2).map(async (items) => {
				const body = await e2e.post<{ internalImportTitles: { outcome: string }[] }>(
					'mutation ($items: [ImportTitleInput!]!) { internalImportTitles(items: $items) { outcome } }',
					{ items },
					{ 'x-marquee-service-token': e2e.product.serviceToken }
				);
				if (body.errors?.length || body.data?.internalImportTitles.some((result) => result.outcome !== 'CREATED')) throw new Error(`import failed: ${JSON.stringify(body).slice(0, 500)}`);
			})
		);
	}
	await until(
		'every imported title in the read model',
		async () => {
			const data = await e2e.graphql<{ titles: { totalCount: number } }>('{ titles(first: 1) { totalCount } }');
			return data.titles.totalCount >= TITLES ? true : undefined;
		},
		120_000
	);
	let after: string | null = null;
	do {
		const page: { titles: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await e2e.graphql(
			'query ($after: String) { titles(first: 200, after: $after, sort: CREATED, descending: true) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
			{ after }
		);
		expectedOrder.push(...page.titles.edges.map((edge) => edge.node.id));
		after = page.titles.pageInfo.hasNextPage ? page.titles.pageInfo.endCursor : null;
	} while (after);
	expect(expectedOrder).toHaveLength(TITLES);
}, 300_000);

afterAll(async () => {
	await e2e?.stop();
});

/** The `first` of every Catalog query the page sends from now on (the first page comes with the server render). */
function catalogRequests(page: Page): number[] {
	const firsts: number[] = [];
	page.on('request', (request) => {
		if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
		const body = request.postDataJSON() as { query?: string; variables?: { first?: number } } | null;
		if (body?.query?.includes('query Catalog(')) firsts.push(body.variables?.first ?? Number.NaN);
	});
	return firsts;
}

interface ScrollReport {
	/** aria-posinset → the card's link, for every card ever rendered. */
	seen: [number, string][];
	/** The same position rendered with two different titles. */
	conflicts: string[];
	setSize: number;
	maxCards: number;
	maxNodes: number;
	startNodes: number;
	endNodes: number;
	/** Scroll steps where no card covered the middle of the viewport. */
	blankSteps: number;
	/** Rendered cards whose place on screen did not match their position (row by row, left to right). */
	misplaced: string[];
	steps: number;
}

/** Scrolls the window down by most of a screen at a time, until every card of the set has been rendered. */
function scrollToTheEnd(page: Page): Promise<ScrollReport> {
	return page.evaluate(async (deadlineMs) => {
		const frames = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
		const seen = new Map<number, string>();
		const conflicts: string[] = [];
		const misplaced: string[] = [];
		let maxCards = 0;
		let maxNodes = 0;
		let blankSteps = 0;
		let steps = 0;
		let setSize = 0;
		const startNodes = document.getElementsByTagName('*').length;
		const deadline = Date.now() + deadlineMs;
		while (Date.now() < deadline) {
			await frames();
			const cards = [...document.querySelectorAll<HTMLElement>('[data-testid="title-item"]')];
			maxCards = Math.max(maxCards, cards.length);
			maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length);
			setSize = Number(cards[0]?.getAttribute('aria-setsize') ?? 0);
			const placed = cards.map((card) => ({ position: Number(card.getAttribute('aria-posinset')), rect: card.getBoundingClientRect(), href: card.querySelector('a')?.getAttribute('href') ?? '' }));
			for (const { position, href } of placed) {
				const prior = seen.get(position);
				if (prior !== undefined && prior !== href) conflicts.push(`${position}: ${prior} then ${href}`);
				seen.set(position, href);
			}
			// Cards in position order sit row by row: a later card is lower, or on the same row further right.
			for (let index = 1; index < placed.length; index += 1) {
				const [a, b] = [placed[index - 1]!, placed[index]!];
				const sameRow = Math.abs(a.rect.top - b.rect.top) < 1;
				if (b.position <= a.position || !(b.rect.top > a.rect.top + 1 || (sameRow && b.rect.left > a.rect.left))) misplaced.push(`${a.position}→${b.position}`);
			}
			const middle = innerHeight / 2;
			const grid = document.querySelector('[data-testid="title-list"]')!.getBoundingClientRect();
			if (grid.top < middle && grid.bottom > middle && !placed.some(({ rect }) => rect.top <= middle + 200 && rect.bottom >= middle - 200)) blankSteps += 1;
			if (setSize > 0 && seen.size >= setSize) break;
			const before = scrollY;
			scrollBy(0, Math.round(innerHeight * 0.8));
			steps += 1;
			// At the bottom of what is loaded: the next page is on its way.
			if (scrollY === before) await new Promise((resolve) => setTimeout(resolve, 100));
		}
		return { seen: [...seen], conflicts, setSize, maxCards, maxNodes, startNodes, endNodes: document.getElementsByTagName('*').length, blankSteps, misplaced: misplaced.slice(0, 10), steps };
	}, 180_000);
}

describe('catalog with thousands of titles', () => {
	it('reaches every title exactly once, in order, with a bounded DOM and paged requests', async () => {
		const page = await e2e.newPage(E2E_ADMIN);
		try {
			const firsts = catalogRequests(page);
			await page.getByTestId('title-item').first().waitFor({ timeout: UI_TIMEOUT_MS });
			expect(await page.getByTestId('catalog-count').textContent()).toContain(`${TITLES} titles`);
			// Only a few screens' worth of cards exist before any scrolling.
			expect(await page.getByTestId('title-item').count()).toBeLessThanOrEqual(MAX_RENDERED_CARDS);

			const report = await scrollToTheEnd(page);
			await page.screenshot({ path: path.join(outputDir, 'catalog-scale-end.png') });

			expect(report.setSize).toBe(TITLES);
			expect(report.conflicts).toEqual([]);
			const positions = report.seen.map(([position]) => position).sort((a, b) => a - b);
			expect(positions).toEqual(Array.from({ length: TITLES }, (_, index) => index + 1));
			const order = report.seen.sort(([a], [b]) => a - b).map(([, href]) => href.replace('/titles/', ''));
			expect(new Set(order).size).toBe(TITLES);
			expect(order).toEqual(expectedOrder);
			expect(report.misplaced).toEqual([]);
			expect(report.blankSteps).toBe(0);

			// The DOM stayed the size of a few screens, not of the catalog.
			expect(report.maxCards).toBeLessThanOrEqual(MAX_RENDERED_CARDS);
			expect(report.endNodes - report.startNodes, JSON.stringify(report, (key, value) => (key === 'seen' ? undefined : value))).toBeLessThan(MAX_RENDERED_CARDS * 8);
			expect(report.maxNodes).toBeLessThan(report.startNodes + MAX_RENDERED_CARDS * 8);

			// Pages, never the whole catalog: each request asks for at most the API's page size.
			expect(firsts.length).toBeGreaterThanOrEqual(Math.ceil((TITLES - 60) / 200));
			expect(Math.max(...firsts)).toBeLessThanOrEqual(200);
			expect(firsts.every((first) => Number.isInteger(first) && first > 0)).toBe(true);
		} finally {
			await page.context().close();
		}
	}, 300_000);

	it('tabs through cards beyond the rendered rows and keeps focus on a card scrolled far away', async () => {
		const page = await e2e.newPage(E2E_ADMIN);
		try {
			const cards = page.getByTestId('title-item');
			await cards.first().waitFor({ timeout: UI_TIMEOUT_MS });
			const initiallyRendered = await cards.count();
			const focusedPosition = () => page.evaluate(() => Number(document.activeElement?.closest('[data-testid="title-item"]')?.getAttribute('aria-posinset') ?? 0));

			// Tab from the first card through more cards than were rendered at first: the window follows focus.
			await cards.first().locator('a').focus();
			const visited = [await focusedPosition()];
			for (let step = 0; step < initiallyRendered + 12; step += 1) {
				await page.keyboard.press('Tab');
				visited.push(await focusedPosition());
			}
			expect(visited).toEqual(Array.from({ length: initiallyRendered + 13 }, (_, index) => index + 1));
			expect(await cards.count()).toBeLessThanOrEqual(MAX_RENDERED_CARDS);

			// Scroll far away with the focused card out of view: it stays in the DOM and keeps focus.
			const focusedHref = await page.evaluate(() => document.activeElement?.getAttribute('href'));
			await page.evaluate(async () => {
				for (let step = 0; step < 20; step += 1) {
					scrollBy(0, innerHeight);
					await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
				}
			});
			expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(focusedHref);
			expect(await focusedPosition()).toBe(initiallyRendered + 13);
			expect(await cards.count()).toBeLessThanOrEqual(MAX_RENDERED_CARDS);
			// The next Tab lands on the cards now on screen, further down the catalog.
			await page.keyboard.press('Tab');
			expect(await focusedPosition()).toBeGreaterThan(initiallyRendered + 13);
		} finally {
			await page.context().close();
		}
	}, 120_000);
});
