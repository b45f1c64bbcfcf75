import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AsyncQueue } from '../infra/async-queue.js';
import type { Principal } from '../auth/policy.js';
import { SharedSubscriptions } from './shared-subscriptions.js';

/** A real schema whose source streams are counted, and whose field resolver counts executions. */
function fixture() {
  const sources = new Set<AsyncQueue<number>>();
  let opened = 0;
  let executions = 0;
  const field = (name: string) => ({
    type: GraphQLInt,
    args: { offset: { type: GraphQLInt } },
    subscribe: (_root: unknown, args: { offset?: number }, ctx: { principal: Principal }) => {
      if (ctx.principal.kind === 'anonymous') throw new Error('forbidden');
      const queue = new AsyncQueue<number>();
      sources.add(queue);
      opened++;
      return queue.iterator(() => sources.delete(queue));
    },
    resolve: (value: number, args: { offset?: number }) => {
      executions++;
      return value + (args.offset ?? 0);
    },
    description: name,
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({ name: 'Subscription', fields: { ticks: field('ticks'), personal: field('personal') } }),
  });
  const shared = new SharedSubscriptions(new Set(['ticks']));
  const member: Principal = { kind: 'user', userId: 'u1', role: 'member', sessionId: 's1' };
  const open = async (query: string, principal: Principal = member, variableValues?: Record<string, unknown>) =>
    (await shared.subscribe({ schema, document: parse(query), contextValue: { principal }, variableValues })) as AsyncGenerator<ExecutionResult> | ExecutionResult;
  const emit = (n: number) => {
    for (const source of sources) source.push(n);
  };
  return { shared, sources, open, emit, member, counts: () => ({ opened, executions }) };
}

const stream = (r: AsyncGenerator<ExecutionResult> | ExecutionResult) => {
  if (!(Symbol.asyncIterator in r)) throw new Error(`expected a stream, got ${JSON.stringify(r)}`);
  return r;
};

describe('SharedSubscriptions', () => {
  it('executes a shared document once per event for every subscriber, and releases each joiner’s own source', async () => {
    const f = fixture();
    const subs = await Promise.all(Array.from({ length: 50 }, () => f.open('subscription { ticks }').then(stream)));
    // Each subscriber opened (and so was authorized by) the source once; only one stays open.
    expect(f.counts().opened).toBe(50);
    expect(f.sources.size).toBe(1);
    expect(f.shared.stats()).toEqual({ streams: 1, subscribers: 50 });
    f.emit(1);
    f.emit(2);
    for (const s of subs) {
      expect((await s.next()).value).toEqual({ data: { ticks: 1 } });
      expect((await s.next()).value).toEqual({ data: { ticks: 2 } });
    }
    expect(f.counts().executions).toBe(2);
    // Leaving, even while a next() is pending, ends the subscriber; the last one ends the source.
    const pending = subs[0]!.next();
    await subs[0]!.return(undefined);
    expect(await pending).toEqual({ value: undefined, done: true });
    for (const s of subs.slice(1)) await s.return(undefined);
    expect(f.sources.size).toBe(0);
    expect(f.shared.stats()).toEqual({ streams: 0, subscribers: 0 });
  });

  it('never shares across variables, audiences or unlisted fields', async () => {
    const f = fixture();
    const admin: Principal = { kind: 'user', userId: 'u2', role: 'admin', sessionId: 's2' };
    const otherMember: Principal = { kind: 'user', userId: 'u3', role: 'member', sessionId: 's3' };
    const a = stream(await f.open('subscription { ticks(offset: 1) }'));
    const b = stream(await f.open('subscription { ticks(offset: 1) }', otherMember));
    const c = stream(await f.open('subscription { ticks(offset: 2) }'));
    const d = stream(await f.open('subscription { ticks(offset: 1) }', admin));
    const e = stream(await f.open('subscription { personal }'));
    const g = stream(await f.open('subscription { personal }'));
    // a and b share (same role); c, d differ; personal is not shareable (one source each).
    expect(f.shared.stats()).toEqual({ streams: 3, subscribers: 4 });
    expect(f.sources.size).toBe(5);
    f.emit(10);
    expect((await a.next()).value).toEqual({ data: { ticks: 11 } });
    expect((await b.next()).value).toEqual({ data: { ticks: 11 } });
    expect((await c.next()).value).toEqual({ data: { ticks: 12 } });
    expect((await d.next()).value).toEqual({ data: { ticks: 11 } });
    expect((await e.next()).value).toEqual({ data: { personal: 10 } });
    expect((await g.next()).value).toEqual({ data: { personal: 10 } });
    for (const s of [a, b, c, d, e, g]) await s.return(undefined);
    expect(f.sources.size).toBe(0);
  });

  it('refuses a subscriber its source refuses, even when a shared stream exists', async () => {
    const f = fixture();
    const member = stream(await f.open('subscription { ticks }'));
    const refused = await f.open('subscription { ticks }', { kind: 'anonymous' });
    expect(Symbol.asyncIterator in refused).toBe(false);
    expect((refused as ExecutionResult).errors?.[0]?.message).toBe('forbidden');
    expect(f.shared.stats()).toEqual({ streams: 1, subscribers: 1 });
    await member.return(undefined);
  });

  it('queues events for a slow subscriber without holding up the others', async () => {
    const f = fixture();
    const fast = stream(await f.open('subscription { ticks }'));
    const slow = stream(await f.open('subscription { ticks }'));
    for (let i = 0; i < 100; i++) f.emit(i);
    for (let i = 0; i < 100; i++) expect((await fast.next()).value).toEqual({ data: { ticks: i } });
    for (let i = 0; i < 100; i++) expect((await slow.next()).value).toEqual({ data: { ticks: i } });
    await fast.return(undefined);
    await slow.return(undefined);
  });
});

describe('AsyncQueue', () => {
  it('closes at once when returned before the first next(), and runs onClose once', async () => {
    let closes = 0;
    const queue = new AsyncQueue<number>();
    const it = queue.iterator(() => closes++);
    await it.return(undefined);
    await it.return(undefined);
    expect(closes).toBe(1);
    queue.push(1);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('drains queued values before ending, and rejects a pending reader with the failure', async () => {
    const queue = new AsyncQueue<number>();
    const it = queue.iterator();
    queue.push(1);
    queue.push(2);
    queue.end();
    expect([(await it.next()).value, (await it.next()).value, (await it.next()).done]).toEqual([1, 2, true]);
    const failing = new AsyncQueue<number>();
    const pending = failing.iterator().next();
    failing.end(new Error('source failed'));
    await expect(pending).rejects.toThrow('source failed');
  });
});
