import { describe, expect, it } from 'vitest';
import { useRedisSpace } from './redis-space.js';
import { DocumentReader } from '../src/readers/documents.js';
import { keys } from '../src/keys.js';
import type { NamespaceTracker } from '../src/namespace.js';

const space = useRedisSpace('docs');
const { ks } = space;
const namespaces = { get: async () => 'v1' } as unknown as NamespaceTracker;

describe('DocumentReader', () => {
  it('reads Redis on every call and reuses a parse only for the same bytes', async () => {
    const reader = new DocumentReader<{ id: string; version: number; tags: string[] }>(space.redis, ks, namespaces, 'title');
    const key = keys.doc(ks, 'v1', 'title', 'a');
    await space.redis.set(key, JSON.stringify({ id: 'a', version: 1, tags: ['x'] }));
    const [first] = await reader.getMany(['a']);
    const [again] = await reader.getMany(['a']);
    expect(again).toBe(first);

    await space.redis.set(key, JSON.stringify({ id: 'a', version: 2, tags: ['y'] }));
    const [changed] = await reader.getMany(['a']);
    expect(changed).toEqual({ id: 'a', version: 2, tags: ['y'] });

    await space.redis.del(key);
    expect(await reader.getMany(['a', 'missing'])).toEqual([null, null]);
  });

  it('hands out frozen documents, so no reader can change what the next one gets', async () => {
    const reader = new DocumentReader<{ id: string; tags: string[] }>(space.redis, ks, namespaces, 'person');
    await space.redis.set(keys.doc(ks, 'v1', 'person', 'p'), JSON.stringify({ id: 'p', tags: ['x'] }));
    const [doc] = await reader.getMany(['p']);
    expect(() => doc!.tags.push('y')).toThrow(TypeError);
    expect(() => Object.assign(doc!, { id: 'q' })).toThrow(TypeError);
    expect((await reader.getMany(['p']))[0]).toEqual({ id: 'p', tags: ['x'] });
  });
});
