import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fixturesDir } from '../../server/test/harness/fixtures.js';

/**
 * A local TMDB that follows the official v3 spec (../shared/fixtures/openapi/tmdb-v3): the real
 * example payloads, `Authorization: Bearer` checked on every /3 call (401 with the spec's body
 * otherwise), `page`/`total_pages` paging of /changes, and a 429 with Retry-After on the first
 * detail call of each id in `throttleOnce`. Daily id exports (not part of the spec) are gzipped
 * JSON lines as files.tmdb.org serves them, built from the same ids.
 */
export interface FakeTmdb {
  url: string;
  requests: Array<{ path: string; authorization: string | undefined }>;
  /** The ids a client should import (adult titles left out). */
  ids: number[];
  close(): Promise<void>;
}

const PAGE_SIZE = 20;

export async function startFakeTmdb(opts: { token: string; throttleOnce?: number[]; missing?: number[]; limit?: number }): Promise<FakeTmdb> {
  const dir = path.join(fixturesDir(), 'openapi', 'tmdb-v3');
  const example = (name: string) => JSON.parse(readFileSync(path.join(dir, 'examples', `${name}.json`), 'utf8')) as Record<string, unknown>;
  const spec = JSON.parse(readFileSync(path.join(dir, 'tmdb-api.json'), 'utf8')) as { paths: Record<string, unknown> };
  if (!spec.paths['/3/movie/changes'] || !spec.paths['/3/movie/{movie_id}']) throw new Error('the TMDB spec lacks the paths the fake serves');
  const changes = example('changes-movie-list') as { results: Array<{ id: number; adult: boolean | null }> };
  const details = example('movie-details');
  // Star Wars (11), the id of the spec's detail example, changed too.
  const unique = [...new Map([{ id: 11, adult: false }, ...changes.results].map((r) => [r.id, r])).values()];
  const results = unique.slice(0, opts.limit ?? unique.length);
  const ids = results.filter((r) => !r.adult).map((r) => r.id);
  const throttled = new Set(opts.throttleOnce ?? []);
  const requests: FakeTmdb['requests'] = [];

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ path: url.pathname + url.search, authorization: req.headers.authorization });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/p/exports/')) {
      const body = gzipSync(results.map((r) => JSON.stringify({ adult: Boolean(r.adult), id: r.id, original_title: `Movie ${r.id}`, popularity: 1, video: false })).join('\n') + '\n');
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (req.headers.authorization !== `Bearer ${opts.token}`) {
      send(401, { status_code: 7, status_message: 'Invalid API key: You must be granted a valid key.', success: false });
      return;
    }
    if (url.pathname === '/3/movie/changes') {
      const page = Number(url.searchParams.get('page') ?? '1');
      const totalPages = Math.ceil(results.length / PAGE_SIZE);
      send(200, { results: results.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), page, total_pages: totalPages, total_results: results.length });
      return;
    }
    const detail = /^\/3\/movie\/(\d+)$/.exec(url.pathname);
    if (detail) {
      const id = Number(detail[1]);
      if (throttled.delete(id)) {
        send(429, { status_code: 25, status_message: 'Your request count (#) is over the allowed limit of (40).' }, { 'retry-after': '1' });
        return;
      }
      if (!ids.includes(id) || opts.missing?.includes(id)) {
        send(404, { success: false, status_code: 34, status_message: 'The resource you requested could not be found.' });
        return;
      }
      // The spec's one example (Star Wars, 11) stands for every movie: each keeps its own id and name.
      send(200, { ...details, id, title: id === 11 ? details.title : `${String(details.title)} ${id}`, imdb_id: id === 11 ? details.imdb_id : null, external_ids: { imdb_id: null, wikidata_id: null } });
      return;
    }
    send(404, { success: false, status_code: 34, status_message: 'The resource you requested could not be found.' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests, ids, close: () => new Promise((r) => server.close(() => r())) };
}
