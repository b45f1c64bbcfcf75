import type { OutboxRecord } from '@marquee/read-models';
import { describe, expect, it } from 'vitest';
import { JobName } from '../jobs/job-names.js';
import { lifecycleEventsOf, memoryKeys, upgradeHintKey, wants, type StreamMemory } from './lifecycle.js';

let seq = 0;
/** An outbox row with only the fields the mapping reads filled in. */
const row = (type: string, aggregateId: string, payload: Record<string, unknown>): OutboxRecord =>
  ({ id: String(++seq), txId: '1', occurredAt: '2030-01-01T00:00:00.000Z', type, aggregateType: 'x', aggregateId, aggregateVersion: 1, payload }) as unknown as OutboxRecord;

function memory(): StreamMemory & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, get: (k) => values.get(k), set: (k, v) => void values.set(k, v) };
}

const title = (artwork: Array<{ kind: string; seasonNumber: number | null; url: string; selected: boolean }> = []) => ({ id: 't1', name: 'Akira', kind: 'MOVIE', year: 1988, artwork });
const file = (over: Record<string, unknown> = {}) => ({ id: 'f1', libraryId: 'l1', path: 'Akira (1988)/Akira.mkv', class: 'video', size: 100, modifiedAt: '2030-01-01T00:00:00.000Z', missingSince: null, match: { titleId: 't1' }, ...over });
const job = (state: string, over: Record<string, unknown> = {}) => ({ id: 'j1', queue: JobName.ScanLibrary, libraryId: 'l1', titleId: null, target: '/media/movies', attempt: 1, state, message: null, output: { files: 1 }, error: null, ...over });
const types = (rows: OutboxRecord[], m = memory()) => rows.flatMap((r) => lifecycleEventsOf(r, m).map((e) => e.type));

describe('lifecycle events of outbox rows', () => {
  it('maps title facts, and tells an artwork change from another edit', () => {
    const m = memory();
    const poster = { kind: 'poster', seasonNumber: null, url: 'https://img/1.jpg', selected: true };
    expect(types([row('TitleCreated', 't1', title([poster]))], m)).toEqual(['title.added']);
    expect(types([row('TitleUpdated', 't1', title([poster]))], m)).toEqual(['title.updated']);
    const changed = lifecycleEventsOf(row('TitleUpdated', 't1', title([{ ...poster, url: 'https://img/2.jpg' }])), m);
    expect(changed.map((e) => e.type)).toEqual(['title.updated', 'artwork.changed']);
    expect(changed[1]!.id).toBe(`${changed[0]!.id}.1`);
    expect(types([row('TitleDeleted', 't1', title()), row('TitlePurged', 't1', { id: 't1' })], m)).toEqual(['title.deleted', 'title.deleted']);
  });

  it('follows a file: imported, unchanged, upgraded, renamed, missing once, restored', () => {
    const m = memory();
    const first = lifecycleEventsOf(row('MediaFileChanged', 'f1', file()), m);
    expect(first).toEqual([expect.objectContaining({ type: 'file.imported', libraryId: 'l1', titleId: 't1', fileId: 'f1', path: 'Akira (1988)/Akira.mkv' })]);
    expect(types([row('MediaFileChanged', 'f1', file())], m)).toEqual([]);
    expect(types([row('MediaFileChanged', 'f1', file({ size: 200 }))], m)).toEqual(['file.upgraded']);
    const renamed = lifecycleEventsOf(row('MediaFileChanged', 'f1', file({ size: 200, path: 'Akira (1988)/Akira (1988).mkv' })), m);
    expect(renamed.map((e) => [e.type, e.data.previousPath])).toEqual([['file.renamed', 'Akira (1988)/Akira.mkv']]);
    const gone = file({ size: 200, path: 'Akira (1988)/Akira (1988).mkv', missingSince: '2030-01-02T00:00:00.000Z' });
    expect(types([row('MediaFileChanged', 'f1', gone), row('MediaFileChanged', 'f1', gone)], m)).toEqual(['file.missing']);
    const back = lifecycleEventsOf(row('MediaFileChanged', 'f1', { ...gone, missingSince: null }), m);
    expect(back.map((e) => [e.type, e.data.restored])).toEqual([['file.imported', true]]);
  });

  it('turns a new file an *arr webhook announced as an upgrade into file.upgraded, once', () => {
    const m = memory();
    const hint = upgradeHintKey('l1', 'Akira (1988)/Akira.mkv');
    m.set(hint, 'upgrade');
    expect(memoryKeys([row('MediaFileChanged', 'f1', file())])).toContain(hint);
    expect(types([row('MediaFileChanged', 'f1', file())], m)).toEqual(['file.upgraded']);
    expect(m.get(hint)).toBe('used');
    expect(types([row('MediaFileChanged', 'f2', file({ id: 'f2' }))], m)).toEqual(['file.imported']);
  });

  it('maps job runs to phase events (scan.finished beside a finished scan) and keeps the notify queue quiet', () => {
    expect(types([row('JobRunChanged', 'j1', job('ACTIVE', { message: 'Started' }))])).toEqual(['phase.started']);
    expect(types([row('JobRunChanged', 'j1', job('ACTIVE', { message: 'Scanning 3 of 9' }))])).toEqual([]);
    expect(types([row('JobRunChanged', 'j1', job('COMPLETED'))])).toEqual(['phase.finished', 'scan.finished']);
    expect(types([row('JobRunChanged', 'j2', job('COMPLETED', { queue: JobName.SyncPlayers }))])).toEqual(['phase.finished']);
    expect(types([row('JobRunChanged', 'j3', job('FAILED', { error: 'boom' }))])).toEqual(['phase.failed']);
    expect(types([row('JobRunChanged', 'j4', job('FAILED', { queue: JobName.Notify }))])).toEqual([]);
  });

  it('passes raised facts of known types through and drops unknown ones and bookkeeping rows', () => {
    const raised = lifecycleEventsOf(row('LifecycleRaised', 'radarr:Radarr', { type: 'health.changed', data: { source: 'radarr', healthy: false } }), memory());
    expect(raised).toEqual([expect.objectContaining({ type: 'health.changed', libraryId: null, data: { source: 'radarr', healthy: false } })]);
    expect(types([row('LifecycleRaised', 'x', { type: 'made.up', data: {} })])).toEqual([]);
    expect(types([row('NotificationDeliveryChanged', 'd1', { id: 'd1' })])).toEqual([]);
  });

  it('filters: an empty target filter takes every type', () => {
    expect(wants([], 'file.imported')).toBe(true);
    expect(wants(['file.imported'], 'file.imported')).toBe(true);
    expect(wants(['file.imported'], 'file.missing')).toBe(false);
  });
});
