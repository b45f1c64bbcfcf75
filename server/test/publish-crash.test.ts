import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNfo } from '../src/integrations/nfo/nfo-reader.js';
import { eventually, useMarquee } from './harness/marquee.js';
import { makeMediaLibrary, type LibraryEntry } from './harness/media-library.js';
import { gqlOf, listFiles, tempFiles } from './harness/publishing.js';
import { useTestServices } from './harness/services.js';
import { spawnWorker } from './harness/worker-process.js';

const services = useTestServices();
// The API and projector run here; workers run as child processes so one can be killed with -9.
const marquee = useMarquee(services, ['api', 'projector']);
const gql = gqlOf(marquee);
const workers: ChildProcess[] = [];
let db: pg.Client;
let root: string;

const EPISODES = 120;
const SHOW = 'Series/Crash Show (2020)';
const pad = (n: number) => String(n).padStart(3, '0');
const layout: LibraryEntry[] = Array.from({ length: EPISODES }, (_, i) => ({
  path: `${SHOW}/Season 01/Crash Show - S01E${pad(i + 1)} - Part ${i + 1}.mkv`,
  source: { clip: 'episode-mkv' },
  expect: { class: 'video' },
}));

function startWorker(): ChildProcess {
  const child = spawnWorker(services, marquee.config.dataDir, { MARQUEE_LOG_LEVEL: 'error', MARQUEE_FFPROBE: 'off' });
  workers.push(child);
  return child;
}

async function jobState(id: string): Promise<string | null> {
  const { rows } = await db.query<{ state: string }>('select state from job_run where id = $1', [id]);
  return rows[0]?.state ?? null;
}

const completed = (id: string, what: string) => eventually(async () => ((await jobState(id)) === 'COMPLETED' ? true : undefined), what, 1500, 100);

async function nfoHashes(): Promise<Map<string, string>> {
  const files = (await listFiles(root)).filter((f) => f.endsWith('.nfo'));
  const hashes = new Map<string, string>();
  for (const f of files) hashes.set(f, createHash('sha256').update(await readFile(path.join(root, f))).digest('hex'));
  return hashes;
}

async function publish(titleId: string): Promise<string> {
  const { publishTitle } = await gql<{ publishTitle: Array<{ id: string }> }>(`mutation($t: ID!) { publishTitle(titleId: $t) { id } }`, { t: titleId });
  return publishTitle[0]!.id;
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
  root = await mkdtemp(path.join(tmpdir(), 'marquee-publish-crash-'));
  await makeMediaLibrary(root, layout);
}, 120_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await db?.end();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('a worker killed with -9 mid-publish', () => {
  it('leaves every file old or new, and the rerun finishes with no temporary files', async () => {
    const { createTitle } = await gql<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: SERIES, name: "Crash Show", year: 2020 }) { id } }`);
    const titleId = createTitle.id;
    await gql(`mutation($t: ID!, $s: [SeasonInput!]!) { upsertSeasons(titleId: $t, seasons: $s) { id } }`, {
      t: titleId,
      s: [{ number: 1, episodes: Array.from({ length: EPISODES }, (_, i) => ({ number: i + 1, name: `Part ${i + 1}` })) }],
    });
    const { createLibrary } = await gql<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Crash', rootPath: root, kind: 'SERIES' } });
    const first = startWorker();
    const { scanLibrary } = await gql<{ scanLibrary: { id: string } }>(`mutation($l: ID!) { scanLibrary(libraryId: $l) { id } }`, { l: createLibrary.id });
    await completed(scanLibrary.id, 'the scan');
    const { rows: matched } = await db.query<{ n: string }>('select count(*)::text as n from media_file where title_id = $1', [titleId]);
    expect(Number(matched[0]!.n)).toBe(EPISODES);

    await completed(await publish(titleId), 'the first publish');
    const old = await nfoHashes();
    expect(old.size).toBe(EPISODES + 2);

    // Renaming the show changes every NFO (episodes carry the show's title).
    const { rows: version } = await db.query<{ version: number }>('select version from title where id = $1', [titleId]);
    await gql(`mutation($i: UpdateTitleInput!) { updateTitle(input: $i) { id } }`, { i: { id: titleId, expectedVersion: version[0]!.version, name: 'Crash Show Redux' } });
    const started = new Date();
    const jobId = await publish(titleId);
    await eventually(async () => {
      const { rows } = await db.query<{ n: string }>('select count(*)::text as n from published_file where updated_at > $1 and pending_sha256 is null', [started]);
      return Number(rows[0]!.n) >= 10 ? true : undefined;
    }, 'the republish to be under way', 1500, 10);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(await jobState(jobId)).not.toBe('COMPLETED');

    const mid = await nfoHashes();
    expect([...mid.keys()].sort()).toEqual([...old.keys()].sort());
    const changedMid = [...mid].filter(([f, h]) => h !== old.get(f)).length;
    expect(changedMid).toBeGreaterThan(0);
    expect(changedMid).toBeLessThan(old.size);

    startWorker();
    // pg-boss fails the dead worker's job when its heartbeat stops and retries it; the retry finishes the rest.
    await completed(jobId, 'the retried publish');
    expect(await tempFiles(root)).toEqual([]);
    const final = await nfoHashes();
    expect([...final.keys()].sort()).toEqual([...old.keys()].sort());
    for (const [file, hash] of mid) expect([old.get(file), final.get(file)]).toContain(hash);
    // Everything but season.nfo (which does not name the show) was rewritten.
    for (const [file, hash] of final) if (!file.endsWith('season.nfo')) expect(hash).not.toBe(old.get(file));
    const { rows: manifest } = await db.query<{ rel_path: string; sha256: string; pending_sha256: string | null }>('select rel_path, sha256, pending_sha256 from published_file');
    expect(manifest).toHaveLength(EPISODES + 2);
    for (const row of manifest) expect({ path: row.rel_path, sha256: row.sha256, pending: row.pending_sha256 }).toEqual({ path: row.rel_path, sha256: final.get(row.rel_path), pending: null });
    const episode = readNfo((await readFile(path.join(root, `${SHOW}/Season 01/Crash Show - S01E001 - Part 1.nfo`))).toString('utf8'));
    expect(episode).toMatchObject({ kind: 'episode', episodes: [{ showTitle: 'Crash Show Redux', title: 'Part 1', season: 1, episode: 1 }] });
  }, 240_000);
});
