/// <reference types="node" />
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** What the browser tests share: where screenshots go, how Chromium starts, how to wait. */

const webDir = path.resolve(fileURLToPath(import.meta.url), '../..');
export const outputDir = path.join(webDir, 'test-output');
const chromiumPath = process.env.MARQUEE_E2E_CHROMIUM ?? '/usr/bin/chromium';

export const UI_TIMEOUT_MS = 30_000;

/** Debian's Chromium, headless; never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
	await mkdir(outputDir, { recursive: true });
	if (!existsSync(chromiumPath)) throw new Error(`Chromium is not installed at ${chromiumPath} (apt-get install chromium)`);
	return chromium.launch({
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
}

/** Polls until `probe` gives a value; the failure names what was awaited and the server's last output. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	timeoutMs: number,
	serverOutput: () => string = () => ''
): Promise<T> {
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
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${String(lastError ?? '')}\n${serverOutput().slice(-4000)}`);
}
