import { describe, expect, it } from 'vitest';
import { ensureQueues, holdingQueue } from '../src/infra/boss.js';
import { loadConfig } from '../src/infra/config.js';
import type { JobHandler, WorkerServices } from '../src/jobs/job-context.js';
import { JobName } from '../src/jobs/job-names.js';
import { jobKeys } from '../src/jobs/job-keys.js';
import { settleMergedRuns } from '../src/jobs/job-runs.js';
import { deadLetterQueue } from '../src/jobs/pipeline.js';
import { sendKeyed } from '../src/jobs/send-keyed.js';
import { startWorkers } from '../src/jobs/registry.js';
import { eventually } from './harness/marquee.js';
import { useJobParts } from './harness/job-parts.js';
import { useTestServices } from './harness/services.js';

// The phase queues on the real pg-boss and Postgres: how workers drain a backlog, and what the
// queue policies let through.
const services = useTestServices();
const jobs = useJobParts(services);

const jobStates = async (queue: string) =>
  Object.fromEntries((await jobs.db.query<{ state: string; n: number }>('select state, count(*)::int as n from pgboss.job where name = $1 group by state', [queue])).rows.map((r) => [r.state, r.n]));

describe('workers', () => {
  it('drain a backlog queued by one burst of sends, not one job per backstop poll', async () => {
    // The backstop poll is an hour: only NOTIFY (one for the whole insert) and the workers' own
    // re-fetch after each job can move the backlog. Before that re-fetch, each worker slot ran one
    // job per wake-up and slept the backstop interval after it, leaving the rest in `created`.
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, MARQUEE_REDIS_PREFIX: services.redisPrefix, MARQUEE_JOB_SUPERVISE_SECONDS: '3600' });
    const handled: string[] = [];
    const purge: JobHandler<{ n: number }> = async (data) => {
      handled.push(String(data.n));
      return { n: data.n };
    };
    const noop: JobHandler<never> = async () => ({});
    const workers = await startWorkers({
      boss: jobs.boss,
      services: { orm: jobs.orm, boss: jobs.boss, config } as WorkerServices,
      runs: jobs.runs,
      pubsub: jobs.pubsub,
      prefix: services.redisPrefix,
      logger: jobs.logger,
      handlers: { [JobName.ScanLibrary]: noop, [JobName.PurgeRecycleBin]: purge as JobHandler<never> },
    });
    try {
      const count = 12;
      await jobs.boss.insert(JobName.PurgeRecycleBin, Array.from({ length: count }, (_, n) => ({ data: { n } })));
      const done = await eventually(async () => ((await jobStates(JobName.PurgeRecycleBin)).completed === count ? true : undefined), `all ${count} purge jobs completed`, 300, 100).catch(() => false);
      expect({ done, states: await jobStates(JobName.PurgeRecycleBin) }).toEqual({ done: true, states: { completed: count } });
      expect(handled.sort()).toEqual(Array.from({ length: count }, (_, n) => String(n)).sort());
    } finally {
      await jobs.boss.offWork(JobName.PurgeRecycleBin);
      await jobs.boss.offWork(JobName.ScanLibrary);
      await workers.stop();
    }
  });
});

const TITLE = '5d1c6f0e-8c1a-4a57-9a43-6c2f1f0b7a11';
const OTHER = '0b0f5a1e-2c4d-4e6f-8a9b-1c2d3e4f5a6b';
const LIB = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const LIB2 = 'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

const pending = async (queue: string, key?: string) => (await jobs.boss.findJobs(queue, { ...(key ? { key } : {}), queued: true })).map((j) => ({ id: j.id, state: j.state, key: j.singletonKey, data: j.data as Record<string, unknown> }));
const enrich = (data: Record<string, unknown>) => sendKeyed(jobs.boss, JobName.EnrichMetadata, { titleId: TITLE, ...data }, { singletonKey: jobKeys.enrich(TITLE) });

