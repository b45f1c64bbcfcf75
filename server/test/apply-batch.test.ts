import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatch, emptyTitleState, formatCheckpoint, keys, titleCardProjection, titleProjection, TITLE_SEARCH_INDEX, TITLE_SORTS, type AnyProjection, type OutboxRecord, type TitleState } from '@marquee/read-models';
import { useTestServices } from './harness/services.js';

/**
 * The projector's write step against a real Redis: bulk writes (one HSET, MSETs, per-listing runs
 * of ZADD/ZREM) behind a compare-and-set on the checkpoint and on every version it computed from.
 */
const services = useTestServices();
const projections = [titleProjection, titleCardProjection] as unknown as AnyProjection[];
let redis: Redis;
let seq = 0;

beforeAll(() => {
  redis = new Redis(services.redisUrl);
});
afterAll(() => redis.disconnect());

function event(state: TitleState, version: number, type: 'TitleCreated' | 'TitleUpdated' = version === 1 ? 'TitleCreated' : 'TitleUpdated'): OutboxRecord {
  seq += 1;
  return { id: String(seq), txId: String(seq), occurredAt: new Date().toISOString(), aggregateType: 'title', aggregateId: state.id, aggregateVersion: version, type, payload: state } as OutboxRecord;
}

/** Applies rows from the namespace's current checkpoint, as the projector does. */
async function apply(ns: string, rows: OutboxRecord[], client: Redis = redis) {
  const raw = (await redis.get(keys.checkpoint(ks(), ns, 0))) ?? '';
  const last = rows[rows.length - 1]!;
  return applyBatch(client, ks(), ns, 0, projections, rows, raw, { txId: last.txId, id: last.id });
}

const ks = () => ({ prefix: services.redisPrefix });
const doc = async (ns: string, model: string, id: string) => JSON.parse((await redis.get(keys.doc(ks(), ns, model, id))) ?? 'null') as { version: number; name: string } | null;
const members = (ns: string, listing: string) => redis.zrange(keys.listing(ks(), ns, listing), '0', '-1');
const title = (name: string, extra: Partial<TitleState> = {}) => emptyTitleState({ id: randomUUID(), kind: 'MOVIE', name, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...extra });

