import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useChainProduct } from './harness/chain.js';
import { fakeHttp as fake, signedBodies } from './harness/fake-http.js';
import { fixturesDir } from './harness/fixtures.js';
import { eventually } from './harness/marquee.js';
import { gqlOf } from './harness/publishing.js';
import { useTestServices } from './harness/services.js';

/**
 * The whole chain of issue 9 with every phase on: an *arr webhook (the shared fixtures) → targeted
 * scan → enrich (fake providers) → publish (Kodi NFOs) → player refresh seen by a fake Kodi, which
 * finds the published NFO already there → notification delivered to a local receiver, signed.
 * Then the dead letter: a target that always fails ends DEAD after MARQUEE_INTEGRATION_RETRY_LIMIT
 * retries while another target keeps receiving.
 */
const services = useTestServices();
const { marquee } = useChainProduct(services);
const gql = gqlOf(marquee);

const fixture = (app: string, name: string) => readFileSync(path.join(fixturesDir(), 'arr-webhooks', app, `${name}.json`), 'utf8');
const SECRET = 'chain-receiver-secret';
const KODI_ROOT = 'smb://nas/media';

let root: string;
let apiKey: string;
let libraryId: string;
let db: pg.Client;
let kodi: Awaited<ReturnType<typeof fake>>;
let receiver: Awaited<ReturnType<typeof fake>>;
let broken: Awaited<ReturnType<typeof fake>>;

const MOVIE_DIR = 'movies/The Matrix (1999)';
const MOVIE = `${MOVIE_DIR}/The Matrix (1999) [Bluray-1080p].mkv`;
const SEASON_DIR = 'tv/Stargate Atlantis/Season 01';
const EPISODE = `${SEASON_DIR}/Stargate Atlantis - S01E01-E02 - Rising WEBDL-1080p.mkv`;
const ANIME_DIR = "anime/Frieren - Beyond Journey's End/Season 01";
const ANIME = [`${ANIME_DIR}/Frieren - S01E01 - The Journey's End [WEBDL-1080p].mkv`, `${ANIME_DIR}/Frieren - S01E02 - It Didn't Have to Be Magic... [WEBDL-1080p].mkv`];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'marquee-arr-chain-'));
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
  kodi = await fake((req) => {
    const rpc = JSON.parse(req.body) as { method: string; id: number; params?: { directory?: string } };
    if (rpc.params?.directory) {
      const local = path.join(root, decodeURI(rpc.params.directory.slice(KODI_ROOT.length)));
      req.observed = existsSync(local) ? readdirSync(local).filter((f) => f.endsWith('.nfo')) : [];
    }
    const result = rpc.method === 'VideoLibrary.GetMovies' ? { movies: [] } : rpc.method === 'VideoLibrary.GetTVShows' ? { tvshows: [] } : 'OK';
    return { body: { jsonrpc: '2.0', id: rpc.id, result } };
  });
  receiver = await fake(() => ({ body: { ok: true } }));
  broken = await fake(() => ({ status: 500, body: { error: 'always down' } }));

  // The titles the *arr apps manage, with their names locked so the fake providers' example answers
  // cannot rename them away from what later files are matched by.
  for (const [kind, name, year, ids] of [
    ['MOVIE', 'The Matrix', 1999, [{ provider: 'tmdb', value: '603' }]],
    ['SERIES', 'Stargate Atlantis', 2004, [{ provider: 'tmdb', value: '2290' }, { provider: 'tvdb', value: '70851' }]],
    ['SERIES', 'Frieren', 2023, [{ provider: 'tmdb', value: '209867' }, { provider: 'tvdb', value: '424536' }]],
  ] as const) {
    const { createTitle } = await gql<{ createTitle: { id: string } }>(`mutation($i: CreateTitleInput!) { createTitle(input: $i) { id } }`, { i: { kind, name, year } });
    await gql(`mutation($id: ID!, $x: [ExternalIdInput!]!) { setExternalIds(titleId: $id, externalIds: $x) { id } }`, { id: createTitle.id, x: ids });
    await gql(`mutation($id: ID!) { lockTitleFields(id: $id, fields: [NAME]) { id } }`, { id: createTitle.id });
  }
  const { createLibrary } = await gql<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, {
    i: { name: 'Media', rootPath: root, kind: 'MIXED', phases: ['ENRICH', 'PUBLISH', 'SYNC_PLAYERS', 'NOTIFY'], pathMappings: [{ from: root, to: '/data/media' }] },
  });
  libraryId = createLibrary.id;
  apiKey = (await gql<{ createApiKey: { key: string } }>(`mutation { createApiKey(input: {name: "arr", scopes: [LIBRARY_WRITE]}) { key } }`)).createApiKey.key;
  await gql(`mutation($i: PlayerInput!) { createPlayer(input: $i) { id } }`, { i: { name: 'Kodi', kind: 'KODI', url: kodi.url, pathMappings: [{ from: root, to: KODI_ROOT }] } });
  const events = ['file.imported', 'file.upgraded', 'file.renamed', 'file.missing'];
  await gql(`mutation($i: NotificationTargetInput!) { createNotificationTarget(input: $i) { id } }`, { i: { name: 'receiver', kind: 'WEBHOOK', url: `${receiver.url}/hook`, secret: SECRET, events } });
}, 180_000);

