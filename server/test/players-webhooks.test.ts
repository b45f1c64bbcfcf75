import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_EVENT_TYPES } from '../src/events/lifecycle.js';
import { fakeHttp, signedBodies, type FakeHttp } from './harness/fake-http.js';
import { fixturesDir } from './harness/fixtures.js';
import { eventually, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'worker', 'projector'], {
  MARQUEE_FFPROBE: 'off',
  MARQUEE_OUTGOING_ALLOW_LOOPBACK: 'true',
  MARQUEE_PLAYER_DEBOUNCE_SECONDS: '1',
  // Retries after 1-2 s, then 2-4 s… and workers look for due retries every second.
  MARQUEE_INTEGRATION_RETRY_SECONDS: '1',
  MARQUEE_JOB_SUPERVISE_SECONDS: '1',
});

const fixture = (app: string, name: string) => readFileSync(path.join(fixturesDir(), 'arr-webhooks', app, `${name}.json`), 'utf8');
const SECRET = 'receiver-shared-secret';

let root: string;
let apiKey: string;
let kodi: FakeHttp;
let jellyfin: FakeHttp;
let plex: FakeHttp;
let receiver: FakeHttp;
let kodiOnline = true;
const libraries: Record<string, string> = {};

const MOVIE = 'The Matrix (1999)/The Matrix (1999) [Bluray-1080p].mkv';
const EPISODE = "Season 01/Stargate Atlantis - S01E01-E02 - Rising WEBDL-1080p.mkv";

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'marquee-arr-'));
  const files = [
    `movies/${MOVIE}`,
    'movies/The Matrix (1999)/The Matrix (1999) [DVD].avi',
    `tv/Stargate Atlantis/${EPISODE}`,
    "anime/Frieren - Beyond Journey's End/Season 01/Frieren - S01E01 - The Journey's End [WEBDL-1080p].mkv",
  ];
  for (const f of files) {
    await mkdir(path.dirname(path.join(root, f)), { recursive: true });
    await writeFile(path.join(root, f), 'x');
  }
  kodi = await fakeHttp((req) => {
    if (!kodiOnline) return { status: 503, body: 'busy' };
    const rpc = JSON.parse(req.body) as { method: string; id: number };
    const result = rpc.method === 'JSONRPC.Ping' ? 'pong' : rpc.method === 'Application.GetProperties' ? { name: 'Kodi', version: { major: 21, minor: 1 } } : rpc.method === 'VideoLibrary.GetMovies' ? { movies: [{ movieid: 7 }] } : rpc.method === 'VideoLibrary.GetTVShows' ? { tvshows: [] } : 'OK';
    return { body: { jsonrpc: '2.0', id: rpc.id, result } };
  });
  jellyfin = await fakeHttp((req) => (req.url === '/System/Info' ? { body: { ServerName: 'Den', Version: '10.9.11', ProductName: 'Jellyfin Server' } } : { status: 204, body: '' }));
  plex = await fakeHttp((req) =>
    req.url.startsWith('/library/sections/1/refresh') ? { body: '' } : { body: { MediaContainer: { Directory: [{ key: '1', title: 'Movies', Location: [{ path: '/plex/movies' }] }] } } },
  );
  receiver = await fakeHttp(() => ({ body: { ok: true } }));

  for (const [name, kind, arrRoot] of [
    ['movies', 'MOVIES', '/data/media/movies'],
    ['tv', 'SERIES', '/data/media/tv'],
    ['anime', 'ANIME', '/data/media/anime'],
  ] as const) {
    const res = await marquee.gql<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, {
      i: { name, rootPath: path.join(root, name), kind, phases: ['SYNC_PLAYERS', 'NOTIFY'], pathMappings: [{ from: path.join(root, name), to: arrRoot }] },
    });
    expect(res.errors).toBeUndefined();
    libraries[name] = res.data!.createLibrary.id;
  }
  const key = await marquee.gql<{ createApiKey: { key: string } }>(`mutation { createApiKey(input: {name: "radarr", scopes: [LIBRARY_WRITE]}) { key } }`);
  expect(key.errors).toBeUndefined();
  apiKey = key.data!.createApiKey.key;

  const players = [
    { name: 'Kodi', kind: 'KODI', url: kodi.url, username: 'kodi', credentials: 'kodi-pass', pathMappings: [{ from: root, to: 'smb://nas/media' }] },
    { name: 'Jellyfin', kind: 'JELLYFIN', url: jellyfin.url, credentials: 'jf-api-key', libraryIds: [libraries.movies], pathMappings: [{ from: path.join(root, 'movies'), to: '/jf/movies' }] },
    { name: 'Plex', kind: 'PLEX', url: plex.url, credentials: 'plex-token', libraryIds: [libraries.movies], pathMappings: [{ from: path.join(root, 'movies'), to: '/plex/movies' }] },
  ];
  for (const p of players) {
    const res = await marquee.gql<{ createPlayer: { id: string; hasCredentials: boolean } }>(`mutation($i: PlayerInput!) { createPlayer(input: $i) { id hasCredentials } }`, { i: p });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createPlayer.hasCredentials).toBe(true);
  }
  const target = await marquee.gql(`mutation($i: NotificationTargetInput!) { createNotificationTarget(input: $i) { id hasSecret } }`, {
    i: { name: 'receiver', kind: 'WEBHOOK', url: `${receiver.url}/hook`, secret: SECRET, events: ['file.imported', 'file.upgraded', 'file.renamed', 'file.missing', 'scan.finished', 'health.changed', 'title.deleted'] },
  });
  expect(target.errors).toBeUndefined();
});

