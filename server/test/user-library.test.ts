import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, useMarquee } from './harness/marquee.js';
import { makeMediaLibrary } from './harness/media-library.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'worker', 'projector']);

type Gql = Awaited<ReturnType<typeof marquee.gql>>;
let root: string;
let libraryId: string;
let asBob: Record<string, string>;

async function ok<T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T> {
  const res = await marquee.gql<T>(query, variables, headers);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}
const code = (res: Gql) => res.errors?.[0]?.extensions?.code;

const STATE = `titleId status favourite rating notes version progress { seasonNumber episodeNumber position duration updatedAt } history { id seasonNumber episodeNumber watchedAt source }`;
interface State {
  titleId: string;
  status: string | null;
  favourite: boolean;
  rating: number | null;
  notes: string | null;
  version: number;
  progress: Array<{ seasonNumber: number | null; episodeNumber: number | null; position: number; duration: number; updatedAt: string }>;
  history: Array<{ id: string; seasonNumber: number | null; episodeNumber: number | null; watchedAt: string; source: string }>;
}

/** The read model of the admin's state about a title once it reaches `version`. */
function myState(titleId: string, minVersion: number, headers?: Record<string, string>): Promise<State> {
  return eventually(async () => {
    const res = await marquee.gql<{ myTitleState: State | null }>(`query($t: ID!) { myTitleState(titleId: $t) { ${STATE} } }`, { t: titleId }, headers);
    const s = res.data?.myTitleState;
    return s && s.version >= minVersion ? s : undefined;
  }, `state of ${titleId} at version ${minVersion}`);
}

async function createTitle(kind: string, name: string, year: number): Promise<string> {
  return (await ok<{ createTitle: { id: string } }>(`mutation($i: CreateTitleInput!) { createTitle(input: $i) { id } }`, { i: { kind, name, year } })).createTitle.id;
}

async function scan(): Promise<void> {
  const { scanLibrary } = await ok<{ scanLibrary: { id: string } }>(`mutation($l: ID!) { scanLibrary(libraryId: $l) { id } }`, { l: libraryId });
  await eventually(async () => {
    const res = await marquee.gql<{ jobRun: { state: string; error: string | null } }>(`query($id: ID!) { jobRun(id: $id) { state error } }`, { id: scanLibrary.id });
    if (res.data?.jobRun.state === 'FAILED') throw new Error(res.data.jobRun.error ?? 'scan failed');
    return res.data?.jobRun.state === 'COMPLETED' ? true : undefined;
  }, 'scan', 600);
}

async function filesOf(titleId: string): Promise<Array<{ id: string; path: string }>> {
  const res = await ok<{ title: { files: Array<{ id: string; path: string }> } }>(`query($id: ID!) { title(id: $id) { files { id path } } }`, { id: titleId });
  return res.title.files;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'marquee-userlib-'));
  await makeMediaLibrary(root, [{ path: 'Movies/Heat (1995)/Heat (1995) - 720p.mkv', source: { clip: 'feature-mkv' }, expect: { class: 'video', title: 'Heat', year: 1995 } }]);
  libraryId = (await ok<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Movies', rootPath: root, kind: 'MOVIES' } })).createLibrary.id;
  await ok(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username: 'bob', password: 'bob password 123', role: 'MEMBER' } });
  const login = await marquee.gql<{ login: { accessToken: string } }>(`mutation($i: Credentials!) { login(input: $i) { accessToken } }`, { i: { username: 'bob', password: 'bob password 123' } }, {}, { anonymous: true });
  asBob = { authorization: `Bearer ${login.data!.login.accessToken}` };
}, 120_000);

afterAll(() => rm(root, { recursive: true, force: true }));

