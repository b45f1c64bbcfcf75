import type { ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, useMarquee } from './harness/marquee.js';
import { makeMediaLibrary } from './harness/media-library.js';
import { useTestServices } from './harness/services.js';
import { spawnWorker } from './harness/worker-process.js';

const services = useTestServices();
// The API and projector run here; workers run as child processes so one can be killed with -9.
const marquee = useMarquee(services, ['api', 'projector']);
let db: pg.Client;
let crashRoot: string;
let cleanRoot: string;
const workers: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawnWorker(services, marquee.config.dataDir, { MARQUEE_PROBE_CONCURRENCY: '1' });
  workers.push(child);
  return child;
}

async function gqlOk<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await marquee.gql<T>(query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

async function createLibrary(name: string, rootPath: string): Promise<string> {
  return (await gqlOk<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name, rootPath, kind: 'MIXED' } })).createLibrary.id;
}

async function scanAndWait(libraryId: string): Promise<string> {
  const { scanLibrary } = await gqlOk<{ scanLibrary: { id: string } }>(`mutation($l: ID!) { scanLibrary(libraryId: $l) { id } }`, { l: libraryId });
  return scanLibrary.id;
}

async function jobState(id: string): Promise<string | null> {
  const { rows } = await db.query<{ state: string }>('select state from job_run where id = $1', [id]);
  return rows[0]?.state ?? null;
}

/** What a library's files look like, independent of ids and timestamps. */
async function snapshot(libraryId: string) {
  const { rows } = await db.query(
    `select rel_path, class, extra, size, details, media, probe_error, parsed, match - 'suggestedTitleId' as match, missing_since is null as present,
            probed_at is not null as probed, identified_at is not null as identified
       from media_file where library_id = $1 order by rel_path`,
    [libraryId],
  );
  return rows;
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
  crashRoot = await mkdtemp(path.join(tmpdir(), 'marquee-crash-'));
  for (const copy of ['a', 'b', 'c', 'd', 'e']) await makeMediaLibrary(path.join(crashRoot, copy));
  cleanRoot = await mkdtemp(path.join(tmpdir(), 'marquee-clean-'));
  await cp(crashRoot, cleanRoot, { recursive: true });
  // With the ids its tvshow.nfo gives: otherwise the first library's scan adds them (scans apply
  // NFOs) and the second library matches by id where the first matched by the NFO's title and
  // year, an effect of the order of the two scans rather than of the crash.
  const { createTitle } = await gqlOk<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: SERIES, name: "Breaking Bad", year: 2008 }) { id } }`);
  await gqlOk(`mutation($id: ID!) { setExternalIds(titleId: $id, externalIds: [{ provider: "tvdb", value: "81189" }]) { id } }`, { id: createTitle.id });
}, 120_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await db?.end();
  await rm(crashRoot, { recursive: true, force: true });
  await rm(cleanRoot, { recursive: true, force: true });
});

describe('a worker killed with -9 mid-scan', () => {
  it('ends, after a restart, in the same state as a clean scan, with no duplicate rows', async () => {
    const crashLib = await createLibrary('Crash', crashRoot);
    const cleanLib = await createLibrary('Clean', cleanRoot);

    const first = startWorker();
    const jobId = await scanAndWait(crashLib);
    // Kill once files are written and probing is under way, before it finishes.
    await eventually(async () => {
      const { rows } = await db.query<{ probed: string; total: string }>(
        `select count(*) filter (where probed_at is not null)::text as probed, count(*)::text as total from media_file where library_id = $1`,
        [crashLib],
      );
      return Number(rows[0]!.probed) >= 3 ? true : undefined;
    }, 'probing to start', 600, 20);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const { rows: partial } = await db.query<{ unprobed: string }>(
      `select count(*) filter (where probed_at is null and class in ('VIDEO', 'AUDIO'))::text as unprobed from media_file where library_id = $1`,
      [crashLib],
    );
    expect(Number(partial[0]!.unprobed)).toBeGreaterThan(0);

    startWorker();
    // pg-boss fails the dead worker's job when its heartbeat stops and retries it; the retry finishes the rest.
    await eventually(async () => ((await jobState(jobId)) === 'COMPLETED' ? true : undefined), 'the retried scan to complete', 1200, 100);
    const clean = await scanAndWait(cleanLib);
    await eventually(async () => ((await jobState(clean)) === 'COMPLETED' ? true : undefined), 'the clean scan', 1200, 100);

    const { rows: dupes } = await db.query('select library_id, rel_path, count(*) from media_file group by 1, 2 having count(*) > 1');
    expect(dupes).toEqual([]);
    const crashed = await snapshot(crashLib);
    const cleanly = await snapshot(cleanLib);
    expect(crashed.length).toBe(120);
    expect(crashed).toEqual(cleanly);
  }, 180_000);
});