afterAll(async () => {
  for (const f of [kodi, jellyfin, plex, receiver]) f?.server.close();
  await rm(root, { recursive: true, force: true });
});

const post = (app: string, body: string, opts: { key?: string | null; query?: boolean } = {}) => {
  const key = opts.key === undefined ? apiKey : opts.key;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key && !opts.query) headers['x-api-key'] = key;
  return fetch(`${marquee.url}/webhooks/${app}${key && opts.query ? `?apikey=${encodeURIComponent(key)}` : ''}`, { method: 'POST', headers, body });
};

/** Webhook deliveries the receiver got, each checked against its HMAC signature. */
const signedEvents = () => signedBodies<{ type: string; path: string | null; data: Record<string, unknown> }>(receiver.seen, SECRET);

let edits = 0;
/** Writes a file under the test root with content of a new size, so the next scan sees it changed. */
async function change(rel: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), 'v'.repeat(++edits + 1));
}

const kodiCalls = () => kodi.seen.filter((s) => s.url === '/jsonrpc').map((s) => JSON.parse(s.body) as { method: string; params?: Record<string, unknown> });

describe('*arr webhooks in', () => {
  it('refuses a missing or wrong API key and accepts the key as header or ?apikey=', async () => {
    expect((await post('radarr', fixture('radarr', 'test'), { key: null })).status).toBe(401);
    expect((await post('radarr', fixture('radarr', 'test'), { key: 'mq_wrong' })).status).toBe(401);
    const viaHeader = await post('radarr', fixture('radarr', 'test'));
    expect(viaHeader.status).toBe(200);
    expect((await viaHeader.json()) as object).toMatchObject({ ok: true, event: 'Test' });
    expect((await post('sonarr', fixture('sonarr', 'test'), { query: true })).status).toBe(200);
  });

  it('answers malformed and unknown payloads with a clear 4xx', async () => {
    const bad = await post('radarr', '{not json');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/JSON/);
    const unknown = await post('sonarr', JSON.stringify({ eventType: 'Explode' }));
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/Unknown eventType "Explode"/);
    const missing = await post('radarr', JSON.stringify({ eventType: 'Download', movie: {} }));
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { error: string }).error).toMatch(/movieFile.path/);
    expect((await post('emby', fixture('radarr', 'test'))).status).toBe(404);
    expect((await post('radarr', '[]')).status).toBe(400);
  });

  it('accepts every fixture that scans nothing (grabs, updates, health, additions): each is answered ok', async () => {
    // What each of them does beyond the answer is driven end to end in arr-chain-rest.test.ts.
    const answered = [
      ['radarr', 'grab'],
      ['radarr', 'movie_added'],
      ['radarr', 'application_update'],
      ['radarr', 'manual_interaction_required'],
      ['sonarr', 'grab'],
      ['sonarr', 'series_add'],
      ['sonarr', 'application_update'],
      ['sonarr', 'manual_interaction_required'],
      ['radarr', 'health'],
      ['radarr', 'health_restored'],
      ['sonarr', 'health'],
    ];
    for (const [app, name] of answered) {
      const res = await post(app!, fixture(app!, name!));
      expect(res.status, `${app}/${name}`).toBe(200);
      expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    }
  });
});