afterAll(async () => {
  for (const f of [kodi, receiver, broken]) f?.server.close();
  await db?.end();
  if (root) await rm(root, { recursive: true, force: true, maxRetries: 5 });
});

const post = (app: string, body: string) =>
  fetch(`${marquee.url}/webhooks/${app}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body });

/** Webhook deliveries the receiver got, each checked against its HMAC signature. */
const signedEvents = () => signedBodies<{ type: string; path: string | null }>(receiver.seen, SECRET);

let edits = 0;
/** Writes a file under the root with content of a new size, so the next scan sees it changed. */
async function put(rel: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), 'v'.repeat(++edits + 1));
}

const kodiCalls = () => kodi.seen.map((s) => ({ ...(JSON.parse(s.body) as { method: string; params?: { directory?: string } }), nfos: s.observed }));

/** The chain behind a sync-players run: its queue and each parent's, up to the scan. */
async function chainOf(syncRunId: string): Promise<string[]> {
  const queues: string[] = [];
  for (let id: string | undefined = syncRunId; id; ) {
    const { rows }: { rows: Array<{ queue: string; after: string | null }> } = await db.query(`select queue, data->>'after' as after from job_run where id = $1`, [id]);
    if (!rows[0]) break;
    queues.unshift(rows[0].queue);
    id = rows[0].after ?? undefined;
  }
  return queues;
}

/** Sync-players runs of this library queued after a publish, with a path in `relDir`. */
async function publishedSyncs(relDir: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from job_run where queue = 'sync-players' and library_id = $1 and data ? 'after'
       and exists (select 1 from jsonb_array_elements_text(data->'paths') p where p = $2 or starts_with(p, $2 || '/')) order by created_at`,
    [libraryId, relDir],
  );
  return rows.map((r) => r.id);
}

/** Waits until the previous case's jobs are done (an enrichment waiting out a provider retry aside). */
async function settled(): Promise<void> {
  await eventually(async () => {
    const { rows } = await db.query(`select 1 from job_run where state not in ('COMPLETED', 'FAILED', 'CANCELLED') and not (queue = 'enrich-metadata' and state = 'RETRY') limit 1`);
    return rows.length === 0 ? true : undefined;
  }, 'the previous jobs to finish', 600);
}

