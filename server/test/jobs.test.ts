import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'worker']);
let root: string;
let outside: string;
let ws: Client;
let libraryId: string;

interface Progress {
  jobId: string;
  state: string;
  done: number;
  total: number;
  message: string | null;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'marquee-lib-'));
  outside = await mkdtemp(path.join(tmpdir(), 'marquee-outside-'));
  await mkdir(path.join(root, 'The Matrix (1999)'));
  await writeFile(path.join(root, 'The Matrix (1999)', 'The Matrix (1999).mkv'), 'x');
  await writeFile(path.join(root, 'The Matrix (1999)', 'The Matrix (1999).en.srt'), 'x');
  await writeFile(path.join(root, 'The Matrix (1999)', 'movie.nfo'), '<movie/>');
  await writeFile(path.join(root, 'The Matrix (1999)', 'poster.jpg'), 'x');
  for (let i = 0; i < 20; i++) await writeFile(path.join(root, `extra-${i}.txt`), 'x');
  for (let i = 0; i < 5; i++) await writeFile(path.join(outside, `secret-${i}.mkv`), 'x');
  // A link leading out of the library must not be followed.
  await symlink(outside, path.join(root, 'escape'));
  const lib = await marquee.gql<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Jobs', rootPath: root, kind: 'MOVIES' } });
  libraryId = lib.data!.createLibrary.id;
  ws = createClient({ url: marquee.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, connectionParams: { authorization: `Bearer ${marquee.adminToken}` } });
});

afterAll(async () => {
  await ws?.dispose();
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

function follow(jobId: string): Promise<Progress[]> {
  return new Promise((resolve, reject) => {
    const steps: Progress[] = [];
    ws.subscribe<{ jobProgress: Progress }>(
      { query: `subscription($id: ID!) { jobProgress(jobId: $id) { jobId state done total message } }`, variables: { id: jobId } },
      {
        next: (msg) => (msg.errors ? reject(new Error(JSON.stringify(msg.errors))) : steps.push(msg.data!.jobProgress)),
        error: reject,
        complete: () => resolve(steps),
      },
    );
  });
}

describe('scan-library job', () => {
  it('reports each step over graphql-ws and completes the subscription', async () => {
    const res = await marquee.gql<{ scanLibrary: { id: string; queue: string } }>(
      `mutation($l: ID!) { scanLibrary(libraryId: $l) { id queue } }`,
      { l: libraryId },
    );
    expect(res.errors).toBeUndefined();
    const { id, queue } = res.data!.scanLibrary;
    expect(queue).toBe('scan-library');

    const steps = await follow(id);
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(steps.every((s) => s.jobId === id)).toBe(true);
    const last = steps[steps.length - 1]!;
    expect(last.state).toBe('COMPLETED');
    // 24 regular files (and the probe of the one video); the symlinked folder outside the root is not walked.
    expect(last.total).toBe(25);
    expect(last.done).toBe(25);
    expect(steps.some((s) => s.state === 'ACTIVE')).toBe(true);
    // Progress never goes backwards.
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.done).toBeGreaterThanOrEqual(steps[i - 1]!.done);
    expect(steps.map((s) => s.message).join(' ')).not.toContain('secret');
  });

  it('a late subscriber replays every step from the start and completes', async () => {
    const res = await marquee.gql<{ scanLibrary: { id: string } }>(`mutation($l: ID!) { scanLibrary(libraryId: $l) { id } }`, { l: libraryId });
    const id = res.data!.scanLibrary.id;
    await follow(id);
    const again = await follow(id);
    expect(again[0]!.state).toBe('CREATED');
    expect(again[again.length - 1]!.state).toBe('COMPLETED');
  });

  it('an unknown job is NOT_FOUND', async () => {
    await expect(follow('00000000-0000-4000-8000-000000000001')).rejects.toThrow(/NOT_FOUND/);
  });

  it.each([
    ['relative/path', /absolute/],
    ['/definitely/not/here', /does not exist/],
  ])('refuses a library root %s', async (p, message) => {
    const res = await marquee.gql(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Bad', rootPath: p, kind: 'MOVIES' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rootPath' });
    expect(res.errors?.[0]?.message).toMatch(message);
  });

  it('refuses a file as a library root', async () => {
    const res = await marquee.gql(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Bad', rootPath: path.join(root, 'extra-1.txt'), kind: 'MOVIES' } });
    expect(res.errors?.[0]?.message).toMatch(/not a directory/);
  });

  it('refuses a root inside or around another library', async () => {
    for (const p of [path.join(root, 'The Matrix (1999)'), path.dirname(root)]) {
      const res = await marquee.gql(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Overlap', rootPath: p, kind: 'MOVIES' } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'rootPath' });
    }
  });

  it('refuses a scan path outside the library', async () => {
    const res = await marquee.gql(`mutation($l: ID!, $p: String) { scanLibrary(libraryId: $l, path: $p) { id } }`, { l: libraryId, p: '../../etc' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
    const byPath = await marquee.gql(`mutation($p: String!) { scanPath(path: $p) { id } }`, { p: path.join(outside, 'secret-1.mkv') });
    expect(byPath.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
    const viaLink = await marquee.gql(`mutation($p: String!) { scanPath(path: $p) { id } }`, { p: path.join(root, 'escape', 'secret-1.mkv') });
    expect(viaLink.errors?.[0]?.message).toMatch(/outside the library root/);
  });
});
