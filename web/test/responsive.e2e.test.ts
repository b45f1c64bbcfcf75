/// <reference types="node" />
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ADMIN, outputDir, startE2e, UI_TIMEOUT_MS, until, type E2e } from './e2e-harness.ts';

/**
 * The catalog and title pages on a phone-sized screen and in dark mode (prefers-color-scheme), and
 * the keyboard order through the catalog's filters, against the real product.
 */

let e2e: E2e;
let titleId = '';
const LONG_NAME = 'Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb';

beforeAll(async () => {
	e2e = await startE2e({ log: 'responsive-server.log' });
	const created = await e2e.graphql<{ createTitle: { id: string } }>('mutation ($input: CreateTitleInput!) { createTitle(input: $input) { id } }', {
		input: { kind: 'MOVIE', name: LONG_NAME, year: 1964, overview: 'A'.repeat(40) + ' war-room satire with an unbreakablelongwordthatmustwrapsomewhereinsteadofoverflowing.' }
	});
	titleId = created.createTitle.id;
	for (const [name, year] of [['Heat', 1995], ['Ran', 1985], ['Alien', 1979]] as const) {
		await e2e.graphql('mutation ($input: CreateTitleInput!) { createTitle(input: $input) { id } }', { input: { kind: 'MOVIE', name, year } });
	}
	await e2e.graphql('mutation ($input: CreateTitleInput!) { createTitle(input: $input) { id } }', { input: { kind: 'SERIES', name: 'Twin Peaks', year: 1990 } });
	await until('every title in the read model', async () => {
		const data = await e2e.graphql<{ titles: { totalCount: number } }>('{ titles(first: 1) { totalCount } }');
		return data.titles.totalCount >= 5 ? true : undefined;
	});
});

afterAll(async () => {
	await e2e?.stop();
});

/** A signed-in page of its own with the given screen and colour scheme. */
async function phonePage(colorScheme: 'light' | 'dark'): Promise<{ context: BrowserContext; page: Page }> {
	const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, colorScheme });
	const page = await context.newPage();
	await page.goto(`${e2e.product.url}/login`);
	await page.getByLabel('Username').fill(E2E_ADMIN.username);
	await page.getByLabel('Password').fill(E2E_ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => url.pathname === '/', { timeout: UI_TIMEOUT_MS });
	return { context, page };
}

/** Elements wider than the viewport, or reaching past its right edge: what makes a page scroll sideways. */
async function horizontalOverflow(page: Page) {
	return page.evaluate(() => {
		const width = document.documentElement.clientWidth;
		const offenders = [...document.querySelectorAll('body *')]
			.filter((element) => {
				const rect = element.getBoundingClientRect();
				if (rect.width === 0 || rect.height === 0) return false;
				// Content clipped by a scrolling or hidden-overflow ancestor does not widen the page.
				for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
					const overflow = getComputedStyle(parent).overflowX;
					if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden' || overflow === 'clip') return false;
				}
				// Past the left edge (the skip link waiting off-screen) never scrolls the page.
				return rect.right > width + 1;
			})
			.filter((element, _index, all) => !all.some((other) => other !== element && element.contains(other)))
			.slice(0, 5)
			.map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} "${element.textContent?.trim().slice(0, 40)}"`);
		return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, offenders };
	});
}

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
/** Relative luminance (0 black … 1 white) of an rgb() colour. */
function luminance(rgb: string): number {
	const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((part) => Number(part) / 255);
	return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

describe('narrow screens and dark mode', () => {
	for (const scheme of ['light', 'dark'] as const) {
		it(`fits the catalog and a title page into a 360 px screen without sideways scrolling (${scheme})`, async () => {
			const { context, page } = await phonePage(scheme);
			try {
				await page.getByTestId('title-item').first().waitFor({ timeout: UI_TIMEOUT_MS });
				expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
				const luma = luminance(await background(page));
				if (scheme === 'dark') expect(luma, 'a dark page background').toBeLessThan(0.3);
				else expect(luma, 'a light page background').toBeGreaterThan(0.7);

				const catalog = await horizontalOverflow(page);
				expect(catalog.offenders, JSON.stringify(catalog)).toEqual([]);
				expect(catalog.scrollWidth).toBeLessThanOrEqual(catalog.clientWidth);
				await page.screenshot({ path: path.join(outputDir, `catalog-mobile-${scheme}.png`), fullPage: true });

				await page.goto(`${e2e.product.url}/titles/${titleId}`);
				await page.getByRole('heading', { level: 1, name: /Strangelove/ }).waitFor({ timeout: UI_TIMEOUT_MS });
				const title = await horizontalOverflow(page);
				expect(title.offenders, JSON.stringify(title)).toEqual([]);
				expect(title.scrollWidth).toBeLessThanOrEqual(title.clientWidth);
				await page.screenshot({ path: path.join(outputDir, `title-mobile-${scheme}.png`), fullPage: true });
			} finally {
				await context.close();
			}
		});
	}
});

describe('keyboard order through the catalog filters', () => {
	it('tabs from the search box through every filter in the order they are shown, each with a visible focus ring', async () => {
		const page = await e2e.newPage(E2E_ADMIN);
		await page.getByTestId('title-item').first().waitFor({ timeout: UI_TIMEOUT_MS });
		const filters = page.getByRole('search', { name: 'Catalog' });
		// Nothing on the page jumps the queue with a positive tabindex.
		expect(await page.locator('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])').count()).toBe(0);

		// The order the filters are laid out in (the DOM order of their controls).
		const laidOut = await filters.evaluate((form) =>
			[...form.querySelectorAll<HTMLElement>('input, select, button')].filter((element) => !(element as HTMLInputElement).disabled).map((element) => element.outerHTML)
		);
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
				return { html: element.outerHTML, ring: ring(style) || ring(labelStyle) };
			});
			visited.push(focused.html);
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