describe('keyed phase queues (stately)', () => {
  it('pg-boss itself refuses a second queued job with the key', async () => {
    const first = await jobs.boss.send(JobName.EnrichMetadata, { titleId: OTHER }, { singletonKey: jobKeys.enrich(OTHER) });
    expect(first).toBeTruthy();
    expect(await jobs.boss.send(JobName.EnrichMetadata, { titleId: OTHER }, { singletonKey: jobKeys.enrich(OTHER) })).toBeNull();
    await jobs.boss.deleteJob(JobName.EnrichMetadata, first!);
  });

  it("enriching a title twice while one is queued leaves one job that does what both asked", async () => {
    const first = await enrich({ libraryId: LIB, changed: ['A/a.mkv'] });
    const second = await enrich({ libraryId: null, refresh: true });
    const third = await enrich({ libraryId: LIB2, changed: ['B/b.mkv'] });
    expect(first).toMatchObject({ merged: false });
    expect(second).toEqual({ id: first!.id, merged: true });
    expect(third).toEqual({ id: first!.id, merged: true });
    expect(await pending(JobName.EnrichMetadata, jobKeys.enrich(TITLE))).toEqual([
      { id: first!.id, state: 'created', key: jobKeys.enrich(TITLE), data: { titleId: TITLE, libraryId: LIB, refresh: true, changed: ['A/a.mkv'], changedIn: { [LIB2]: ['B/b.mkv'] } } },
    ]);
  });

  it('a request while the title is being enriched is queued behind it, and later ones join that', async () => {
    // A worker takes the queued job: the title may change after it read it, so a new request must
    // not be lost in the running job.
    const [taken] = await jobs.boss.fetch(JobName.EnrichMetadata, { batchSize: 1 });
    expect(taken?.data).toMatchObject({ titleId: TITLE });
    const during = await enrich({ libraryId: null });
    expect(during).toMatchObject({ merged: false });
    expect(during!.id).not.toBe(taken!.id);
    expect(await enrich({ libraryId: null, refresh: true })).toEqual({ id: during!.id, merged: true });
    expect(await jobStates(JobName.EnrichMetadata)).toMatchObject({ active: 1, created: 1 });
    // The queued one waits: pg-boss never jobs.runs two jobs of one key at a time.
    expect(await jobs.boss.fetch(JobName.EnrichMetadata, { batchSize: 1 })).toEqual([]);
    await jobs.boss.complete(JobName.EnrichMetadata, taken!.id);
    const [next] = await jobs.boss.fetch(JobName.EnrichMetadata, { batchSize: 1 });
    expect(next).toMatchObject({ id: during!.id, data: { titleId: TITLE, libraryId: null, refresh: true } });
    await jobs.boss.complete(JobName.EnrichMetadata, next!.id);
  });

  it("a title's job waiting for its running twin does not hold up the titles queued behind it", async () => {
    const [taken] = await (async () => {
      await enrich({ libraryId: null });
      return jobs.boss.fetch(JobName.EnrichMetadata, { batchSize: 1, groupConcurrency: 1 });
    })();
    const twin = await enrich({ libraryId: null, refresh: true });
    const other = await sendKeyed(jobs.boss, JobName.EnrichMetadata, { titleId: OTHER }, { singletonKey: jobKeys.enrich(OTHER) });
    // The twin is first in line but cannot start while its title jobs.runs; the worker takes the next.
    const [next] = await jobs.boss.fetch(JobName.EnrichMetadata, { batchSize: 1, groupConcurrency: 1 });
    expect(next?.id).toBe(other!.id);
    await jobs.boss.complete(JobName.EnrichMetadata, [taken!.id, next!.id]);
    const [last] = await jobs.boss.fetch(JobName.EnrichMetadata, { batchSize: 1, groupConcurrency: 1 });
    expect(last?.id).toBe(twin!.id);
    await jobs.boss.complete(JobName.EnrichMetadata, last!.id);
  });

  it('concurrent requests for one title merge without losing any', async () => {
    const paths = Array.from({ length: 12 }, (_, i) => `Show/S01E${String(i + 1).padStart(2, '0')}.mkv`);
    const sent = await Promise.all(paths.map((p) => enrich({ libraryId: LIB, changed: [p] })));
    expect(new Set(sent.map((x) => x!.id)).size).toBe(1);
    expect(sent.filter((x) => !x!.merged)).toHaveLength(1);
    const [job] = await pending(JobName.EnrichMetadata, jobKeys.enrich(TITLE));
    expect((job!.data.changed as string[]).sort()).toEqual(paths);
    await jobs.boss.deleteJob(JobName.EnrichMetadata, job!.id);
  });
});

