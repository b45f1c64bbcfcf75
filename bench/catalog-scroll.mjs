// Catalog grid with thousands of titles, in headless Chromium against the real product: BENCH_TITLES
// movies (5,000) imported through the parser's bulk mutation, then the catalog filtered to them is
// scrolled from the top to the last title at a steady speed. Measured per frame (requestAnimationFrame
// deltas: p50/p95/p99, frames over 50 ms), DOM elements and JS heap (after a GC), and Chromium's
// layout/style/script counters. Baseline in the same run and the same product: the same page
// filtered to BENCH_BASELINE_TITLES series (50), scrolled down and up for as many frames.
//   node bench/catalog-scroll.mjs        (after npm run build; BENCH_SPEED px per frame, 80)
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort, scratch, sleep, startProduct } from './scratch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TITLES = Number(process.env.BENCH_TITLES ?? 5000);
const BASELINE_TITLES = Number(process.env.BENCH_BASELINE_TITLES ?? 50);
const SPEED = Number(process.env.BENCH_SPEED ?? 80);
const BATCH = 500;
const VIEWPORT = { width: 1280, height: 900 };
const CHROMIUM = process.env.MARQUEE_E2E_CHROMIUM ?? '/usr/bin/chromium';

const space = await scratch();
const children = [];
let browser;

async function importTitles(call, serviceToken, kind, count, prefix) {
  const batches = [];
  for (let start = 0; start < count; start += BATCH) {
    batches.push(
      Array.from({ length: Math.min(BATCH, count - start) }, (_, offset) => {
        const n = start + offset + 1;
        return { provider: 'bench', externalId: `${prefix}-${n}`, kind, name: `${prefix} ${String(n).padStart(5, '0')}`, year: 1950 + (n % 75), genres: ['Drama'] };
      }),
    );
  }
  for (let index = 0; index < batches.length; index += 2) {
    await Promise.all(
      batches.slice(index, index + 2).map((items) =>
        call('mutation ($items: [ImportTitleInput!]!) { internalImportTitles(items: $items) { outcome } }', { items }, { 'x-marquee-service-token': serviceToken }),
      ),
    );
  }
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
function frameStats(deltas) {
  const sorted = [...deltas].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 100) / 100;
  return {
    frames: deltas.length,
    p50Ms: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    p99Ms: round(quantile(sorted, 0.99)),
    maxMs: round(sorted.at(-1)),
    meanMs: round(deltas.reduce((a, b) => a + b, 0) / deltas.length),
    longFramesOver50Ms: deltas.filter((d) => d > 50).length,
  };
}

/**
 * Scrolls the page by SPEED px per animation frame. `frames` null: down until the last card of the
 * set has been rendered and the bottom reached; a number: down and up (bouncing) for that many frames.
 */
function scroll(page, frames) {
  return page.evaluate(
    ({ speed, frames }) =>
      new Promise((resolve) => {
        const deltas = [];
        let maxNodes = 0;
        let maxCards = 0;
        let furthest = 0;
        let waitingFrames = 0;
        let direction = 1;
        let last = performance.now();
        const step = (now) => {
          deltas.push(now - last);
          last = now;
          const cards = document.querySelectorAll('[data-testid="title-item"]');
          maxCards = Math.max(maxCards, cards.length);
          maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length);
          const setSize = Number(cards[0]?.getAttribute('aria-setsize') ?? 0);
          for (const card of cards) furthest = Math.max(furthest, Number(card.getAttribute('aria-posinset')));
          const bottom = Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight;
          if (frames === null ? furthest >= setSize && bottom : deltas.length >= frames) {
            resolve({ deltas: deltas.slice(1), maxNodes, maxCards, furthest, setSize, waitingFrames });
            return;
          }
          if (frames !== null && (bottom || scrollY === 0)) direction = bottom ? -1 : 1;
          if (frames === null && bottom) waitingFrames += 1;
          scrollBy(0, direction * speed);
          requestAnimationFrame(step);
        };
        requestAnimationFrame((now) => {
          last = now;
          requestAnimationFrame(step);
        });
      }),
    { speed: SPEED, frames },
  );
}