describe('*arr webhook → scan → enrich → publish → player refresh → signed notification', () => {
  const cases: Array<{ app: string; name: string; disk: () => Promise<void>; dir: string; method: 'VideoLibrary.Scan' | 'VideoLibrary.Clean'; event: { type: string[]; path: string } }> = [
    // An upgrade: the new Bluray replaced the DVD rip (deletedFiles), which is no longer on disk.
    { app: 'radarr', name: 'download', disk: () => put(MOVIE), dir: MOVIE_DIR, method: 'VideoLibrary.Scan', event: { type: ['file.imported', 'file.upgraded'], path: MOVIE } },
    // A show's first import publishes tvshow.nfo too: the show folder is refreshed (it covers the season).
    { app: 'sonarr', name: 'download', disk: () => put(EPISODE), dir: 'tv/Stargate Atlantis', method: 'VideoLibrary.Scan', event: { type: ['file.imported'], path: EPISODE } },
    // "On Import Complete" is a Download too, with episodeFiles[] (two files at once).
    { app: 'sonarr', name: 'import_complete', disk: async () => { for (const f of ANIME) await put(f); }, dir: path.posix.dirname(ANIME_DIR), method: 'VideoLibrary.Scan', event: { type: ['file.imported'], path: ANIME[1]! } },
    // A rename rewrites the file the catalog knows: nothing new to publish, the refresh still follows.
    { app: 'radarr', name: 'rename', disk: () => put(MOVIE), dir: MOVIE_DIR, method: 'VideoLibrary.Scan', event: { type: ['file.upgraded', 'file.renamed'], path: MOVIE } },
    { app: 'sonarr', name: 'rename', disk: () => put(EPISODE), dir: SEASON_DIR, method: 'VideoLibrary.Scan', event: { type: ['file.upgraded', 'file.renamed'], path: EPISODE } },
    { app: 'sonarr', name: 'episode_file_delete', disk: () => rm(path.join(root, EPISODE)), dir: SEASON_DIR, method: 'VideoLibrary.Clean', event: { type: ['file.missing'], path: EPISODE } },
    { app: 'radarr', name: 'movie_file_delete', disk: () => rm(path.join(root, MOVIE)), dir: MOVIE_DIR, method: 'VideoLibrary.Clean', event: { type: ['file.missing'], path: MOVIE } },
  ];

  for (const c of cases) {
    it(`${c.app}/${c.name}: ${c.method === 'VideoLibrary.Scan' ? 'published, then' : ''} ${c.method} of ${c.dir} and ${c.event.type.join('/')} signed`, async () => {
      await settled();
      await c.disk();
      const [kodiBefore, syncsBefore] = [kodiCalls().length, (await publishedSyncs(c.dir)).length];
      const res = await post(c.app, fixture(c.app, c.name));
      expect(res.status).toBe(200);
      const directory = `${KODI_ROOT}/${c.dir}/`;
      const call = await eventually(async () => kodiCalls().slice(kodiBefore).find((k) => k.method === c.method && k.params?.directory === directory), `Kodi ${c.method} of ${directory}`, 1800);
      if (c.method === 'VideoLibrary.Scan') {
        // Kodi was asked only after the NFOs were beside the media, through every phase in order.
        expect(call.nfos!.length).toBeGreaterThan(0);
        // The first import's refresh is handed down the whole chain the webhook started. (Later
        // cases only check the NFOs were there: which run's refresh Kodi sees first varies.)
        if (c.app === 'radarr' && c.name === 'download') {
          const chains = await Promise.all((await publishedSyncs(c.dir)).slice(syncsBefore).map(chainOf));
          // Enrich may have been queued for the title already (singleton per title), in which
          // case the scan's hand-over joins that job instead of starting a second one.
          expect(chains.map((chain) => chain.slice(-3))).toContainEqual(['enrich-metadata', 'publish-assets', 'sync-players']);
        }
      }
      const rel = c.event.path;
      await eventually(async () => signedEvents().find((e) => c.event.type.includes(e.type) && e.path === rel), `${c.event.type.join('/')} of ${rel} delivered`, 1800);
    }, 240_000);
  }
});

describe('dead letters', () => {
  it('a target that always fails ends DEAD after the retry limit; another target still gets the next event', async () => {
    const { createNotificationTarget } = await gql<{ createNotificationTarget: { id: string } }>(`mutation($i: NotificationTargetInput!) { createNotificationTarget(input: $i) { id } }`, {
      i: { name: 'always down', kind: 'WEBHOOK', url: `${broken.url}/hook`, events: ['file.imported'] },
    });
    const brokenId = createNotificationTarget.id;
    await put(EPISODE);
    expect((await post('sonarr', fixture('sonarr', 'download'))).status).toBe(200);
    type Delivery = { state: string; attempts: number; lastStatus: number | null; lastError: string | null; eventType: string };
    const dead = await eventually(async () => {
      const r = await gql<{ notificationDeliveries: Delivery[] }>(`query($t: ID!) { notificationDeliveries(first: 10, targetId: $t) { state attempts lastStatus lastError eventType } }`, { t: brokenId });
      return r.notificationDeliveries.find((d) => d.state === 'DEAD');
    }, 'the delivery to the broken target dead-lettered', 600);
    // MARQUEE_INTEGRATION_RETRY_LIMIT=1: the first attempt and one retry, both seen by the receiver.
    expect(dead).toMatchObject({ attempts: 2, lastStatus: 500, eventType: 'file.imported' });
    expect(broken.seen).toHaveLength(2);
    // The delivery is marked DEAD before its job records the failure: wait for the job's record.
    const rows = await eventually(async () => {
      const r = await db.query<{ dead_lettered: boolean; state: string }>(`select dead_lettered, state from job_run where queue = 'notify' and state = 'FAILED'`);
      return r.rows.length ? r.rows : undefined;
    }, 'the notify job recorded as dead-lettered');
    expect(rows).toEqual([{ dead_lettered: true, state: 'FAILED' }]);

    // The next event still reaches the healthy target, signed; the dead delivery stays dead.
    await put(MOVIE);
    const before = receiver.seen.length;
    expect((await post('radarr', fixture('radarr', 'download'))).status).toBe(200);
    await eventually(async () => signedEvents().slice(before).find((e) => e.path === MOVIE), 'the next event delivered to the healthy target', 600);
    const after = await gql<{ notificationDeliveries: Delivery[] }>(`query($t: ID!) { notificationDeliveries(first: 10, targetId: $t) { state attempts lastStatus lastError eventType } }`, { t: brokenId });
    expect(after.notificationDeliveries.filter((d) => d.state === 'DEAD')).toHaveLength(1);
  });
});