describe('queue policy migration', () => {
  /** The enrich and parser-import queues as an install from before the policies left them. */
  async function oldInstall(): Promise<void> {
    for (const queue of [JobName.EnrichMetadata, JobName.ParserImport]) {
      await jobs.boss.deleteQueue(queue);
      await jobs.boss.createQueue(queue, { deadLetter: deadLetterQueue(queue), notify: true, retryLimit: 5, retryDelay: 30 });
    }
    expect((await jobs.boss.getQueue(JobName.EnrichMetadata))?.policy).toBe('standard');
  }

  it('moves every queued job into the recreated queue, one per key, and keeps schedules', async () => {
    await oldInstall();
    const ids = { a1: crypto.randomUUID(), a2: crypto.randomUUID(), b: crypto.randomUUID(), later: crypto.randomUUID(), running: crypto.randomUUID() };
    // One that failed and waits for its retry, two queued for one title (a standard queue let both
    // in; the older one without a key), one for another title, and one deferred.
    const fourth = '8c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f';
    await jobs.boss.send(JobName.EnrichMetadata, { titleId: fourth }, { id: ids.running, retryDelay: 600 });
    const [taken] = await jobs.boss.fetch(JobName.EnrichMetadata, { batchSize: 1 });
    expect(taken?.id).toBe(ids.running);
    await jobs.boss.fail(JobName.EnrichMetadata, ids.running, { message: 'provider down' });
    await jobs.boss.send(JobName.EnrichMetadata, { titleId: TITLE, libraryId: LIB, changed: ['A/a.mkv'] }, { id: ids.a1 });
    await jobs.boss.send(JobName.EnrichMetadata, { titleId: TITLE, libraryId: null, refresh: true }, { id: ids.a2, singletonKey: jobKeys.enrich(TITLE) });
    await jobs.boss.send(JobName.EnrichMetadata, { titleId: OTHER }, { id: ids.b, singletonKey: jobKeys.enrich(OTHER), priority: 5 });
    const later = new Date(Date.now() + 3_600_000);
    const third = '9c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f';
    await jobs.boss.send(JobName.EnrichMetadata, { titleId: third }, { id: ids.later, startAfter: later });
    expect(await jobStates(JobName.EnrichMetadata)).toEqual({ created: 4, retry: 1 });
    for (const id of [ids.a1, ids.a2, ids.b, ids.later, ids.running]) await jobs.runs.update(id, {}, { id, queue: JobName.EnrichMetadata, data: {} });
    await jobs.boss.schedule(JobName.ParserImport, '0 4 * * *', { schedule: 'nightly', source: 'marquee', location: '/x' }, { key: 'nightly', tz: 'UTC', singletonKey: jobKeys.parserImport('nightly') });

    const merged = await ensureQueues(jobs.boss);
    expect((await jobs.boss.getQueue(JobName.EnrichMetadata))?.policy).toBe('stately');
    expect((await jobs.boss.getQueue(JobName.ParserImport))?.policy).toBe('exclusive');
    expect(await jobs.boss.getQueue(holdingQueue(JobName.EnrichMetadata))).toBeNull();
    expect(merged).toEqual([{ id: ids.a2, queue: JobName.EnrichMetadata, into: ids.a1 }]);

    const after = new Map((await jobs.boss.findJobs(JobName.EnrichMetadata, { queued: true })).map((j) => [j.id, j]));
    expect([...after.keys()].sort()).toEqual([ids.a1, ids.b, ids.later, ids.running].sort());
    expect(after.get(ids.a1)).toMatchObject({ singletonKey: jobKeys.enrich(TITLE), data: { titleId: TITLE, libraryId: LIB, refresh: true, changed: ['A/a.mkv'] } });
    expect(after.get(ids.b)).toMatchObject({ singletonKey: jobKeys.enrich(OTHER), priority: 5 });
    expect(after.get(ids.later)!.startAfter.getTime()).toBe(later.getTime());
    expect(after.get(ids.running)).toMatchObject({ singletonKey: jobKeys.enrich(fourth), data: { titleId: fourth } });
    expect(after.get(ids.running)!.startAfter.getTime()).toBeGreaterThan(Date.now());
    // The recreated queue has its configuration and still deduplicates.
    expect(await jobs.boss.getQueue(JobName.EnrichMetadata)).toMatchObject({ deadLetter: deadLetterQueue(JobName.EnrichMetadata), notify: true, retryLimit: 5 });
    expect(await jobs.boss.send(JobName.EnrichMetadata, { titleId: OTHER }, { singletonKey: jobKeys.enrich(OTHER) })).toBeNull();
    expect((await jobs.boss.getSchedules(JobName.ParserImport)).map((x) => ({ key: x.key, cron: x.cron, data: x.data }))).toEqual([{ key: 'nightly', cron: '0 4 * * *', data: { schedule: 'nightly', source: 'marquee', location: '/x' } }]);

    await settleMergedRuns(jobs.runs, merged);
    const states = (await jobs.db.query<{ id: string; state: string; message: string }>('select id, state, message from job_run where id = any($1)', [[ids.a1, ids.a2]])).rows;
    expect(Object.fromEntries(states.map((r) => [r.id, r.state]))).toEqual({ [ids.a1]: 'CREATED', [ids.a2]: 'CANCELLED' });
    expect(states.find((r) => r.id === ids.a2)!.message).toContain(ids.a1);

    // A second start has nothing to migrate.
    expect(await ensureQueues(jobs.boss)).toEqual([]);
    await jobs.boss.deleteAllJobs(JobName.EnrichMetadata);
  });

  it('a start after a migration stopped half-way sends the parked jobs back', async () => {
    const holding = holdingQueue(JobName.EnrichMetadata);
    await jobs.boss.createQueue(holding);
    const parked = crypto.randomUUID();
    await jobs.boss.send(holding, { parked: { titleId: TITLE, libraryId: null }, createdOn: new Date().toISOString() }, { id: parked });
    expect(await ensureQueues(jobs.boss)).toEqual([]);
    expect(await jobs.boss.getQueue(holding)).toBeNull();
    expect((await pending(JobName.EnrichMetadata)).map((j) => ({ id: j.id, key: j.key }))).toEqual([{ id: parked, key: jobKeys.enrich(TITLE) }]);
  });

  it('waits for the next start while a job of the old queue still runs', async () => {
    await oldInstall();
    const id = (await jobs.boss.send(JobName.EnrichMetadata, { titleId: TITLE }))!;
    const [taken] = await jobs.boss.fetch(JobName.EnrichMetadata, { batchSize: 1 });
    expect(taken?.id).toBe(id);
    // No settle time (a process that does not supervise): the running job is left alone.
    expect(await ensureQueues(jobs.boss, null, { settleSeconds: 0 })).toEqual([]);
    expect((await jobs.boss.getQueue(JobName.EnrichMetadata))?.policy).toBe('standard');
    expect(await jobStates(JobName.EnrichMetadata)).toMatchObject({ active: 1 });
    await jobs.boss.complete(JobName.EnrichMetadata, id);
    await ensureQueues(jobs.boss);
    expect((await jobs.boss.getQueue(JobName.EnrichMetadata))?.policy).toBe('stately');
  });
});
