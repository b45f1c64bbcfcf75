import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturesDir } from './fixtures.js';

/**
 * Local stand-ins for the metadata providers:
 * - TMDB and TVDB are Stoplight Prism mock servers on the official specs in
 *   ../shared/fixtures/openapi (TMDB answers the spec's own examples; TVDB, whose spec has few
 *   examples, answers data generated from its schemas). Prism checks each request against the
 *   spec, including the Bearer token.
 * - Fanart.tv (no published spec) answers the documented v3 shape; MusicBrainz answers the
 *   captured WS/2 responses by MBID.
 * Each sits behind a front that records requests and injects faults: `storm(n, retryAfterSeconds)`
 * answers the next n requests 429 with Retry-After; `hang(true)` never answers (timeouts).
 */
export interface FakeProvider {
  url: string;
  requests: Array<{ method: string; path: string; at: number; status: number }>;
  storm(count: number, retryAfterSeconds: number): void;
  hang(on: boolean): void;
}

export interface FakeProviders {
  tmdb: FakeProvider;
  tvdb: FakeProvider;
  fanart: FakeProvider;
  musicbrainz: FakeProvider;
  /** Environment for Marquee pointing at these fakes with test keys. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export const TEST_KEYS = { tmdb: 'test-tmdb-read-token', tvdb: 'test-tvdb-key', fanart: 'test-fanart-key' };

const PRISM = fileURLToPath(new URL('../../../node_modules/.bin/prism', import.meta.url));

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function startPrism(spec: string, dynamic: boolean): Promise<{ url: string; child: ChildProcess }> {
  const probe = createServer();
  const port = Number(new URL(await listen(probe)).port);
  await new Promise((r) => probe.close(r));
  const child = spawn(PRISM, ['mock', '-h', '127.0.0.1', '-p', String(port), ...(dynamic ? ['-d'] : []), spec], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log = (log + d).slice(-4000)));
  child.stderr!.on('data', (d) => (log = (log + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`prism exited: ${log}`);
    try {
      await fetch(url);
      return { url, child };
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  child.kill();
  throw new Error(`prism did not start: ${log}`);
}

function front(handle: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void): { server: Server; fake: Omit<FakeProvider, 'url'> } {
  let storm = 0;
  let retryAfter = 1;
  let hanging = false;
  const requests: FakeProvider['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method ?? 'GET', path: req.url ?? '/', at: Date.now(), status: 0 };
      requests.push(entry);
      // Recorded when the head goes out: a client may have read a large body before 'finish'.
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
      res.writeHead = ((status: number, ...rest: unknown[]) => {
        entry.status = status;
        return writeHead(status, ...rest);
      }) as typeof res.writeHead;
      if (hanging) return;
      if (storm > 0) {
        storm -= 1;
        res.writeHead(429, { 'retry-after': String(retryAfter), 'content-type': 'application/json' });
        res.end(JSON.stringify({ status_code: 25, status_message: 'Your request count (#) is over the allowed limit of (40).' }));
        return;
      }
      handle(req, res, Buffer.concat(chunks));
    });
  });
  return {
    server,
    fake: {
      requests,
      storm: (count, seconds) => {
        storm = count;
        retryAfter = seconds;
      },
      hang: (on) => (hanging = on),
    },
  };
}

function forward(target: string, rewrite: (req: IncomingMessage) => Record<string, string> = () => ({})) {
  return (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const up = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: { ...req.headers, host: new URL(target).host, ...rewrite(req) } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    up.end(body);
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export interface FakeProviderOptions {
  /** Where Fanart.tv's image URLs point (the real CDN by default, which tests never reach). */
  fanartImageUrl?: string;
}

export async function startFakeProviders(options: FakeProviderOptions = {}): Promise<FakeProviders> {
  const fanartImages = options.fanartImageUrl ?? 'https://assets.fanart.tv';
  const openapi = path.join(fixturesDir(), 'openapi');
  const [tmdbPrism, tvdbPrism] = await Promise.all([startPrism(path.join(openapi, 'tmdb-v3', 'tmdb-api.parsed-examples.json'), false), startPrism(path.join(openapi, 'tvdb-v4', 'swagger.yml'), true)]);

  const tmdb = front(forward(tmdbPrism.url));
  // The TVDB spec puts its global Bearer requirement on POST /login too, which the real API does
  // not; the front lets a login without a token through Prism's check.
  const tvdb = front(forward(tvdbPrism.url, (req): Record<string, string> => (req.url?.startsWith('/login') && !req.headers.authorization ? { authorization: 'Bearer login' } : {})));
  const fanart = front((req, res) => {
    if (req.headers['api-key'] !== TEST_KEYS.fanart) return json(res, 401, { status: 'error', 'error message': 'Not authorized' });
    const m = /^\/(movies|tv)\/([^/?]+)/.exec(req.url ?? '');
    if (!m) return json(res, 404, { status: 'error', 'error message': 'Not found' });
    const img = (set: string, n: number, extra: Record<string, string> = {}) =>
      Array.from({ length: n }, (_, i) => ({ id: `${set}-${i}`, url: `${fanartImages}/fanart/${m[1]}/${m[2]}/${set}/${set}-${i}.jpg`, lang: i === 0 ? 'en' : '00', likes: String(10 - i), ...extra }));
    if (m[1] === 'movies') return json(res, 200, { name: 'Fake', tmdb_id: m[2], movieposter: img('movieposter', 2), moviebackground: img('moviebackground', 2), hdmovielogo: img('hdmovielogo', 1) });
    return json(res, 200, { name: 'Fake', thetvdb_id: m[2], tvposter: img('tvposter', 2), showbackground: img('showbackground', 1), hdtvlogo: img('hdtvlogo', 1), seasonposter: img('seasonposter', 1, { season: '1' }) });
  });
  const mbDir = path.join(fixturesDir(), 'musicbrainz', 'picard-ws_data');
  const captured = new Map<string, unknown>();
  for (const file of ['artist', 'release_group', 'recording']) {
    const doc = JSON.parse(readFileSync(path.join(mbDir, `${file}.json`), 'utf8')) as { id: string };
    captured.set(`/${file.replace('_', '-')}/${doc.id}`, doc);
  }
  const musicbrainz = front((req, res) => {
    const doc = captured.get(new URL(req.url ?? '/', 'http://x').pathname);
    return doc ? json(res, 200, doc) : json(res, 404, { error: 'Not Found' });
  });

  const servers = [tmdb, tvdb, fanart, musicbrainz];
  const urls = await Promise.all(servers.map((s) => listen(s.server)));
  const [tmdbUrl, tvdbUrl, fanartUrl, mbUrl] = urls as [string, string, string, string];
  return {
    tmdb: { url: tmdbUrl, ...tmdb.fake },
    tvdb: { url: tvdbUrl, ...tvdb.fake },
    fanart: { url: fanartUrl, ...fanart.fake },
    musicbrainz: { url: mbUrl, ...musicbrainz.fake },
    env: {
      TMDB_API_KEY: TEST_KEYS.tmdb,
      TVDB_API_KEY: TEST_KEYS.tvdb,
      FANART_API_KEY: TEST_KEYS.fanart,
      MARQUEE_TMDB_URL: tmdbUrl,
      MARQUEE_TVDB_URL: tvdbUrl,
      MARQUEE_FANART_URL: fanartUrl,
      MARQUEE_MUSICBRAINZ_URL: mbUrl,
    },
    async close() {
      for (const s of servers) {
        s.server.closeAllConnections();
        await new Promise((r) => s.server.close(r));
      }
      for (const p of [tmdbPrism, tvdbPrism]) p.child.kill();
    },
  };
}
