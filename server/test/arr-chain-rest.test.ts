import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useChainProduct } from './harness/chain.js';
import { fakeHttp as fake, signedBodies } from './harness/fake-http.js';
import { fixturesDir } from './harness/fixtures.js';
import { LIDARR_TRACKS, lidarrPayloads } from './harness/lidarr-webhooks.js';
import { eventually } from './harness/marquee.js';
import { finished, gqlOf } from './harness/publishing.js';
import { useTestServices } from './harness/services.js';

/**
 * The *arr events arr-chain.test.ts does not drive, end to end through the running product (api +
 * worker + projector, every phase on): title deletes (recycle bin → players clean the folder →
 * `title.deleted` signed), MovieAdded / SeriesAdd (the catalog title found, created and enriched,
 * or restored → `title.added` signed), Health and ManualInteractionRequired (`health.changed`
 * signed), Test / Grab / ApplicationUpdate (answered, nothing queued), and Lidarr's events.
 */
const services = useTestServices();
const { marquee, fakes } = useChainProduct(services);
const gql = gqlOf(marquee);

const fixture = (app: string, name: string) => readFileSync(path.join(fixturesDir(), 'arr-webhooks', app, `${name}.json`), 'utf8');
const SECRET = 'rest-receiver-secret';
const KODI_ROOT = 'smb://nas/media';
const JELLYFIN_ROOT = '/jf/media';

let root: string;
let apiKey: string;
let db: pg.Client;
let kodi: Awaited<ReturnType<typeof fake>>;
let jellyfin: Awaited<ReturnType<typeof fake>>;
let receiver: Awaited<ReturnType<typeof fake>>;
let seriesId: string;
let movieId: string;

const MOVIE_DIR = 'movies/The Matrix (1999)';
const MOVIE = `${MOVIE_DIR}/The Matrix (1999) [Bluray-1080p].mkv`;
const SERIES_DIR = 'tv/Stargate Atlantis';
const EPISODE = `${SERIES_DIR}/Season 01/Stargate Atlantis - S01E01-E02 - Rising WEBDL-1080p.mkv`;
const ALBUM_DIR = 'music/Daft Punk/Discovery (2001)';
const TRACKS = LIDARR_TRACKS.map((p) => p.replace('/data/media/', ''));

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'marquee-arr-rest-'));
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
  kodi = await fake((req) => {
    const rpc = JSON.parse(req.body) as { method: string; id: number };
    const result = rpc.method === 'VideoLibrary.GetMovies' ? { movies: [] } : rpc.method === 'VideoLibrary.GetTVShows' ? { tvshows: [] } : 'OK';
    return { body: { jsonrpc: '2.0', id: rpc.id, result } };
  });
  jellyfin = await fake(() => ({ status: 204, body: '' }));
  receiver = await fake(() => ({ body: { ok: true } }));

  // A series the household already has, name locked (the fake providers' example answers would rename it).
  const { createTitle } = await gql<{ createTitle: { id: string } }>(`mutation($i: CreateTitleInput!) { createTitle(input: $i) { id } }`, { i: { kind: 'SERIES', name: 'Stargate Atlantis', year: 2004 } });
  seriesId = createTitle.id;
  await gql(`mutation($id: ID!, $x: [ExternalIdInput!]!) { setExternalIds(titleId: $id, externalIds: $x) { id } }`, { id: seriesId, x: [{ provider: 'tmdb', value: '2290' }, { provider: 'tvdb', value: '70851' }] });
  await gql(`mutation($id: ID!) { lockTitleFields(id: $id, fields: [NAME, YEAR]) { id } }`, { id: seriesId });
  await gql(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, {
    i: { name: 'Media', rootPath: root, kind: 'MIXED', phases: ['ENRICH', 'PUBLISH', 'SYNC_PLAYERS', 'NOTIFY'], pathMappings: [{ from: root, to: '/data/media' }] },
  });
  apiKey = (await gql<{ createApiKey: { key: string } }>(`mutation { createApiKey(input: {name: "arr", scopes: [LIBRARY_WRITE]}) { key } }`)).createApiKey.key;
  await gql(`mutation($i: PlayerInput!) { createPlayer(input: $i) { id } }`, { i: { name: 'Kodi', kind: 'KODI', url: kodi.url, pathMappings: [{ from: root, to: KODI_ROOT }] } });
  await gql(`mutation($i: PlayerInput!) { createPlayer(input: $i) { id } }`, { i: { name: 'Jellyfin', kind: 'JELLYFIN', url: jellyfin.url, credentials: 'jf-key', pathMappings: [{ from: root, to: JELLYFIN_ROOT }] } });
  const events = ['title.added', 'title.updated', 'title.deleted', 'file.imported', 'file.upgraded', 'file.missing', 'health.changed'];
  await gql(`mutation($i: NotificationTargetInput!) { createNotificationTarget(input: $i) { id } }`, { i: { name: 'receiver', kind: 'WEBHOOK', url: `${receiver.url}/hook`, secret: SECRET, events } });
}, 180_000);

