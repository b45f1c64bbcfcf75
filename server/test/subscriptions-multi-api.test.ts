import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';
import { CLI, freePort } from './harness/spawn-product.js';
import { spawnWorker } from './harness/worker-process.js';

/**
 * Job progress with several API processes: the job is queued through one API (in this process),
 * run by a worker in a child process, and followed over graphql-ws on a second API in another child
 * process. Nothing but Postgres and Redis connects the three, so what the second API streams came
 * through Redis pub/sub.
 */
const services = useTestServices();
const apiA = useMarquee(services, ['api', 'projector']);
const children: ChildProcess[] = [];
const clients: Client[] = [];
let apiB = '';
let root: string;
let libraryId: string;

interface Run {
  id: string;
  state: string;
  done: number;
  total: number;
  libraryId: string | null;
}

function client(url: string): Client {
  const c = createClient({ url: url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, connectionParams: { authorization: `Bearer ${apiA.adminToken}` } });
  clients.push(c);
  return c;
}

/** Every jobRunChanged event of the library until `until` holds for one of them. */
function follow(c: Client, until: (run: Run) => boolean): { events: Run[]; done: Promise<Run[]>; subscribed: Promise<void> } {
  const events: Run[] = [];
  let ack: () => void = () => undefined;
  const subscribed = new Promise<void>((resolve) => (ack = resolve));
  const done = new Promise<Run[]>((resolve, reject) => {
    const stop = c.subscribe<{ jobRunChanged: Run }>(
      { query: `subscription($l: ID) { jobRunChanged(libraryId: $l) { id state done total libraryId } }`, variables: { l: libraryId } },
      {
        next: (msg) => {
          if (msg.errors) return reject(new Error(JSON.stringify(msg.errors)));
          events.push(msg.data!.jobRunChanged);
          if (until(msg.data!.jobRunChanged)) {
            stop();
            resolve(events);
          }
        },
        error: reject,
        complete: () => resolve(events),
      },
    );
    // graphql-ws has no "subscribed" callback: the socket's ack plus a round trip is close enough,
    // and the assertions below do not depend on seeing the very first event.
    c.on('connected', () => setTimeout(ack, 200));
  });
  return { events, done, subscribed };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'marquee-multi-api-'));
  for (let i = 0; i < 30; i++) {
    await mkdir(path.join(root, `Movie ${i} (2001)`), { recursive: true });
    await writeFile(path.join(root, `Movie ${i} (2001)`, `Movie ${i} (2001).mkv`), 'x');
  }
  const port = await freePort();
  const b = spawn(process.execPath, [CLI, 'start', '--role', 'api'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      MARQUEE_REDIS_PREFIX: services.redisPrefix,
      // The same data directory: the same auth secret, so A's token is good on B.
      MARQUEE_DATA_DIR: apiA.config.dataDir,
      MARQUEE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(b);
  apiB = `http://127.0.0.1:${port}`;
  await eventually(async () => ((await fetch(`${apiB}/ready`).catch(() => null))?.ok ? true : undefined), 'the second API to be ready', 300, 100);
  children.push(spawnWorker(services, apiA.config.dataDir, { MARQUEE_FFPROBE: 'off' }));
  const lib = await apiA.gql<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Multi', rootPath: root, kind: 'MOVIES' } });
  libraryId = lib.data!.createLibrary.id;
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  if (root) await rm(root, { recursive: true, force: true });
});

describe('job progress with several API processes', () => {
  it('a scan queued through one API streams to subscribers of another, live and replayed', async () => {
    const onB = follow(client(apiB), (r) => r.state === 'COMPLETED');
    const onA = follow(client(apiA.url), (r) => r.state === 'COMPLETED');
    await Promise.all([onB.subscribed, onA.subscribed]);

    const queued = await apiA.gql<{ scanLibrary: { id: string } }>(`mutation($l: ID!) { scanLibrary(libraryId: $l) { id } }`, { l: libraryId });
    const jobId = queued.data!.scanLibrary.id;
    const [seenB, seenA] = await Promise.all([onB.done, onA.done]);

    // The second API saw the job go from running to completed, with its progress, like the first.
    for (const seen of [seenB, seenA]) {
      expect(seen.every((r) => r.id === jobId && r.libraryId === libraryId)).toBe(true);
      expect(seen.map((r) => r.state)).toContain('ACTIVE');
      expect(seen.at(-1)).toMatchObject({ state: 'COMPLETED', done: 30, total: 30 });
    }

    // A late subscriber on the second API gets the job's progress replayed to its end.
    const replay = await new Promise<Array<{ state: string; done: number }>>((resolve, reject) => {
      const steps: Array<{ state: string; done: number }> = [];
      client(apiB).subscribe<{ jobProgress: { state: string; done: number } }>(
        { query: `subscription($id: ID!) { jobProgress(jobId: $id) { state done } }`, variables: { id: jobId } },
        { next: (msg) => (msg.errors ? reject(new Error(JSON.stringify(msg.errors))) : steps.push(msg.data!.jobProgress)), error: reject, complete: () => resolve(steps) },
      );
    });
    expect(replay.at(-1)).toMatchObject({ state: 'COMPLETED', done: 30 });
  });
});