describe('applyBatch', () => {
  it('writes documents, versions, listings and the checkpoint of a batch; an older or equal version never moves a document back', async () => {
    const ns = 'a1';
    const a = title('Alpha One');
    const b = title('Beta Two', { year: 1999 });
    const first = await apply(ns, [event(a, 1), event(b, 1)]);
    expect(first.applied).toBe(4); // title and card of each
    expect((await doc(ns, 'title', a.id))?.version).toBe(1);
    expect((await doc(ns, 'titlecard', b.id))?.name).toBe('Beta Two');
    expect(await redis.hget(keys.versions(ks(), ns), `title:${b.id}`)).toBe('1');
    expect((await members(ns, TITLE_SORTS.YEAR)).map((m) => m.split('\u0000')[1])).toEqual([b.id]);
    expect(await redis.get(keys.checkpoint(ks(), ns, 0))).toBe(formatCheckpoint({ txId: String(seq), id: String(seq) }));

    // a renamed (v2), then a stale v1 and a replayed v2 of it in a later batch.
    const renamed = { ...a, name: 'Gamma Three' };
    await apply(ns, [event(renamed, 2)]);
    const stale = await apply(ns, [event(a, 1), event(renamed, 2)]);
    expect(stale.applied).toBe(0);
    expect(await doc(ns, 'title', a.id)).toMatchObject({ name: 'Gamma Three', version: 2 });
    const search = await members(ns, TITLE_SEARCH_INDEX);
    expect(search.filter((m) => m.endsWith(a.id)).map((m) => m.split('\u0000')[0]).sort()).toEqual(['gamma', 'gamma three', 'three']);
  });

  it('keeps listing changes in document order within one batch (remove then add of one member)', async () => {
    const ns = 'a2';
    const t = title('Delta');
    // One batch: created, renamed, renamed back. The final document's entries are exactly present.
    await apply(ns, [event(t, 1), event({ ...t, name: 'Epsilon' }, 2), event({ ...t, name: 'Delta', year: 2001 }, 3)]);
    expect((await members(ns, TITLE_SORTS.NAME)).map((m) => m.split('\u0000')[0])).toEqual(['delta']);
    // Then a rename in its own batch removes the old member and adds the new one.
    await apply(ns, [event({ ...t, name: 'Zeta', year: 2001 }, 4)]);
    expect((await members(ns, TITLE_SORTS.NAME)).map((m) => m.split('\u0000')[0])).toEqual(['zeta']);
    expect((await members(ns, TITLE_SEARCH_INDEX)).map((m) => m.split('\u0000')[0])).toEqual(['zeta']);
  });

  it('does nothing when the checkpoint moved (-1) or a version it read moved (-2) before its script ran', async () => {
    const ns = 'a3';
    const t = title('Eta');
    await apply(ns, [event(t, 1)]);

    // Another writer moves the checkpoint after this batch read it.
    const raw = (await redis.get(keys.checkpoint(ks(), ns, 0)))!;
    await redis.set(keys.checkpoint(ks(), ns, 0), `${raw}x`);
    const moved = await applyBatch(redis, ks(), ns, 0, projections, [event({ ...t, name: 'Theta' }, 2)], raw, { txId: '99', id: '99' });
    expect(moved.applied).toBe(-1);
    await redis.set(keys.checkpoint(ks(), ns, 0), raw);

    // Another writer puts version 5 in between this batch's read and its script.
    const racing = new Proxy(redis, {
      get(target, prop, receiver) {
        if (prop === 'marqueeApplyBatch') {
          return async (...args: (string | number)[]) => {
            await target.hset(keys.versions(ks(), ns), `title:${t.id}`, '5');
            return target.marqueeApplyBatch(...(args as [number, ...(string | number | string[])[]]));
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const raced = await apply(ns, [event({ ...t, name: 'Theta' }, 2)], racing);
    expect(raced.applied).toBe(-2);
    expect(await doc(ns, 'title', t.id)).toMatchObject({ name: 'Eta', version: 1 });
    expect(await redis.get(keys.checkpoint(ks(), ns, 0))).toBe(raw);
    expect((await members(ns, TITLE_SORTS.NAME)).map((m) => m.split('\u0000')[0])).toEqual(['eta']);

    // Re-read, as the projector does: version 5 stands, the v2 event is older and skipped.
    const retried = await apply(ns, [event({ ...t, name: 'Theta' }, 2)]);
    expect(retried.applied).toBe(1); // the card, whose version did not move
    expect(await doc(ns, 'title', t.id)).toMatchObject({ name: 'Eta', version: 1 });
    expect(await redis.get(keys.checkpoint(ks(), ns, 0))).not.toBe(raw);
  });

  it('writes listings larger than one command holds (chunked) and documents past one MSET', async () => {
    const ns = 'a4';
    // 2,500 titles: 5,000 documents, and 2,500 × 3 search tokens in one listing.
    const titles = Array.from({ length: 2_500 }, (_, i) => title(`Name${i} Word${i}`));
    const result = await apply(ns, titles.map((t) => event(t, 1)));
    expect(result.applied).toBe(5_000);
    expect(await redis.zcard(keys.listing(ks(), ns, TITLE_SEARCH_INDEX))).toBe(7_500);
    expect(await redis.zcard(keys.listing(ks(), ns, TITLE_SORTS.CREATED))).toBe(2_500);
    expect(await redis.hlen(keys.versions(ks(), ns))).toBe(5_000);
    expect((await doc(ns, 'titlecard', titles[2_499]!.id))?.name).toBe('Name2499 Word2499');
  });
});
