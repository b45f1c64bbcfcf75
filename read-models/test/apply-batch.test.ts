import { describe, expect, it } from 'vitest';
import { useRedisSpace } from './redis-space.js';
import { applyBatch } from '../src/apply-batch.js';
import type { OutboxRecord } from '../src/events.js';
import { keys } from '../src/keys.js';
import { allProjections } from '../src/projections/index.js';
import { TITLE_SORTS } from '../src/projections/title.projection.js';
import { emptyTitleState } from '../src/title-state.js';

const space = useRedisSpace('rm');
const { ks } = space;
const ns = 'v1';

let seq = 0;
function row(id: string, version: number, name: string, type: 'TitleCreated' | 'TitleUpdated' | 'TitlePurged' = version === 1 ? 'TitleCreated' : 'TitleUpdated'): OutboxRecord {
  seq += 1;
  const payload =
    type === 'TitlePurged'
      ? { id }
      : emptyTitleState({ id, kind: 'MOVIE', name, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: new Date(seq * 1000).toISOString() });
  return { id: String(seq), txId: String(1000 + seq), occurredAt: new Date().toISOString(), aggregateType: 'title', aggregateId: id, aggregateVersion: version, type, payload } as OutboxRecord;
}

async function apply(rows: OutboxRecord[]) {
  const cp = (await space.redis.get(keys.checkpoint(ks, ns, 0))) ?? '';
  const last = rows[rows.length - 1]!;
  return applyBatch(space.redis, ks, ns, 0, allProjections, rows, cp, { txId: last.txId, id: last.id });
}

const doc = async (id: string) => JSON.parse((await space.redis.get(keys.doc(ks, ns, 'title', id))) ?? 'null');

describe('applyBatch (version-guarded writes)', () => {
  it('writes documents, listing entries and the checkpoint together', async () => {
    const r = await apply([row('a', 1, 'Alpha'), row('b', 1, 'Beta')]);
    expect(r.applied).toBe(4); // a document and a card per title
    expect(await doc('a')).toMatchObject({ name: 'Alpha', version: 1 });
    expect(await space.redis.zscore(keys.listing(ks, ns, TITLE_SORTS.CREATED), 'beta\u0000b')).not.toBeNull();
    expect(await space.redis.get(keys.checkpoint(ks, ns, 0))).toBe(`${1000 + seq}:${seq}`);
  });

  it('applying the same events again changes nothing', async () => {
    const before = await doc('a');
    const r = await apply([row('a', 1, 'Alpha (replayed)')]);
    expect(r.applied).toBe(0);
    expect(await doc('a')).toEqual(before);
  });

  it('an older version never overwrites a newer one, whatever the delivery order', async () => {
    await apply([row('c', 3, 'Gamma v3')]);
    await apply([row('c', 2, 'Gamma v2')]);
    expect(await doc('c')).toMatchObject({ name: 'Gamma v3', version: 3 });
  });

  it('folds several events of one document in a batch', async () => {
    await apply([row('d', 1, 'D1'), row('d', 2, 'D2'), row('d', 3, 'D3')]);
    expect(await doc('d')).toMatchObject({ name: 'D3', version: 3 });
  });

  it('a rename moves the listing member instead of leaving the old one behind', async () => {
    const listing = keys.listing(ks, ns, TITLE_SORTS.CREATED);
    expect(await space.redis.zscore(listing, 'd3\u0000d')).not.toBeNull();
    await apply([row('d', 4, 'Delta')]);
    expect(await space.redis.zscore(listing, 'd3\u0000d')).toBeNull();
    expect(await space.redis.zscore(listing, 'delta\u0000d')).not.toBeNull();
  });

  it('a purge removes the document and its listing entry, and keeps a tombstone version', async () => {
    await apply([row('d', 5, '', 'TitlePurged')]);
    expect(await doc('d')).toBeNull();
    expect(await space.redis.zcard(keys.listing(ks, ns, TITLE_SORTS.CREATED))).toBe(3); // a, b, c: d is gone
    // A late update with an older version cannot resurrect it.
    await apply([row('d', 4, 'D4 late')]);
    expect(await doc('d')).toBeNull();
  });

  it('refuses the whole batch when the checkpoint moved underneath (compare-and-set)', async () => {
    const stale = (await space.redis.get(keys.checkpoint(ks, ns, 0)))!;
    await apply([row('e', 1, 'E by projector A')]);
    const r2 = row('f', 1, 'F by projector B');
    const res = await applyBatch(space.redis, ks, ns, 0, allProjections, [r2], stale, { txId: r2.txId, id: r2.id });
    expect(res.applied).toBe(-1);
    expect(await doc('f')).toBeNull();
  });
});