describe('per-user state', () => {
  it('sets status, favourite, rating and notes, and reads them back from the read model', async () => {
    const id = await createTitle('MOVIE', 'Ronin', 1998);
    const set = await ok<{ setTitleState: State }>(`mutation($i: SetTitleStateInput!) { setTitleState(input: $i) { ${STATE} } }`, {
      i: { titleId: id, status: 'PLANNED', favourite: true, rating: 8, notes: ' rewatch with the commentary ' },
    });
    expect(set.setTitleState).toMatchObject({ status: 'PLANNED', favourite: true, rating: 8, notes: 'rewatch with the commentary' });
    await myState(id, set.setTitleState.version);
    const shelf = await eventually(async () => {
      const res = await ok<{ myLibrary: { totalCount: number; edges: Array<{ node: { titleId: string; title: { name: string } } }> } }>(
        `{ myLibrary(status: PLANNED) { totalCount edges { node { titleId title { name } } } } }`,
      );
      return res.myLibrary.totalCount === 1 ? res.myLibrary : undefined;
    }, 'planned shelf');
    expect(shelf.edges[0]!.node.title.name).toBe('Ronin');
    const rated = await ok<{ myLibrary: { totalCount: number } }>(`{ myLibrary(rated: true) { totalCount } }`);
    expect(rated.myLibrary.totalCount).toBe(1);
    // Bob has his own library: nothing of the admin's shows.
    expect((await ok<{ myTitleState: State | null }>(`query($t: ID!) { myTitleState(titleId: $t) { titleId } }`, { t: id }, asBob)).myTitleState).toBeNull();
  });

  it('refuses bad input with the field and unknown titles with NOT_FOUND', async () => {
    const id = await createTitle('MOVIE', 'Collateral', 2004);
    const bad = await marquee.gql(`mutation($i: SetTitleStateInput!) { setTitleState(input: $i) { titleId } }`, { i: { titleId: id, rating: 11 } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rating' });
    const half = await marquee.gql(`mutation($i: ReportProgressInput!) { reportProgress(input: $i) { titleId } }`, { i: { titleId: id, seasonNumber: 1, position: 1, duration: 10 } });
    expect(half.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'episodeNumber' });
    const missing = await marquee.gql(`mutation($i: MarkWatchedInput!) { markWatched(input: $i) { titleId } }`, { i: { titleId: '00000000-0000-4000-8000-000000000000' } });
    expect(code(missing)).toBe('NOT_FOUND');
    const anon = await marquee.gql(`{ continueWatching { titleId } }`, {}, {}, { anonymous: true });
    expect(code(anon)).toBe('UNAUTHENTICATED');
  });

  it('two devices writing progress converge on the newest report, whatever order they arrive in', async () => {
    const id = await createTitle('SERIES', 'The Wire', 2002);
    const report = (position: number, updatedAt: string) =>
      marquee.gql(`mutation($i: ReportProgressInput!) { reportProgress(input: $i) { version } }`, { i: { titleId: id, seasonNumber: 1, episodeNumber: 3, position, duration: 3600, updatedAt } });
    const base = Date.now() - 60 * 60_000;
    const at = (min: number) => new Date(base + min * 60_000).toISOString();
    // Phone and TV report at the same time, interleaved, with their own clocks; the TV's last report is newest.
    const phone = [report(100, at(1)), report(400, at(3)), report(700, at(5))];
    const tv = [report(1500, at(6)), report(200, at(2)), report(900, at(4))];
    const results = await Promise.all([...phone, ...tv]);
    expect(results.every((r) => !r.errors)).toBe(true);
    // A stale report arriving last changes nothing.
    await report(50, at(0));
    const versions = results.map((r) => (r.data as { reportProgress: { version: number } }).reportProgress.version);
    const s = await myState(id, Math.max(...versions));
    expect(s.progress).toEqual([{ seasonNumber: 1, episodeNumber: 3, position: 1500, duration: 3600, updatedAt: at(6) }]);
    expect(s.status).toBe('WATCHING');
    const cw = await eventually(async () => {
      const res = await ok<{ continueWatching: Array<{ titleId: string }> }>(`{ continueWatching { titleId } }`);
      return res.continueWatching.some((c) => c.titleId === id) ? res.continueWatching : undefined;
    }, 'continue watching');
    expect(cw[0]!.titleId).toBe(id);
  });

  it('finishing an episode records history and offers the next episode as up next', async () => {
    const id = await createTitle('SERIES', 'Andor', 2022);
    await ok(`mutation($id: ID!, $s: [SeasonInput!]!) { upsertSeasons(titleId: $id, seasons: $s) { id } }`, {
      id,
      s: [{ number: 1, episodes: [{ number: 1, name: 'Kassa' }, { number: 2, name: 'That Would Be Me' }] }, { number: 2, episodes: [{ number: 1, name: 'One Year Later' }] }],
    });
    const done = await ok<{ reportProgress: State }>(`mutation($i: ReportProgressInput!) { reportProgress(input: $i) { ${STATE} } }`, {
      i: { titleId: id, seasonNumber: 1, episodeNumber: 2, position: 2350, duration: 2400 },
    });
    expect(done.reportProgress.history).toEqual([expect.objectContaining({ seasonNumber: 1, episodeNumber: 2, source: 'PLAYBACK' })]);
    const next = await eventually(async () => {
      const res = await ok<{ upNext: Array<{ titleId: string; seasonNumber: number; episodeNumber: number; episodeName: string | null }> }>(`{ upNext { titleId seasonNumber episodeNumber episodeName } }`);
      return res.upNext.find((u) => u.titleId === id);
    }, 'up next');
    expect(next).toMatchObject({ seasonNumber: 2, episodeNumber: 1, episodeName: 'One Year Later' });
    const history = await eventually(async () => {
      const res = await ok<{ watchHistory: { edges: Array<{ node: { titleId: string; entry: { episodeNumber: number } } }> } }>(`{ watchHistory(first: 10) { edges { node { titleId entry { episodeNumber } } } } }`);
      return res.watchHistory.edges.find((e) => e.node.titleId === id);
    }, 'history');
    expect(history.node.entry.episodeNumber).toBe(2);
  });

  it('state stays with the title when its file is upgraded and renamed', async () => {
    const heat = await createTitle('MOVIE', 'Heat', 1995);
    await scan();
    const [before] = await eventually(async () => {
      const f = await filesOf(heat);
      return f.length === 1 ? f : undefined;
    }, 'the 720p file matched');
    await ok(`mutation($i: ReportProgressInput!) { reportProgress(input: $i) { version } }`, { i: { titleId: heat, position: 3000, duration: 10000 } });
    await ok(`mutation($i: SetTitleStateInput!) { setTitleState(input: $i) { version } }`, { i: { titleId: heat, rating: 9 } });
    const saved = await myState(heat, 3);
    // The upgrade: the 720p file is replaced by a 2160p one under another name.
    await unlink(path.join(root, before!.path));
    await makeMediaLibrary(root, [{ path: 'Movies/Heat (1995)/Heat (1995) - 2160p.mkv', source: { clip: 'hdr-mkv' }, expect: { class: 'video', title: 'Heat', year: 1995 } }]);
    await scan();
    const after = await eventually(async () => {
      const f = await filesOf(heat);
      return f.some((x) => x.path.endsWith('2160p.mkv')) ? f : undefined;
    }, 'the 2160p file matched');
    expect(after.find((x) => x.path.endsWith('2160p.mkv'))!.id).not.toBe(before!.id);
    const now = await myState(heat, saved.version);
    expect(now).toMatchObject({ rating: 9, progress: [expect.objectContaining({ position: 3000, duration: 10000 })] });
  }, 120_000);

  it('state and list entries follow a title merge, each part from its latest change', async () => {
    const target = await createTitle('MOVIE', 'Alien', 1979);
    const source = await createTitle('MOVIE', 'Alien (Director’s Cut)', 1979);
    const t0 = Date.now() - 10 * 60_000;
    const iso = (min: number) => new Date(t0 + min * 60_000).toISOString();
    await ok(`mutation($i: SetTitleStateInput!) { setTitleState(input: $i) { version } }`, { i: { titleId: target, status: 'PLANNED', rating: 6, at: iso(1) } });
    await ok(`mutation($i: SetTitleStateInput!) { setTitleState(input: $i) { version } }`, { i: { titleId: source, status: 'COMPLETED', notes: 'the long one', at: iso(2) } });
    await ok(`mutation($i: MarkWatchedInput!) { markWatched(input: $i) { version } }`, { i: { titleId: source, watchedAt: iso(3) } });
    // Bob only knows the source title; his state must move whole.
    await ok(`mutation($i: SetTitleStateInput!) { setTitleState(input: $i) { version } }`, { i: { titleId: source, favourite: true } }, asBob);
    const list = (await ok<{ createList: { id: string } }>(`mutation { createList(input: { name: "Space horror" }) { id } }`, {}, asBob)).createList.id;
    await ok(`mutation($i: AddListEntryInput!) { addListEntry(input: $i) { version } }`, { i: { listId: list, titleId: source, note: 'in space no one can hear you scream' } }, asBob);

    await ok(`mutation($t: ID!, $s: ID!) { mergeTitles(targetId: $t, sourceId: $s) { id } }`, { t: target, s: source });

    const merged = await eventually(async () => {
      const res = await marquee.gql<{ myTitleState: State | null }>(`query($t: ID!) { myTitleState(titleId: $t) { ${STATE} } }`, { t: target });
      return res.data?.myTitleState?.history.length ? res.data.myTitleState : undefined;
    }, 'merged state');
    expect(merged).toMatchObject({ status: 'COMPLETED', rating: 6, notes: 'the long one', history: [expect.objectContaining({ watchedAt: iso(3) })] });
    const gone = await eventually(async () => {
      const res = await ok<{ myTitleState: State | null }>(`query($t: ID!) { myTitleState(titleId: $t) { titleId } }`, { t: source });
      return res.myTitleState === null ? true : undefined;
    }, 'source state removed');
    expect(gone).toBe(true);
    const bobs = await myState(target, 1, asBob);
    expect(bobs.favourite).toBe(true);
    const bobList = await eventually(async () => {
      const res = await ok<{ myList: { entries: Array<{ titleId: string; note: string | null; title: { name: string } | null }> } }>(
        `query($id: ID!) { myList(id: $id) { entries { titleId note title { name } } } }`,
        { id: list },
        asBob,
      );
      return res.myList.entries[0]?.titleId === target ? res.myList : undefined;
    }, 'list entry follows the merge');
    expect(bobList.entries).toEqual([{ titleId: target, note: 'in space no one can hear you scream', title: { name: 'Alien' } }]);
  });

  it('exports the whole state as JSON', async () => {
    const res = await ok<{ exportMyState: { format: string; titles: Array<{ titleId: string; title: { name: string } | null; history: unknown[] }>; lists: unknown[] } }>(`{ exportMyState }`);
    expect(res.exportMyState.format).toBe('marquee-user-state');
    expect(res.exportMyState.titles.map((t) => t.title?.name)).toEqual(expect.arrayContaining(['Ronin', 'The Wire', 'Heat', 'Alien']));
    expect(JSON.stringify(res.exportMyState)).not.toContain('userId');
  });
});

describe('lists', () => {
  const LIST = `id name visibility slug version sections { id name } entries { id titleId sectionId note }`;
  interface List {
    id: string;
    name: string;
    visibility: string;
    slug: string;
    version: number;
    sections: Array<{ id: string; name: string }>;
    entries: Array<{ id: string; titleId: string; sectionId: string | null; note: string | null }>;
  }
  let list: List;
  let titles: string[];
  const publicList = (slug: string, headers: Record<string, string> = {}, anonymous = true) =>
    marquee.gql<{ publicList: Record<string, unknown> }>(
      `query($s: String!) { publicList(slug: $s) { slug name ownerName visibility sections { id name } entries { id sectionId note title { id name year } } } }`,
      { s: slug },
      headers,
      { anonymous },
    );

  it('builds a menu with courses: sections, entries with notes, reorder and moves', async () => {
    titles = [await createTitle('MOVIE', 'Amélie', 2001), await createTitle('MOVIE', 'Ratatouille', 2007), await createTitle('MOVIE', 'Chef', 2014)];
    list = (await ok<{ createList: List }>(`mutation { createList(input: { name: "Dinner and a movie", description: "Food films" }) { ${LIST} } }`)).createList;
    expect(list).toMatchObject({ visibility: 'PRIVATE', version: 1 });
    const add = (input: Record<string, unknown>) => ok<{ addListEntry: List }>(`mutation($i: AddListEntryInput!) { addListEntry(input: $i) { ${LIST} } }`, { i: { listId: list.id, ...input } });
    list = (await ok<{ addListSection: List }>(`mutation($i: AddListSectionInput!) { addListSection(input: $i) { ${LIST} } }`, { i: { listId: list.id, name: 'Starter' } })).addListSection;
    list = (await ok<{ addListSection: List }>(`mutation($i: AddListSectionInput!) { addListSection(input: $i) { ${LIST} } }`, { i: { listId: list.id, name: 'Main' } })).addListSection;
    const [starter, main] = list.sections;
    list = (await add({ titleId: titles[0], sectionId: starter!.id, note: 'light' })).addListEntry;
    list = (await add({ titleId: titles[1], sectionId: main!.id })).addListEntry;
    list = (await add({ titleId: titles[2], sectionId: starter!.id, index: 0 })).addListEntry;
    expect(list.entries.map((e) => e.titleId)).toEqual([titles[2], titles[0], titles[1]]);
    const dup = await marquee.gql(`mutation($i: AddListEntryInput!) { addListEntry(input: $i) { id } }`, { i: { listId: list.id, titleId: titles[0] } });
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'titleId' });
    // Drag and drop: Chef moves to the main course, sections swap.
    const arranged = await ok<{ arrangeList: List }>(`mutation($i: ArrangeListInput!) { arrangeList(input: $i) { ${LIST} } }`, {
      i: {
        listId: list.id,
        expectedVersion: list.version,
        sectionIds: [main!.id, starter!.id],
        entries: [
          { entryId: list.entries[1]!.id, sectionId: starter!.id },
          { entryId: list.entries[2]!.id, sectionId: main!.id },
          { entryId: list.entries[0]!.id, sectionId: main!.id },
        ],
      },
    });
    expect(arranged.arrangeList.sections.map((s) => s.name)).toEqual(['Main', 'Starter']);
    expect(arranged.arrangeList.entries.map((e) => [e.titleId, e.sectionId])).toEqual([
      [titles[1], main!.id],
      [titles[2], main!.id],
      [titles[0], starter!.id],
    ]);
    const stale = await marquee.gql(`mutation($i: UpdateListInput!) { updateList(input: $i) { id } }`, { i: { id: list.id, expectedVersion: list.version, name: 'x' } });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    const partial = await marquee.gql(`mutation($i: ArrangeListInput!) { arrangeList(input: $i) { id } }`, { i: { listId: list.id, sectionIds: [main!.id, starter!.id], entries: [] } });
    expect(partial.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'entries' });
    list = arranged.arrangeList;
  });

  it('a private list is never readable by another user or anonymously', async () => {
    await eventually(async () => ((await ok<{ myLists: Array<{ id: string }> }>(`{ myLists { id } }`)).myLists.some((l) => l.id === list.id) ? true : undefined), 'my lists');
    expect(code(await publicList(list.slug))).toBe('NOT_FOUND');
    expect(code(await publicList(list.slug, asBob, false))).toBe('NOT_FOUND');
    expect(code(await marquee.gql(`query($id: ID!) { myList(id: $id) { id } }`, { id: list.id }, asBob))).toBe('NOT_FOUND');
    expect(code(await marquee.gql(`query($id: ID!) { myList(id: $id) { id } }`, { id: list.id }, {}, { anonymous: true }))).toBe('UNAUTHENTICATED');
    const edit = await marquee.gql(`mutation($i: UpdateListInput!) { updateList(input: $i) { id } }`, { i: { id: list.id, name: 'mine now' } }, asBob);
    expect(code(edit)).toBe('NOT_FOUND');
    expect(code(await marquee.gql(`mutation($s: String!) { forkList(slug: $s) { id } }`, { s: list.slug }, asBob))).toBe('NOT_FOUND');
    const pub = await ok<{ publicLists: { edges: Array<{ node: { slug: string } }> } }>(`{ publicLists { edges { node { slug } } } }`, {}, asBob);
    expect(pub.publicLists.edges.some((e) => e.node.slug === list.slug)).toBe(false);
  });

  it('a public list reads without an account at its slug and shows no owner ids', async () => {
    await ok(`mutation($i: UpdateListInput!) { updateList(input: $i) { id } }`, { i: { id: list.id, visibility: 'PUBLIC' } });
    const res = await eventually(async () => {
      const r = await publicList(list.slug);
      return r.data ? r : undefined;
    }, 'public list');
    expect(res.data!.publicList).toMatchObject({ name: 'Dinner and a movie', ownerName: 'admin', visibility: 'PUBLIC', sections: [{ name: 'Main' }, { name: 'Starter' }] });
    const raw = JSON.stringify(res);
    const adminId = (await ok<{ me: { id: string } }>(`{ me { id } }`)).me.id;
    expect(raw).not.toContain(adminId);
    expect(raw).not.toContain(list.id);
    // The type itself has no owner id to ask for.
    const probe = await marquee.gql(`query($s: String!) { publicList(slug: $s) { ownerId } }`, { s: list.slug }, {}, { anonymous: true });
    expect(probe.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('another user forks a public list; revoking a link makes it NOT_FOUND at once', async () => {
    const fork = await ok<{ forkList: List & { forkedFromSlug: string } }>(`mutation($s: String!) { forkList(slug: $s) { ${LIST} forkedFromSlug } }`, { s: list.slug }, asBob);
    expect(fork.forkList).toMatchObject({ name: 'Dinner and a movie', visibility: 'PRIVATE', forkedFromSlug: list.slug });
    expect(fork.forkList.entries.map((e) => e.titleId)).toEqual(list.entries.map((e) => e.titleId));
    expect(fork.forkList.sections.map((s) => s.id)).not.toContain(list.sections[0]!.id);

    const revoked = await ok<{ revokeListLink: List }>(`mutation($id: ID!) { revokeListLink(id: $id) { ${LIST} } }`, { id: list.id });
    // No waiting for the projector: the old link is gone the moment the mutation answers.
    expect(code(await publicList(list.slug))).toBe('NOT_FOUND');
    expect(revoked.revokeListLink.slug).not.toBe(list.slug);
    await eventually(async () => ((await publicList(revoked.revokeListLink.slug)).data ? true : undefined), 'new link');
    // Making it private stops the new link at once too.
    await ok(`mutation($i: UpdateListInput!) { updateList(input: $i) { id } }`, { i: { id: list.id, visibility: 'PRIVATE' } });
    expect(code(await publicList(revoked.revokeListLink.slug))).toBe('NOT_FOUND');
  });
});