describe('webhook → targeted scan → player refresh → signed notification', () => {
  it('Radarr download (an upgrade): one refresh per player for the folder, file.upgraded delivered and signed', async () => {
    await change(`movies/${MOVIE}`);
    const [kodiBefore, jfBefore, plexBefore, eventsBefore] = [kodi.seen.length, jellyfin.seen.length, plex.seen.length, receiver.seen.length];
    const res = await post('radarr', fixture('radarr', 'download'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { scans: Array<{ path: string; jobId?: string }> };
    expect(body.scans).toEqual([{ path: path.join(root, 'movies', 'The Matrix (1999)'), jobId: expect.any(String) }]);

    const kodiSince = () => kodi.seen.slice(kodiBefore).filter((s) => s.url === '/jsonrpc');
    const scan = await eventually(async () => kodiSince().map((s) => JSON.parse(s.body) as { method: string; params?: unknown }).find((c) => c.method === 'VideoLibrary.Scan'), 'Kodi scan', 400);
    expect(scan.params).toEqual({ directory: 'smb://nas/media/movies/The Matrix (1999)/', showdialogs: false });
    expect(kodiSince()[0]!.headers.authorization).toBe(`Basic ${Buffer.from('kodi:kodi-pass').toString('base64')}`);
    // The refresh of the movie found in the folder follows the scan (after Kodi's GetMovies answer).
    const refresh = await eventually(async () => kodiSince().map((s) => JSON.parse(s.body) as { method: string }).find((c) => c.method === 'VideoLibrary.RefreshMovie'), 'Kodi RefreshMovie', 400);
    expect(refresh).toEqual({ jsonrpc: '2.0', id: expect.any(Number), method: 'VideoLibrary.RefreshMovie', params: { movieid: 7, ignorenfo: false } });

    const jf = await eventually(async () => jellyfin.seen.slice(jfBefore).find((s) => s.url === '/Library/Media/Updated'), 'Jellyfin refresh', 400);
    expect(jf.method).toBe('POST');
    expect(JSON.parse(jf.body)).toEqual({ Updates: [{ Path: '/jf/movies/The Matrix (1999)', UpdateType: 'Modified' }] });
    expect(jf.headers.authorization).toContain('Token="jf-api-key"');

    const px = await eventually(async () => plex.seen.slice(plexBefore).find((s) => s.url.startsWith('/library/sections/1/refresh')), 'Plex refresh', 400);
    expect(px.url).toBe(`/library/sections/1/refresh?path=${encodeURIComponent('/plex/movies/The Matrix (1999)')}`);
    expect(px.headers['x-plex-token']).toBe('plex-token');

    const events = await eventually(async () => {
      const list = signedEvents().slice(eventsBefore);
      return list.some((e) => e.type === 'file.upgraded' && e.path === MOVIE) && list.some((e) => e.type === 'scan.finished') ? list : undefined;
    }, 'signed notifications', 400);
    expect(events.filter((e) => e.type === 'file.upgraded').map((e) => e.path)).toContain(MOVIE);
  });

  it('Sonarr, anime import, renames and deletes each refresh the mapped folder on Kodi', async () => {
    const cases: Array<[string, string, string]> = [
      ['sonarr', 'download', 'smb://nas/media/tv/Stargate Atlantis/Season 01/'],
      ['sonarr', 'import_complete', "smb://nas/media/anime/Frieren - Beyond Journey's End/Season 01/"],
      ['sonarr', 'rename', 'smb://nas/media/tv/Stargate Atlantis/Season 01/'],
      ['radarr', 'rename', 'smb://nas/media/movies/The Matrix (1999)/'],
    ];
    for (const [app, name, directory] of cases) {
      if (name === 'rename') await renameOnDisk(app, name);
      if (name === 'download') await change(`tv/Stargate Atlantis/${EPISODE}`);
      if (name === 'import_complete') await change("anime/Frieren - Beyond Journey's End/Season 01/Frieren - S01E01 - The Journey's End [WEBDL-1080p].mkv");
      const before = kodiCalls().length;
      const res = await post(app, fixture(app, name));
      expect(res.status, `${app}/${name}`).toBe(200);
      await eventually(async () => kodiCalls().slice(before).find((c) => c.method === 'VideoLibrary.Scan' && c.params?.directory === directory), `${app}/${name} Kodi scan of ${directory}`, 400);
    }
  });

  it('a deleted file is marked missing by the scan, Kodi cleans the folder, and file.missing is delivered', async () => {
    // The episode is in the catalog first (imported by a Sonarr download).
    await change(`tv/Stargate Atlantis/${EPISODE}`);
    const imported = kodiCalls().length;
    expect((await post('sonarr', fixture('sonarr', 'download'))).status).toBe(200);
    await eventually(async () => kodiCalls().slice(imported).find((c) => c.method === 'VideoLibrary.Scan'), 'Kodi scan of the imported episode', 400);
    await rm(path.join(root, 'tv/Stargate Atlantis', EPISODE));
    const before = kodiCalls().length;
    const res = await post('sonarr', fixture('sonarr', 'episode_file_delete'));
    expect(res.status).toBe(200);
    await eventually(async () => kodiCalls().slice(before).find((c) => c.method === 'VideoLibrary.Clean'), 'Kodi clean', 400);
    expect(kodiCalls().slice(before).find((c) => c.method === 'VideoLibrary.Clean')!.params).toEqual({ directory: 'smb://nas/media/tv/Stargate Atlantis/Season 01/', showdialogs: false });
    await eventually(async () => signedEvents().find((e) => e.type === 'file.missing' && e.path === `Stargate Atlantis/${EPISODE}`), 'file.missing delivered', 400);
  });

  it('a busy player is retried with backoff and the others are not held up', async () => {
    kodiOnline = false;
    try {
      await change('movies/The Matrix (1999)/extra.mkv');
      const beforeJf = jellyfin.seen.length;
      const beforeKodi = kodi.seen.length;
      expect((await post('radarr', fixture('radarr', 'movie_file_delete'))).status).toBe(200);
      await eventually(async () => (jellyfin.seen.length > beforeJf ? true : undefined), 'Jellyfin refreshed while Kodi is busy', 400);
      await eventually(async () => (kodi.seen.length >= beforeKodi + 2 ? true : undefined), 'Kodi attempted twice', 400);
      await eventually(async () => {
        const r = await marquee.gql<{ players: Array<{ name: string; lastStatus: string | null }> }>(`{ players { name lastStatus } }`);
        return r.data?.players.find((p) => p.name === 'Kodi')?.lastStatus?.includes('HTTP 503') ? true : undefined;
      }, 'Kodi recorded as busy');
      kodiOnline = true;
      const online = kodi.seen.length;
      await eventually(async () => kodi.seen.slice(online).map((s) => JSON.parse(s.body) as { method: string; params?: Record<string, unknown> }).find((c) => c.method === 'VideoLibrary.Scan' && c.params?.directory === 'smb://nas/media/movies/The Matrix (1999)/'), 'Kodi refreshed after retry', 600);
    } finally {
      kodiOnline = true;
    }
    const players = await eventually(async () => {
      const r = await marquee.gql<{ players: Array<{ name: string; lastStatus: string | null }> }>(`{ players { name lastStatus } }`);
      return r.data?.players.find((p) => p.name === 'Kodi')?.lastStatus === 'OK' ? r.data.players : undefined;
    }, 'Kodi back to OK');
    expect(players.map((p) => p.name)).toEqual(['Jellyfin', 'Kodi', 'Plex']);
  });

  it('Health from Radarr becomes health.changed; delivery history lists delivered webhooks', async () => {
    expect((await post('radarr', fixture('radarr', 'health'))).status).toBe(200);
    await eventually(async () => signedEvents().find((e) => e.type === 'health.changed' && e.data.source === 'radarr'), 'health.changed', 400);
    const history = await eventually(async () => {
      const r = await marquee.gql<{ notificationDeliveries: Array<{ state: string; eventType: string; attempts: number }> }>(`{ notificationDeliveries(first: 100) { state eventType attempts } }`);
      return r.data && r.data.notificationDeliveries.some((d) => d.state === 'DELIVERED' && d.eventType === 'health.changed') ? r.data.notificationDeliveries : undefined;
    }, 'delivery history');
    expect(history.filter((d) => d.state === 'DELIVERED').every((d) => d.attempts >= 1)).toBe(true);
  });
});

describe('notification targets and players', () => {
  it('refuses link-local and loopback-by-name URLs when not allowed, and the test button delivers a signed test', async () => {
    // The event types a target may filter on are the server's own list (the web's form shows them).
    const types = await marquee.gql<{ notificationEventTypes: string[] }>(`{ notificationEventTypes }`);
    expect(types.data!.notificationEventTypes).toEqual([...LIFECYCLE_EVENT_TYPES]);
    const meta = await marquee.gql(`mutation { createNotificationTarget(input: {name: "meta", kind: WEBHOOK, url: "http://169.254.169.254/latest"}) { id } }`);
    expect(meta.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    const ftp = await marquee.gql(`mutation { createPlayer(input: {name: "x", kind: KODI, url: "ftp://kodi"}) { id } }`);
    expect(ftp.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    const targets = await eventually(async () => {
      const r = await marquee.gql<{ notificationTargets: Array<{ id: string; displayUrl: string }> }>(`{ notificationTargets { id displayUrl } }`);
      return r.data?.notificationTargets.length ? r.data.notificationTargets : undefined;
    }, 'targets');
    const before = receiver.seen.length;
    const test = await marquee.gql<{ testNotificationTarget: { state: string; test: boolean; lastStatus: number } }>(`mutation($id: ID!) { testNotificationTarget(id: $id) { state test lastStatus } }`, { id: targets[0]!.id });
    expect(test.data?.testNotificationTarget).toEqual({ state: 'DELIVERED', test: true, lastStatus: 200 });
    // Deliveries of other tests' events may arrive meanwhile: exactly one signed test event came.
    expect(signedEvents().slice(before).filter((e) => e.data.test === true)).toHaveLength(1);
  });

  it('testPlayer probes each kind with its own request', async () => {
    const list = await marquee.gql<{ players: Array<{ id: string; name: string }> }>(`{ players { id name } }`);
    const results: Record<string, string> = {};
    for (const p of list.data!.players) {
      const r = await marquee.gql<{ testPlayer: { ok: boolean; message: string } }>(`mutation($id: ID!) { testPlayer(id: $id) { ok message } }`, { id: p.id });
      expect(r.data!.testPlayer.ok, p.name).toBe(true);
      results[p.name] = r.data!.testPlayer.message;
    }
    expect(results).toEqual({ Kodi: 'Kodi 21.1', Jellyfin: 'Jellyfin Server 10.9.11 (Den)', Plex: 'Plex (1 library)' });
    expect(JSON.stringify(list)).not.toContain('kodi-pass');
  });
});

/** Makes the change a rename made on disk (a scan that finds nothing changed refreshes nothing). */
async function renameOnDisk(app: string, name: string): Promise<void> {
  const payload = JSON.parse(fixture(app, name)) as { renamedMovieFiles?: Array<{ path: string }>; renamedEpisodeFiles?: Array<{ path: string }> };
  for (const f of payload.renamedMovieFiles ?? payload.renamedEpisodeFiles ?? []) {
    const local = f.path.replace('/data/media/', `${root}/`);
    await mkdir(path.dirname(local), { recursive: true });
    await writeFile(local, `renamed by ${app}`);
  }
}