/** One scenario in a fresh signed-in context: load `address`, GC, measure, scroll, GC, measure. */
async function measure(base, address, frames) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill('bench');
  await page.getByLabel('Password').fill('bench password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  let catalogRequests = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/graphql') && request.postData()?.includes('query Catalog(')) catalogRequests += 1;
  });
  await page.goto(`${base}${address}`);
  await page.getByTestId('title-item').first().waitFor();
  await sleep(500);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  const before = await metrics();
  const domBefore = await page.evaluate(() => document.getElementsByTagName('*').length);
  const run = await scroll(page, frames);
  const after = await metrics();
  const domAfter = await page.evaluate(() => document.getElementsByTagName('*').length);
  await context.close();
  const delta = (name) => Math.round((after[name] - before[name]) * 1000) / 1000;
  return {
    address,
    titles: run.setSize,
    furthestPosition: run.furthest,
    frames: frameStats(run.deltas),
    framesWaitingAtLoadedEnd: run.waitingFrames,
    dom: { elementsBefore: domBefore, elementsAfter: domAfter, elementsMax: run.maxNodes, cardsMax: run.maxCards },
    jsHeapUsedMiB: { before: Math.round((before.JSHeapUsedSize / 2 ** 20) * 100) / 100, after: Math.round((after.JSHeapUsedSize / 2 ** 20) * 100) / 100 },
    catalogRequests,
    during: { layouts: delta('LayoutCount'), styleRecalcs: delta('RecalcStyleCount'), layoutSeconds: delta('LayoutDuration'), styleSeconds: delta('RecalcStyleDuration'), scriptSeconds: delta('ScriptDuration'), taskSeconds: delta('TaskDuration') },
  };
}

try {
  const port = await freePort();
  const serviceToken = randomBytes(32).toString('base64url');
  const { base, call, token } = await startProduct(root, { ...space.env(port), MARQUEE_SERVICE_TOKEN: serviceToken }, children, { roles: 'api,worker,projector,web' });
  const importStarted = Date.now();
  await importTitles(call, serviceToken, 'MOVIE', TITLES, 'Scroll');
  await importTitles(call, serviceToken, 'SERIES', BASELINE_TITLES, 'Baseline');
  for (;;) {
    const data = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ titles(first: 1) { totalCount } }' }),
    }).then((r) => r.json());
    if (data.data?.titles.totalCount >= TITLES + BASELINE_TITLES) break;
    await sleep(200);
  }
  const importSeconds = (Date.now() - importStarted) / 1000;
  console.log(`imported ${TITLES + BASELINE_TITLES} titles in ${importSeconds.toFixed(1)} s`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const load = { before: loadavg()[0] };
  const large = await measure(base, '/?kind=MOVIE', null);
  console.log('large', JSON.stringify(large));
  const baseline = await measure(base, '/?kind=SERIES', large.frames.frames + 1);
  console.log('baseline', JSON.stringify(baseline));
  load.after = loadavg()[0];

  const ratio = (a, b) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);
  const result = {
    name: 'catalog-scroll',
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    loadAverage1m: load,
    viewport: VIEWPORT,
    speedPxPerFrame: SPEED,
    importSeconds,
    large,
    baseline,
    ratios: {
      frameP50: ratio(large.frames.p50Ms, baseline.frames.p50Ms),
      frameP95: ratio(large.frames.p95Ms, baseline.frames.p95Ms),
      frameP99: ratio(large.frames.p99Ms, baseline.frames.p99Ms),
      longFrames: ratio(large.frames.longFramesOver50Ms, baseline.frames.longFramesOver50Ms),
      domElementsMax: ratio(large.dom.elementsMax, baseline.dom.elementsMax),
      domElementsAfter: ratio(large.dom.elementsAfter, baseline.dom.elementsAfter),
      jsHeapAfter: ratio(large.jsHeapUsedMiB.after, baseline.jsHeapUsedMiB.after),
      titles: ratio(large.titles, baseline.titles),
    },
  };
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/catalog-scroll.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result.ratios, null, 2));
} finally {
  await browser?.close().catch(() => undefined);
  for (const child of children) child.kill('SIGTERM');
  await sleep(1000);
  await space.cleanup();
}
