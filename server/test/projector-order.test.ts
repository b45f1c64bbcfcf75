import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { allProjections, emptyTitleState, verify, type TitleState } from '@marquee/read-models';
import { describe, expect, it } from 'vitest';
import { eventually, useMarquee } from './harness/marquee.js';
import { usePool, useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'projector']);
const db = usePool(services);

function lateState(id: string): TitleState {
  return emptyTitleState({ id, kind: 'MOVIE', name: 'Committed Late', year: 2000, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
}

const visible = (id: string) => async () => ((await marquee.gql(`query($id: ID!) { title(id: $id) { id } }`, { id })).data ? true : undefined);

describe('projector ordering', () => {
  it('does not skip an event whose transaction commits after a later outbox id', async () => {
    // Transaction A takes an outbox id first but commits last.
    const slow = await db.pool.connect();
    const lateId = randomUUID();
    await slow.query('BEGIN');
    await slow.query(
      `insert into outbox (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
       values ('title', $1, 1, 'TitleCreated', $2)`,
      [lateId, lateState(lateId)],
    );
    let earlyId: string;
    try {
      const early = await marquee.gql<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: MOVIE, name: "Committed Early" }) { id } }`);
      earlyId = early.data!.createTitle.id;
      // Give the projector every chance to consume the early row before the late one commits.
      await eventually(async () => ((await db.pool.query(`select 1 from outbox where aggregate_id = $1`, [earlyId])).rowCount ? true : undefined), 'early row committed');
    } finally {
      await slow.query('COMMIT');
      slow.release();
    }
    const ids = await db.pool.query<{ aggregate_id: string }>(`select aggregate_id from outbox order by id`);
    // The late transaction really held the smaller id.
    expect(ids.rows.map((r) => r.aggregate_id)).toEqual([lateId, earlyId]);
    await eventually(visible(earlyId), 'the early commit projected');
    await eventually(visible(lateId), 'the late commit projected, not skipped');
  });
});

describe('a malformed event', () => {
  it('is set aside with its error while later events are projected, and reported by /ready and verify', async () => {
    const badId = randomUUID();
    // A title event whose payload lacks everything a title document needs.
    await db.pool.query(
      `insert into outbox (aggregate_type, aggregate_id, aggregate_version, event_type, payload) values ('title', $1, 1, 'TitleCreated', '{"oops": true}')`,
      [badId],
    );
    const good = await marquee.gql<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: MOVIE, name: "After The Bad One" }) { id } }`);
    await eventually(visible(good.data!.createTitle.id), 'the next event projected');

    const ready = (await (await fetch(`${marquee.url}/ready`)).json()) as { status: string; checks: { projector: { deadLetters: number; lag: number } } };
    expect(ready.status).toBe('ready');
    expect(ready.checks.projector).toMatchObject({ lag: 0, deadLetters: 1 });

    const redis = new Redis(services.redisUrl);
    try {
      const result = await verify({ pool: db.pool, redis, keySpace: { prefix: services.redisPrefix }, projections: allProjections });
      expect(result.drifted).toEqual([]);
      expect(result.deadLetters).toEqual([expect.objectContaining({ model: 'title', id: badId, type: 'TitleCreated' })]);
      expect(result.deadLetters[0]!.error).toMatch(/\S/);
    } finally {
      redis.disconnect();
    }
  });
});