afterAll(async () => {
  for (const f of [kodi, jellyfin, receiver]) f?.server.close();
  await db?.end();
  if (root) await rm(root, { recursive: true, force: true, maxRetries: 5 });
});

const post = (app: string, body: string) =>
  fetch(`${marquee.url}/webhooks/${app}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body });

async function postOk<T = Record<string, unknown>>(app: string, body: string): Promise<T> {
  const res = await post(app, body);
  const json = (await res.json()) as T;
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json;
}

interface Delivered {
  id: string;
  type: string;
  titleId: string | null;
  path: string | null;
  data: Record<string, unknown>;
}
/** Webhook deliveries the receiver got, each checked against its HMAC signature. */
const signedEvents = () => signedBodies<Delivered>(receiver.seen, SECRET);
/** The first signed delivery (after the first `from` ones) that matches. */
const delivered = (what: string, match: (e: Delivered) => boolean, from = 0) => eventually(async () => signedEvents().slice(from).find(match), what, 600);

type Rpc = { jsonrpc: string; id: number; method: string; params?: { directory?: string } };
const kodiCalls = () => kodi.seen.map((s) => JSON.parse(s.body) as Rpc);

let edits = 0;
/** Writes a file under the root with content of a new size, so the next scan sees it changed. */
async function put(rel: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), 'v'.repeat(++edits + 1));
}

/** Waits until no job is running or waiting and no notification is still on its way. */
async function settled(): Promise<void> {
  await eventually(async () => {
    const { rows } = await db.query(
      `select 1 from job_run where state not in ('COMPLETED', 'FAILED', 'CANCELLED') and not (queue = 'enrich-metadata' and state = 'RETRY')
       union all select 1 from notification_delivery where state not in ('DELIVERED', 'DEAD') limit 1`,
    );
    return rows.length === 0 ? true : undefined;
  }, 'the previous jobs and deliveries to finish', 600);
}

/** What a webhook could have set going: job runs, pg-boss jobs, outbox facts, player calls. */
async function activity(): Promise<{ at: string; outbox: string; kodi: number; jellyfin: number }> {
  const { rows } = await db.query<{ at: string; outbox: string }>(`select now()::text as at, coalesce(max(id), 0)::text as outbox from outbox`);
  return { ...rows[0]!, kodi: kodi.seen.length, jellyfin: jellyfin.seen.length };
}
async function startedSince(before: Awaited<ReturnType<typeof activity>>) {
  const { rows } = await db.query<{ runs: string[]; jobs: string[]; facts: string[] }>(
    `select (select coalesce(array_agg(queue || ':' || coalesce(target, '') || ':' || state), '{}') from job_run where created_at > $1::timestamptz) as runs,
            (select coalesce(array_agg(name), '{}') from pgboss.job where created_on > $1::timestamptz) as jobs,
            (select coalesce(array_agg(event_type order by id), '{}') from outbox where id > $2::bigint and event_type <> 'NotificationDeliveryChanged') as facts`,
    [before.at, before.outbox],
  );
  return { ...rows[0]!, kodi: kodi.seen.length - before.kodi, jellyfin: jellyfin.seen.length - before.jellyfin };
}
const NOTHING = { runs: [], jobs: [], facts: [], kodi: 0, jellyfin: 0 };

describe('events that need no work: answered, logged, nothing queued', () => {
  it('Test from Radarr and Sonarr answers OK and starts nothing', async () => {
    await settled();
    const before = await activity();
    for (const app of ['radarr', 'sonarr']) {
      expect(await postOk(app, fixture(app, 'test'))).toEqual({ ok: true, event: 'Test', message: 'Marquee received the test' });
    }
    // Whatever a webhook starts is committed before it answers: nothing here means nothing queued.
    expect(await startedSince(before)).toEqual(NOTHING);
  });

  it('Grab and ApplicationUpdate are accepted with the reason and start nothing', async () => {
    await settled();
    const before = await activity();
    const answers = [];
    for (const [app, name] of [['radarr', 'grab'], ['sonarr', 'grab'], ['radarr', 'application_update'], ['sonarr', 'application_update']] as const) {
      answers.push(await postOk<{ ok: boolean; event: string; ignored: string }>(app, fixture(app, name)));
    }
    expect(answers).toEqual([
      { ok: true, event: 'Grab', ignored: 'Grab: nothing is on disk until the download is imported' },
      { ok: true, event: 'Grab', ignored: 'Grab: nothing is on disk until the download is imported' },
      { ok: true, event: 'ApplicationUpdate', ignored: 'ApplicationUpdate needs nothing from Marquee' },
      { ok: true, event: 'ApplicationUpdate', ignored: 'ApplicationUpdate needs nothing from Marquee' },
    ]);
    expect(await startedSince(before)).toEqual(NOTHING);
  });
});

describe('health: Health, HealthRestored and ManualInteractionRequired become signed health.changed', () => {
  it('each *arr health report reaches the receiver signed, and queues no job', async () => {
    await settled();
    const before = await activity();
    const sent = receiver.seen.length;
    expect(await postOk('radarr', fixture('radarr', 'health'))).toEqual({ ok: true, event: 'Health', health: 'warning' });
    expect(await postOk('radarr', fixture('radarr', 'health_restored'))).toEqual({ ok: true, event: 'HealthRestored', health: 'restored' });
    expect(await postOk('sonarr', fixture('sonarr', 'health'))).toEqual({ ok: true, event: 'Health', health: 'error' });
    expect(await postOk('radarr', fixture('radarr', 'manual_interaction_required'))).toMatchObject({ ok: true, health: 'warning' });
    expect(await postOk('sonarr', fixture('sonarr', 'manual_interaction_required'))).toMatchObject({ ok: true, health: 'warning' });
    // One lifecycle fact each; the only jobs are the deliveries of those events to the receiver.
    const since = await startedSince(before);
    expect(since.facts.filter((f) => f !== 'JobRunChanged')).toEqual(Array(5).fill('LifecycleRaised'));
    expect({ ...since, facts: [], runs: since.runs.filter((r) => !r.startsWith('notify:')), jobs: since.jobs.filter((j) => j !== 'notify') }).toEqual(NOTHING);

    const health = await eventually(async () => {
      const list = signedEvents().slice(sent).filter((e) => e.type === 'health.changed');
      return list.length >= 5 ? list : undefined;
    }, 'five health.changed deliveries', 600);
    const indexers = 'Indexers unavailable due to failures for more than 6 hours: Example Indexer (Prowlarr)';
    expect(health.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        { source: 'radarr', instance: 'Radarr', healthy: false, level: 'warning', message: indexers, check: 'IndexerLongTermStatusCheck' },
        { source: 'radarr', instance: 'Radarr', healthy: true, level: 'warning', message: indexers, check: 'IndexerLongTermStatusCheck' },
        { source: 'sonarr', instance: 'Sonarr', healthy: false, level: 'error', message: 'Unable to communicate with Transmission. Connection refused (127.0.0.1:9091)', check: 'DownloadClientCheck' },
        { source: 'radarr', instance: 'Radarr', healthy: false, level: 'warning', message: 'Manual interaction required for The.Matrix.1999.1080p.BluRay.x264-FGT: Not enough free space', check: 'ManualInteractionRequired' },
        {
          source: 'sonarr',
          instance: 'Sonarr',
          healthy: false,
          level: 'warning',
          message: expect.stringMatching(/^Manual interaction required for Stargate\.Atlantis\.S01E01\.1080p\.WEB-DL-GRP: Found matching series via grab history/),
          check: 'ManualInteractionRequired',
        },
      ]),
    );
    // Each is one distinct event of the stream (receivers de-duplicate on the id).
    expect(new Set(health.map((e) => e.id)).size).toBe(health.length);
  });
});

type TitleView = { id: string; name: string; year: number | null; version: number; externalIds: Array<{ provider: string; value: string }>; provenance: Array<{ field: string; source: string; origin: string | null }> };
const TITLE_FIELDS = 'id name year version externalIds { provider value } provenance { field source origin }';
const byId = async (provider: string, value: string) => (await gql<{ titleByExternalId: TitleView }>(`query($p: String!, $v: String!) { titleByExternalId(provider: $p, value: $v) { ${TITLE_FIELDS} } }`, { p: provider, v: value })).titleByExternalId;

describe('MovieAdded / SeriesAdd: the catalog gets the title', () => {
  it('MovieAdded of a movie the catalog lacks creates it with its ids, enriches it, and delivers title.added signed', async () => {
    await settled();
    const body = await postOk<{ title: { id: string; name: string; outcome: string }; enrich: { jobId: string } }>('radarr', fixture('radarr', 'movie_added'));
    expect(body.title).toEqual({ id: expect.any(String), name: 'The Matrix', outcome: 'CREATED' });
    movieId = body.title.id;
    const added = await delivered('title.added of the new movie', (e) => e.type === 'title.added' && e.titleId === movieId);
    expect(added.data).toEqual({ name: 'The Matrix', kind: 'MOVIE', year: 1999 });
    const title = await eventually(async () => byId('imdb', 'tt0133093').catch(() => undefined), 'the movie projected');
    expect(title.id).toBe(movieId);
    expect(title.externalIds).toEqual(expect.arrayContaining([{ provider: 'tmdb', value: '603' }, { provider: 'imdb', value: 'tt0133093' }]));

    // Enriched like any new title: TMDB is asked for it by the id Radarr gave.
    const { rows: runs } = await db.query(`select queue, title_id from job_run where id = $1`, [body.enrich.jobId]);
    expect(runs).toEqual([{ queue: 'enrich-metadata', title_id: movieId }]);
    await eventually(async () => fakes().tmdb.requests.find((r) => r.path.startsWith('/3/movie/603')), 'TMDB asked for movie 603', 600);
    await eventually(async () => {
      const { rows } = await db.query<{ state: string }>(`select state from job_run where id = $1`, [body.enrich.jobId]);
      return rows[0] && rows[0].state !== 'CREATED' && rows[0].state !== 'ACTIVE' ? true : undefined;
    }, 'the enrichment to have applied what the providers said', 600);

    // A second MovieAdded (another Radarr instance, a re-add) finds it: no second title.
    expect((await postOk<{ title: unknown }>('radarr', fixture('radarr', 'movie_added'))).title).toEqual({ id: movieId, name: expect.any(String), outcome: 'UNCHANGED' });

    // The fake TMDB answers its spec's example movie whatever the id: a person puts the name back
    // and locks it, so the Radarr download below is matched by name.
    const now = await eventually(async () => {
      const t = await byId('tmdb', '603');
      const { rows } = await db.query<{ version: number }>(`select version from title where id = $1`, [movieId]);
      return rows[0]?.version === t.version ? t : undefined;
    }, 'the read model to catch up with the enrichment');
    if (now.name !== 'The Matrix' || now.year !== 1999) {
      await gql(`mutation($i: UpdateTitleInput!) { updateTitle(input: $i) { id } }`, { i: { id: movieId, expectedVersion: now.version, name: 'The Matrix', year: 1999 } });
    }
    await gql(`mutation($id: ID!) { lockTitleFields(id: $id, fields: [NAME, YEAR]) { id } }`, { id: movieId });
  });

  it('SeriesAdd of a series the catalog has links it by its TVDB id: the missing IMDb id is added, the locked name stays, no title.added', async () => {
    await settled();
    const sent = receiver.seen.length;
    const body = await postOk<{ title: unknown; enrich?: unknown }>('sonarr', fixture('sonarr', 'series_add'));
    expect(body.title).toEqual({ id: seriesId, name: 'Stargate Atlantis', outcome: 'LINKED' });
    expect(body.enrich).toBeUndefined();
    await delivered('title.updated of the linked series', (e) => e.type === 'title.updated' && e.titleId === seriesId);
    const series = await eventually(async () => byId('imdb', 'tt0374455').catch(() => undefined), 'the IMDb id projected');
    expect(series).toMatchObject({ id: seriesId, name: 'Stargate Atlantis' });
    expect(series.externalIds).toEqual(expect.arrayContaining([{ provider: 'tvdb', value: '70851' }, { provider: 'tmdb', value: '2290' }, { provider: 'imdb', value: 'tt0374455' }]));
    expect(signedEvents().slice(sent).filter((e) => e.type === 'title.added')).toEqual([]);
  });
});

/** A file brought in by a Download webhook, through the whole chain to the player. */
async function imported(app: string, rel: string, dir: string, titleId: string): Promise<void> {
  await settled();
  await put(rel);
  const before = kodiCalls().length;
  await postOk(app, fixture(app, 'download'));
  // Radarr's fixture is an upgrade (it replaced a DVD rip): announced as file.upgraded.
  const file = await delivered(`file.imported of ${rel}`, (e) => (e.type === 'file.imported' || e.type === 'file.upgraded') && e.path === rel);
  expect(file.titleId).toBe(titleId);
  await eventually(async () => kodiCalls().slice(before).find((c) => c.method === 'VideoLibrary.Scan' && c.params?.directory?.startsWith(`${KODI_ROOT}/${dir}`)), `Kodi scan of ${dir}`, 600);
}

describe('MovieDelete / SeriesDelete with deletedFiles: recycle bin → players clean → title.deleted signed', () => {
  const cases = [
    { app: 'radarr', name: 'movie_delete', dir: MOVIE_DIR, file: MOVIE, kind: 'MOVIE', year: 1999, title: () => movieId, label: 'The Matrix' },
    { app: 'sonarr', name: 'series_delete', dir: SERIES_DIR, file: EPISODE, kind: 'SERIES', year: 2004, title: () => seriesId, label: 'Stargate Atlantis' },
  ];
  for (const c of cases) {
    it(`${c.app}/${c.name}: the title goes to the recycle bin, Kodi and Jellyfin drop ${c.dir}, title.deleted is delivered signed`, async () => {
      await imported(c.app, c.file, c.dir, c.title());
      await settled();
      // The *arr app deletes the whole folder, then tells Marquee.
      await rm(path.join(root, c.dir), { recursive: true, force: true });
      const [kodiBefore, jfBefore] = [kodi.seen.length, jellyfin.seen.length];
      const body = await postOk<{ scans: Array<{ path: string; jobId: string }>; recycledTitles: string[] }>(c.app, fixture(c.app, c.name));
      expect(body.scans).toEqual([{ path: path.join(root, c.dir), jobId: expect.any(String) }]);
      expect(body.recycledTitles).toEqual([c.title()]);

      const deleted = await delivered(`title.deleted of ${c.label}`, (e) => e.type === 'title.deleted' && e.titleId === c.title());
      expect(deleted.data).toEqual({ name: c.label, kind: c.kind, year: c.year, recycled: true });
      await delivered(`file.missing of ${c.file}`, (e) => e.type === 'file.missing' && e.path === c.file);

      // Kodi is asked to drop what it had under the folder, in the exact JSON-RPC shape.
      const clean = await eventually(async () => kodi.seen.slice(kodiBefore).map((s) => JSON.parse(s.body) as Rpc).find((k) => k.method === 'VideoLibrary.Clean'), 'Kodi VideoLibrary.Clean', 600);
      expect(clean).toEqual({ jsonrpc: '2.0', id: expect.any(Number), method: 'VideoLibrary.Clean', params: { directory: `${KODI_ROOT}/${c.dir}/`, showdialogs: false } });
      expect(kodi.seen.slice(kodiBefore)[0]!.url).toBe('/jsonrpc');
      // Jellyfin is told the folder was deleted.
      const jf = await eventually(async () => jellyfin.seen.slice(jfBefore).find((s) => s.url === '/Library/Media/Updated'), 'Jellyfin update', 600);
      expect(jf.method).toBe('POST');
      expect(JSON.parse(jf.body)).toEqual({ Updates: [{ Path: `${JELLYFIN_ROOT}/${c.dir}`, UpdateType: 'Deleted' }] });

      // In the bin (restorable), out of the catalog; its file's record is kept, marked missing.
      const bin = await eventually(async () => {
        const r = await gql<{ recycleBin: { edges: Array<{ node: { kind: string; titleId: string | null; label: string } }> } }>(`{ recycleBin(first: 50) { edges { node { kind titleId label } } } }`);
        return r.recycleBin.edges.map((e) => e.node).find((n) => n.kind === 'TITLE' && n.titleId === c.title());
      }, 'the recycle bin entry projected');
      expect(bin.label).toBe(c.label);
      await eventually(async () => ((await marquee.gql(`query($id: ID!) { title(id: $id) { id } }`, { id: c.title() })).errors?.[0]?.extensions?.code === 'NOT_FOUND' ? true : undefined), 'the title out of the catalog');
      const { rows } = await db.query<{ missing: boolean; title_id: string }>(`select missing_since is not null as missing, title_id from media_file where rel_path = $1`, [c.file]);
      expect(rows).toEqual([{ missing: true, title_id: c.title() }]);
    });
  }

  it('MovieAdded for the movie in the recycle bin brings it back (title.added again), no second title', async () => {
    await settled();
    const sent = receiver.seen.length;
    const body = await postOk<{ title: unknown; enrich?: unknown }>('radarr', fixture('radarr', 'movie_added'));
    expect(body.title).toEqual({ id: movieId, name: 'The Matrix', outcome: 'RESTORED' });
    expect(body.enrich).toBeUndefined();
    const back = await delivered('title.added of the restored movie', (e) => e.type === 'title.added' && e.titleId === movieId, sent);
    expect(back.data).toEqual({ name: 'The Matrix', kind: 'MOVIE', year: 1999 });
    expect((await eventually(async () => byId('tmdb', '603').catch(() => undefined), 'the movie back in the catalog')).id).toBe(movieId);
    const { rows } = await db.query(`select 1 from recycle_entry where kind = 'TITLE' and title_id = $1`, [movieId]);
    expect(rows).toEqual([]);
    const { rows: titles } = await db.query(`select count(*)::int as n from title t join external_id e on e.title_id = t.id where e.provider = 'tmdb' and e.value = '603'`);
    expect(titles).toEqual([{ n: 1 }]);
  });
});

describe('Lidarr (payloads built from Lidarr’s webhook classes, see harness/lidarr-webhooks.ts)', () => {
  const scanOf = async (payload: unknown) => {
    const body = await postOk<{ scans: Array<{ path: string; jobId: string }> }>('lidarr', JSON.stringify(payload));
    expect(body.scans).toHaveLength(1);
    return { path: body.scans[0]!.path, run: await finished(marquee, body.scans[0]!.jobId) };
  };
  const target = async (jobId: string) => (await db.query<{ target: string }>(`select target from job_run where id = $1`, [jobId])).rows[0]?.target;

  it('Test answers OK and starts nothing', async () => {
    await settled();
    const before = await activity();
    expect(await postOk('lidarr', JSON.stringify(lidarrPayloads.test))).toEqual({ ok: true, event: 'Test', message: 'Marquee received the test' });
    expect(await startedSince(before)).toEqual(NOTHING);
  });

  it('Download with trackFiles scans the album folder, mapped from the Lidarr host to the library', async () => {
    await settled();
    for (const t of TRACKS) await put(t);
    const res = await post('lidarr', JSON.stringify(lidarrPayloads.download));
    const body = (await res.json()) as { scans: Array<{ path: string; jobId: string }> };
    expect(res.status).toBe(200);
    expect(body.scans).toEqual([{ path: path.join(root, ALBUM_DIR), jobId: expect.any(String) }]);
    expect(await target(body.scans[0]!.jobId)).toBe(ALBUM_DIR);
    const run = await finished(marquee, body.scans[0]!.jobId);
    expect(run.output).toMatchObject({ files: 2, added: 2 });
    const { rows } = await db.query<{ rel_path: string; class: string }>(`select rel_path, class from media_file where starts_with(rel_path, $1) order by rel_path`, [`${ALBUM_DIR}/`]);
    expect(rows).toEqual(TRACKS.map((rel_path) => ({ rel_path, class: 'AUDIO' })));
    await delivered('file.imported of the first track', (e) => e.type === 'file.imported' && e.path === TRACKS[0]);
  });

  it('Retag rescans the retagged file’s folder and finds it changed', async () => {
    await settled();
    await put(TRACKS[0]!);
    const { path: scanned, run } = await scanOf(lidarrPayloads.retag);
    expect(scanned).toBe(path.join(root, ALBUM_DIR));
    expect(run.output).toMatchObject({ changed: 1, added: 0 });
  });

  it('AlbumDelete with deletedFiles scans the artist folder and marks the tracks missing', async () => {
    await settled();
    await rm(path.join(root, ALBUM_DIR), { recursive: true, force: true });
    const { path: scanned, run } = await scanOf(lidarrPayloads.albumDelete);
    expect(scanned).toBe(path.join(root, 'music/Daft Punk'));
    expect(run.output).toMatchObject({ missing: 2 });
    await delivered('file.missing of the second track', (e) => e.type === 'file.missing' && e.path === TRACKS[1]);
  });
});
