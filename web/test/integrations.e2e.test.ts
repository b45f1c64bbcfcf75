/// <reference types="node" />
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ADMIN, startE2e, UI_TIMEOUT_MS, type E2e } from './e2e-harness.ts';

/**
 * The integrations screen against the real product: players (Kodi, Jellyfin) and notification
 * targets added, tested and removed through the page, with local fake receivers on loopback
 * (allowed by MARQUEE_OUTGOING_ALLOW_LOOPBACK=true in the product's environment).
 */

interface Seen {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

interface Fake {
	server: Server;
	url: string;
	seen: Seen[];
}

/** A local HTTP server that records every request and answers with `answer`. */
async function fake(answer: (request: Seen) => { status?: number; body: unknown }): Promise<Fake> {
	const seen: Seen[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const entry = { method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
			seen.push(entry);
			const reply = answer(entry);
			response.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
			response.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const KODI_PASSWORD = 'kodi-web-password';
const JELLYFIN_KEY = 'jellyfin-api-key-0123456789';
const WEBHOOK_SECRET = 'receiver-shared-secret-42';

let e2e: E2e;
let page: Page;
let kodi: Fake;
let jellyfin: Fake;
let receiver: Fake;
let broken: Fake;
const pageErrors: string[] = [];
/** Every answer body the browser got from /graphql, to prove no secret ever came back. */
const answers: string[] = [];

beforeAll(async () => {
	kodi = await fake((request) => {
		const rpc = JSON.parse(request.body || '{}') as { method?: string; id?: number };
		const result = rpc.method === 'JSONRPC.Ping' ? 'pong' : rpc.method === 'Application.GetProperties' ? { name: 'Kodi', version: { major: 21, minor: 1 } } : 'OK';
		return { body: { jsonrpc: '2.0', id: rpc.id, result } };
	});
	jellyfin = await fake((request) =>
		request.url === '/System/Info' ? { body: { ServerName: 'Den', Version: '10.9.11', ProductName: 'Jellyfin Server' } } : { status: 204, body: '' }
	);
	receiver = await fake(() => ({ status: 200, body: { ok: true } }));
	broken = await fake(() => ({ status: 500, body: 'receiver down' }));
	e2e = await startE2e({
		env: { MARQUEE_OUTGOING_ALLOW_LOOPBACK: 'true', MARQUEE_FFPROBE: 'off' },
		log: 'integrations-server.log'
	});
	page = await e2e.newPage(E2E_ADMIN);
	page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
	page.on('response', async (response) => {
		if (new URL(response.url()).pathname === '/graphql' && response.request().method() === 'POST') {
			answers.push(await response.text().catch(() => ''));
		}
	});
	await page.goto(`${e2e.product.url}/integrations`);
	await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor({ timeout: UI_TIMEOUT_MS });
});

afterAll(async () => {
	await e2e?.stop();
	for (const server of [kodi, jellyfin, receiver, broken]) server?.server.close();
});

const player = (name: string) => page.locator(`[data-testid="player"][data-name="${name}"]`);
const target = (name: string) => page.locator(`[data-testid="notification-target"][data-name="${name}"]`);

describe('integrations: players', () => {
	it('adds a Kodi connection with a path mapping; the password is stored but never shown back', async () => {
		await page.getByRole('button', { name: 'Add player' }).click();
		const form = page.getByRole('form', { name: 'Add a player' });
		await form.getByLabel('Kind').selectOption('KODI');
		await form.getByLabel('Name', { exact: true }).fill('Living room');
		await form.getByLabel('Address').fill(kodi.url);
		await form.getByLabel('Username').fill('kodi');
		await form.getByLabel('Password').fill(KODI_PASSWORD);
		await form.getByRole('button', { name: 'Add mapping' }).click();
		await form.getByLabel('Marquee path 1').fill('/srv/media');
		await form.getByLabel('Player path 1').fill('smb://nas/media');
		await form.getByRole('button', { name: 'Add player' }).click();

		const card = player('Living room');
		await card.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await card.getByTestId('player-credentials').textContent()).toBe('Stored (hidden)');
		expect(await card.getByTestId('player-mapping').textContent()).toBe('/srv/media → smb://nas/media');
		const stored = await e2e.graphql<{ players: Array<{ name: string; kind: string; url: string; username: string; hasCredentials: boolean; pathMappings: unknown[] }> }>(
			'{ players { name kind url username hasCredentials pathMappings { from to } } }'
		);
		expect(stored.players).toEqual([{ name: 'Living room', kind: 'KODI', url: kodi.url, username: 'kodi', hasCredentials: true, pathMappings: [{ from: '/srv/media', to: 'smb://nas/media' }] }]);

		// The edit form starts with an empty password field: the stored one is never sent back.
		await card.getByRole('button', { name: 'Edit Living room' }).click();
		const edit = page.getByRole('form', { name: 'Edit Living room' });
		expect(await edit.getByLabel('Password', { exact: true }).inputValue()).toBe('');
		expect(await page.content()).not.toContain(KODI_PASSWORD);
		await edit.getByRole('button', { name: 'Cancel' }).click();
	});

	it('tests Kodi and shows what it answered, signed in with the stored credentials', async () => {
		const card = player('Living room');
		const before = kodi.seen.length;
		await card.getByRole('button', { name: 'Test Living room' }).click();
		const result = card.getByTestId('player-test-result');
		await result.filter({ hasText: 'Reached' }).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await result.getAttribute('data-ok')).toBe('true');
		expect(await result.textContent()).toContain('Kodi 21.1');
		const calls = kodi.seen.slice(before);
		expect(calls.length).toBeGreaterThan(0);
		expect(calls[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`kodi:${KODI_PASSWORD}`).toString('base64')}`);
		await expect.poll(() => card.getByTestId('player-status').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('OK');
	});

	it('edits a Jellyfin connection: the key kept when left empty, a mapping changed, a failing test explained', async () => {
		await page.getByRole('button', { name: 'Add player' }).click();
		const form = page.getByRole('form', { name: 'Add a player' });
		await form.getByLabel('Kind').selectOption('JELLYFIN');
		await form.getByLabel('Name', { exact: true }).fill('Den');
		await form.getByLabel('Address').fill(jellyfin.url);
		await form.getByLabel('API key').fill(JELLYFIN_KEY);
		await form.getByRole('button', { name: 'Add player' }).click();
		const card = player('Den');
		await card.waitFor({ timeout: UI_TIMEOUT_MS });
		await card.getByRole('button', { name: 'Test Den' }).click();
		await card.getByTestId('player-test-result').filter({ hasText: 'Jellyfin Server 10.9.11 (Den)' }).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(jellyfin.seen.at(-1)?.headers['x-emby-token'] ?? jellyfin.seen.at(-1)?.headers.authorization).toContain(JELLYFIN_KEY);

		// Pointed somewhere that answers no Jellyfin: the key stays (left empty), the test says why.
		await card.getByRole('button', { name: 'Edit Den' }).click();
		const edit = page.getByRole('form', { name: 'Edit Den' });
		await edit.getByLabel('Address').fill(broken.url);
		await edit.getByRole('button', { name: 'Add mapping' }).click();
		await edit.getByLabel('Marquee path 1').fill('/srv/media/movies');
		await edit.getByLabel('Player path 1').fill('/jf/movies');
		await edit.getByRole('button', { name: 'Save player' }).click();
		await card.getByTestId('player-mapping').waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await card.getByTestId('player-credentials').textContent()).toBe('Stored (hidden)');
		await card.getByRole('button', { name: 'Test Den' }).click();
		const result = card.getByTestId('player-test-result');
		await result.filter({ hasText: 'Not reached' }).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await result.textContent()).toContain('500');
		expect(broken.seen.at(-1)?.headers['x-emby-token'] ?? broken.seen.at(-1)?.headers.authorization).toContain(JELLYFIN_KEY);
		await e2e.screenshot(page, 'integrations-players');
	});

	it('refuses a bad address beside the field (BAD_USER_INPUT) and removes a player', async () => {
		await page.getByRole('button', { name: 'Add player' }).click();
		const form = page.getByRole('form', { name: 'Add a player' });
		await form.getByLabel('Name', { exact: true }).fill('Nowhere');
		await form.getByLabel('Address').fill('ftp://example.com');
		await form.getByRole('button', { name: 'Add player' }).click();
		const address = form.getByLabel('Address');
		await expect.poll(() => address.getAttribute('aria-invalid'), { timeout: UI_TIMEOUT_MS }).toBe('true');
		await form.getByRole('button', { name: 'Cancel' }).click();

		await player('Den').getByRole('button', { name: 'Remove Den…' }).click();
		await player('Den').getByRole('button', { name: 'Remove Den', exact: true }).click();
		await player('Den').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
		await expect
			.poll(async () => (await e2e.graphql<{ players: Array<{ name: string }> }>('{ players { name } }')).players.map((p) => p.name), { timeout: UI_TIMEOUT_MS })
			.toEqual(['Living room']);
	});
});

describe('integrations: notification targets', () => {
	it('adds a signed webhook for some events; the test button delivers a test event and the history shows it', async () => {
		await page.getByRole('button', { name: 'Add target' }).click();
		const form = page.getByRole('form', { name: 'Add a notification target' });
		await form.getByLabel('Kind').selectOption('WEBHOOK');
		await form.getByLabel('Name', { exact: true }).fill('Home automation');
		await form.getByLabel('URL', { exact: true }).fill(`${receiver.url}/hooks/marquee`);
		await form.getByLabel('Signing secret (HMAC) (optional)').fill(WEBHOOK_SECRET);
		await form.getByRole('checkbox', { name: 'scan.finished' }).check();
		await form.getByRole('checkbox', { name: 'file.imported' }).check();
		await form.getByRole('button', { name: 'Add target' }).click();

		const card = target('Home automation');
		await card.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await card.getByTestId('target-secret').textContent()).toBe('Stored (hidden)');
		expect(await card.getByTestId('target-events').textContent()).toBe('file.imported, scan.finished');
		await card.getByTestId('deliveries-empty').waitFor({ timeout: UI_TIMEOUT_MS });

		const before = receiver.seen.length;
		await card.getByRole('button', { name: 'Test Home automation' }).click();
		await card.getByTestId('target-test-result').filter({ hasText: 'Delivered' }).waitFor({ timeout: UI_TIMEOUT_MS });
		const delivered = card.getByTestId('delivery');
		await delivered.first().waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await delivered.count()).toBe(1);
		expect(await delivered.first().getAttribute('data-state')).toBe('DELIVERED');
		expect(await delivered.first().textContent()).toContain('(test)');
		const request = receiver.seen.slice(before).at(-1)!;
		expect(request.url).toBe('/hooks/marquee');
		expect(request.headers['x-marquee-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
	});

	it('records a failing target as failed in its history, with the receiver’s answer', async () => {
		await page.getByRole('button', { name: 'Add target' }).click();
		const form = page.getByRole('form', { name: 'Add a notification target' });
		await form.getByLabel('Name', { exact: true }).fill('Broken hook');
		await form.getByLabel('URL', { exact: true }).fill(`${broken.url}/hook`);
		await form.getByRole('button', { name: 'Add target' }).click();
		const card = target('Broken hook');
		await card.waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await card.getByTestId('target-events').textContent()).toBe('Every event');
		expect(await card.getByTestId('target-secret').textContent()).toBe('None');

		await card.getByRole('button', { name: 'Test Broken hook' }).click();
		const result = card.getByTestId('target-test-result');
		await result.filter({ hasText: 'Failed for good' }).waitFor({ timeout: UI_TIMEOUT_MS });
		expect(await result.textContent()).toContain('HTTP 500');
		const row = card.getByTestId('delivery').first();
		await expect.poll(() => row.getAttribute('data-state'), { timeout: UI_TIMEOUT_MS }).toBe('DEAD');
		expect(await row.textContent()).toContain('HTTP 500');
		await e2e.screenshot(page, 'integrations-notifications');
	});

	it('edits the filter keeping the secret, and removes a target', async () => {
		const card = target('Home automation');
		await card.getByRole('button', { name: 'Edit Home automation' }).click();
		const edit = page.getByRole('form', { name: 'Edit Home automation' });
		expect(await edit.getByLabel('URL', { exact: true }).inputValue()).toBe('');
		expect(await edit.getByLabel('Signing secret (HMAC) (optional)').inputValue()).toBe('');
		await edit.getByRole('checkbox', { name: 'file.imported' }).uncheck();
		await edit.getByRole('button', { name: 'Save target' }).click();
		await expect.poll(() => card.getByTestId('target-events').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('scan.finished');
		const stored = () =>
			e2e
				.graphql<{ notificationTargets: Array<{ name: string; hasSecret: boolean; displayUrl: string; events: string[] }> }>('{ notificationTargets { name hasSecret displayUrl events } }')
				.then((data) => data.notificationTargets.find((t) => t.name === 'Home automation'));
		await expect.poll(stored, { timeout: UI_TIMEOUT_MS }).toMatchObject({ hasSecret: true, events: ['scan.finished'] });
		expect((await stored())?.displayUrl).toContain(receiver.url.replace('http://', ''));

		await target('Broken hook').getByRole('button', { name: 'Remove Broken hook…' }).click();
		await target('Broken hook').getByRole('button', { name: 'Remove Broken hook', exact: true }).click();
		await target('Broken hook').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
	});

	it('never sent a secret back to the browser, and raised no page errors', () => {
		const all = answers.join('\n');
		for (const secret of [KODI_PASSWORD, JELLYFIN_KEY, WEBHOOK_SECRET]) expect(all).not.toContain(secret);
		expect(answers.length).toBeGreaterThan(5);
		expect(pageErrors).toEqual([]);
	});
});
