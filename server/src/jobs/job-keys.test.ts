import { describe, expect, it } from 'vitest';
import { jobKeys, keyOf, mergeEnrich, mergePublish, mergeVerify } from './job-keys.js';
import { JobName } from './job-names.js';
import { pipeline } from './pipeline.js';

const T = 'title-1';

describe('mergeEnrich', () => {
  it.each([
    ['a refresh asked by either wins', { titleId: T, libraryId: null }, { titleId: T, libraryId: null, refresh: true }, { titleId: T, libraryId: null, refresh: true }],
    ['a user request joins a scan of one library: its changes stay', { titleId: T, libraryId: 'L1', changed: ['a'] }, { titleId: T, libraryId: null, refresh: false }, { titleId: T, libraryId: 'L1', changed: ['a'] }],
    ['a scan joins a user request: the job takes its library and changes', { titleId: T, libraryId: null }, { titleId: T, libraryId: 'L1', changed: ['a'] }, { titleId: T, libraryId: 'L1', changed: ['a'] }],
    ['two scans of one library unite their changes', { titleId: T, libraryId: 'L1', changed: ['a', 'b'] }, { titleId: T, libraryId: 'L1', changed: ['b', 'c'] }, { titleId: T, libraryId: 'L1', changed: ['a', 'b', 'c'] }],
    ["another library's changes are kept as its own", { titleId: T, libraryId: 'L1', changed: ['a'] }, { titleId: T, libraryId: 'L2', changed: ['x'] }, { titleId: T, libraryId: 'L1', changed: ['a'], changedIn: { L2: ['x'] } }],
    ['merged jobs merge again', { titleId: T, libraryId: 'L1', changedIn: { L2: ['x'] } }, { titleId: T, libraryId: 'L2', changed: ['y'] }, { titleId: T, libraryId: 'L1', changedIn: { L2: ['x', 'y'] } }],
  ])('%s', (_, queued, next, merged) => {
    expect(mergeEnrich(queued, next)).toEqual(merged);
  });

  it('is idempotent: the same request again changes nothing', () => {
    const queued = mergeEnrich({ titleId: T, libraryId: 'L1', changed: ['a'] }, { titleId: T, libraryId: 'L2', changed: ['x'], refresh: true });
    expect(mergeEnrich(queued, { titleId: T, libraryId: 'L2', changed: ['x'], refresh: true })).toEqual(queued);
  });
});

describe('mergePublish and mergeVerify', () => {
  it('unite changed paths, and restore edits when either asked', () => {
    expect(mergePublish({ libraryId: 'L', titleId: T }, { libraryId: 'L', titleId: T, changed: ['a'] })).toEqual({ libraryId: 'L', titleId: T, changed: ['a'] });
    expect(mergeVerify({ libraryId: null, mode: 'verify' }, { libraryId: null, mode: 'verify', restoreEdited: true })).toEqual({ libraryId: null, mode: 'verify', restoreEdited: true });
  });
});

describe('keys', () => {
  it.each([
    [JobName.EnrichMetadata, { titleId: T, libraryId: null }, jobKeys.enrich(T)],
    [JobName.PublishAssets, { libraryId: 'L', titleId: T }, jobKeys.publish('L', T)],
    [JobName.VerifyCache, { libraryId: null, mode: 'missing-artwork' }, 'artwork:all'],
    [JobName.VerifyCache, { libraryId: 'L' }, 'verify:L'],
    [JobName.ParserImport, { schedule: 'nightly' }, jobKeys.parserImport('nightly')],
    [JobName.ScanLibrary, { libraryId: 'L' }, null],
  ])('%s %j → %s', (queue, data, key) => {
    expect(keyOf(queue, data)).toBe(key);
  });

  it('every queue with a policy has a key for its jobs, and every stately queue a merge', () => {
    for (const phase of pipeline.filter((p) => p.policy)) {
      expect(keyOf(phase.queue, { titleId: T, libraryId: 'L', schedule: 's' }), phase.queue).not.toBeNull();
      if (phase.policy === 'stately') expect(phase.merge, phase.queue).toBeTypeOf('function');
    }
  });
});
