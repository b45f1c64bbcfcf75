import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/infra/config.js';
import { createLogger } from '../src/infra/logger.js';
import { ProviderError, ProviderProxy } from '../src/integrations/providers/provider-proxy.js';
import { ProviderStats } from '../src/integrations/providers/provider-stats.js';
import type { TitleQuery } from '../src/integrations/providers/provider.types.js';
import { Providers } from '../src/integrations/providers/providers.js';
import { MusicBrainzProvider } from '../src/integrations/providers/musicbrainz/musicbrainz.provider.js';
import { startFakeProviders, TEST_KEYS, type FakeProviders } from './harness/fake-providers.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
let fakes: FakeProviders;
let redis: Redis;
const logger = createLogger('silent');

const starWars: TitleQuery = { kind: 'MOVIE', name: 'Star Wars', year: 1977, externalIds: [{ provider: 'tmdb', value: '11' }], language: 'en', refresh: false };

function providers(env: Record<string, string> = {}, prefix = services.redisPrefix): Providers {
  const config = loadConfig({ ...fakes.env, MARQUEE_PROVIDER_RATE_LIMITS: 'off', MARQUEE_PROVIDER_TIMEOUT_MS: '300', MARQUEE_PROVIDER_RETRIES: '3', ...env });
  return new Providers(config.providers, redis, prefix, logger);
}

beforeAll(async () => {
  fakes = await startFakeProviders();
  redis = new Redis(services.redisUrl);
}, 120_000);

afterAll(async () => {
  await fakes?.close();
  redis?.disconnect();
});

describe('providers through the proxy', () => {
  it('TMDB: a movie from the spec examples, with ids and scored-ready artwork; a second lookup is answered by the cache', async () => {
    const p = providers({}, `${services.redisPrefix}tmdb:`);
    const { provider, proxy } = p.get('tmdb');
    const before = fakes.tmdb.requests.length;
    const answer = (await provider.lookup(starWars, proxy))!;
    expect(answer.externalId).toBe('movie/11');
    expect(answer.fields).toMatchObject({ name: 'Star Wars', year: 1977, genres: ['Adventure', 'Action', 'Science Fiction'] });
    // The spec's external-ids example is Fight Club's, whatever id is asked for.
    expect(answer.externalIds).toContainEqual({ provider: 'imdb', value: 'tt0137523' });
    expect(answer.artwork.filter((a) => a.kind === 'FANART').length).toBeGreaterThan(1);
    expect(answer.artwork[0]).toMatchObject({ url: expect.stringMatching(/^https:\/\/image\.tmdb\.org\/t\/p\/original\//), width: expect.any(Number), votes: expect.any(Number) });
    const sent = fakes.tmdb.requests.slice(before);
    expect(sent.every((r) => r.status === 200)).toBe(true);
    const again = await provider.lookup(starWars, proxy);
    expect(again).toEqual(answer);
    expect(fakes.tmdb.requests.length).toBe(before + sent.length);
    const status = (await p.status()).find((s) => s.name === 'tmdb')!;
    expect(status).toMatchObject({ keySet: true, requests: sent.length, cacheMisses: sent.length, cacheHits: sent.length, cacheHitRate: 0.5, breaker: 'CLOSED', errors: 0 });
    expect(JSON.stringify(await p.status())).not.toContain(TEST_KEYS.tmdb);
  });

  it('TVDB: logs in once (token shared through Redis) and reads series, episodes and artwork from the spec', async () => {
    const p = providers({}, `${services.redisPrefix}tvdb:`);
    const { provider, proxy } = p.get('tvdb');
    const query: TitleQuery = { ...starWars, kind: 'SERIES', name: 'Breaking Bad', externalIds: [{ provider: 'tvdb', value: '81189' }] };
    const before = fakes.tvdb.requests.length;
    const answer = (await provider.lookup(query, proxy))!;
    expect(answer.externalId).toBe('series/81189');
    await provider.lookup({ ...query, refresh: true }, proxy);
    const sent = fakes.tvdb.requests.slice(before);
    expect(sent.filter((r) => r.path.startsWith('/login'))).toHaveLength(1);
    expect(sent.some((r) => r.path.startsWith('/series/81189/extended'))).toBe(true);
    expect(sent.some((r) => r.path.startsWith('/series/81189/episodes/default'))).toBe(true);
    expect(sent.map((r) => `${r.path} ${r.status}`).filter((r) => !r.endsWith(' 200'))).toEqual([]);
  });

  it('serves a stale answer at once and refreshes it in the background, once', async () => {
    const p = providers({ MARQUEE_PROVIDER_CACHE_TTL: '0', MARQUEE_PROVIDER_CACHE_STALE: '600' }, `${services.redisPrefix}swr:`);
    const { proxy } = p.get('tmdb');
    const req = { path: '/3/movie/11', headers: { authorization: `Bearer ${TEST_KEYS.tmdb}` } };
    expect((await proxy.request(req)).source).toBe('network');
    const before = fakes.tmdb.requests.length;
    const stale = await Promise.all([proxy.request(req), proxy.request(req)]);
    expect(stale.map((r) => r.source)).toEqual(['stale', 'stale']);
    await expect.poll(() => fakes.tmdb.requests.length).toBe(before + 1);
  });

  it('waits out a 429 storm exactly as Retry-After says, all workers together', async () => {
    const p = providers({}, `${services.redisPrefix}storm:`);
    const { proxy } = p.get('tmdb');
    const before = fakes.tmdb.requests.length;
    fakes.tmdb.storm(2, 1);
    const res = await proxy.request({ path: '/3/movie/11', headers: { authorization: `Bearer ${TEST_KEYS.tmdb}` } });
    expect(res.status).toBe(200);
    const sent = fakes.tmdb.requests.slice(before);
    expect(sent.map((r) => r.status)).toEqual([429, 429, 200]);
    // Each retry came no sooner than the one second the provider asked for.
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(990);
    expect(sent[2]!.at - sent[1]!.at).toBeGreaterThanOrEqual(990);
    const status = (await p.status()).find((s) => s.name === 'tmdb')!;
    expect(status).toMatchObject({ throttled: 2, retries: 2, errors: 0, breaker: 'CLOSED' });
  });

  it('times out, retries, opens the breaker (calls refused without going out), and closes it once the provider answers', async () => {
    const p = providers({ MARQUEE_PROVIDER_RETRIES: '1', MARQUEE_PROVIDER_BREAKER_THRESHOLD: '2', MARQUEE_PROVIDER_BREAKER_RESET_MS: '500' }, `${services.redisPrefix}breaker:`);
    const { proxy } = p.get('tmdb');
    const req = { path: '/3/movie/12', headers: { authorization: `Bearer ${TEST_KEYS.tmdb}` } };
    fakes.tmdb.hang(true);
    const before = fakes.tmdb.requests.length;
    await expect(proxy.request(req)).rejects.toMatchObject({ kind: 'TIMEOUT' });
    expect(fakes.tmdb.requests.length).toBe(before + 2);
    expect(proxy.breakerState).toBe('OPEN');
    const refused = await proxy.request(req).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderError);
    expect(refused).toMatchObject({ kind: 'BREAKER_OPEN' });
    expect(fakes.tmdb.requests.length).toBe(before + 2);
    await expect.poll(async () => (await p.status()).find((s) => s.name === 'tmdb')!.breaker).toBe('OPEN');
    const status = (await p.status()).find((s) => s.name === 'tmdb')!;
    expect(status).toMatchObject({ timeouts: 2, rejected: 1 });
    expect(status.errors).toBeGreaterThanOrEqual(2);
    expect(status.lastError).toMatch(/circuit breaker/);

    fakes.tmdb.hang(false);
    await new Promise((r) => setTimeout(r, 600));
    expect((await proxy.request(req)).status).toBe(200);
    expect(proxy.breakerState).toBe('CLOSED');
  });

  it('offline: cached answers only, nothing goes out', async () => {
    const prefix = `${services.redisPrefix}offline:`;
    const online = providers({}, prefix).get('tmdb');
    const req = { path: '/3/movie/11', headers: { authorization: `Bearer ${TEST_KEYS.tmdb}` } };
    await online.proxy.request(req);
    const offline = providers({ MARQUEE_PROVIDERS_OFFLINE: 'true' }, prefix).get('tmdb');
    const before = fakes.tmdb.requests.length;
    expect((await offline.proxy.request({ ...req, refresh: true })).source).toBe('cache');
    await expect(offline.proxy.request({ ...req, path: '/3/movie/13' })).rejects.toMatchObject({ kind: 'OFFLINE' });
    expect(fakes.tmdb.requests.length).toBe(before);
  });

  it('shares one rate limit between workers through Redis', async () => {
    const prefix = `${services.redisPrefix}rate:`;
    const workerA = providers({ MARQUEE_PROVIDER_RATE_LIMITS: 'tmdb=0.1' }, prefix).get('tmdb').proxy;
    const workerB = providers({ MARQUEE_PROVIDER_RATE_LIMITS: 'tmdb=0.1' }, prefix).get('tmdb').proxy;
    expect(await workerB.budget()).toEqual({ limitPerSecond: 0.1, remaining: 1 });
    await workerA.request({ path: '/3/movie/11', headers: { authorization: `Bearer ${TEST_KEYS.tmdb}` }, cache: false });
    expect(await workerB.budget()).toEqual({ limitPerSecond: 0.1, remaining: 0 });
  });

  it('a refused key is an AUTH error that names no key, and is not retried', async () => {
    const p = providers({ FANART_API_KEY: 'wrong-key-should-never-appear' }, `${services.redisPrefix}auth:`);
    const { provider, proxy } = p.get('fanart');
    const before = fakes.fanart.requests.length;
    const err = (await provider.lookup({ ...starWars, refresh: true }, proxy).catch((e: unknown) => e)) as ProviderError;
    expect(err).toMatchObject({ kind: 'AUTH', status: 401 });
    expect(fakes.fanart.requests.length).toBe(before + 1);
    expect(err.message).not.toContain('wrong-key');
    expect(JSON.stringify(await new ProviderStats(redis, `${services.redisPrefix}auth:`).readAll())).not.toContain('wrong-key');
  });

  it('MusicBrainz: artist, release group and recording from captured WS/2 answers', async () => {
    const p = providers({}, `${services.redisPrefix}mb:`);
    const proxy: ProviderProxy = p.get('musicbrainz').proxy;
    const mb = new MusicBrainzProvider();
    expect(await mb.artist(proxy, 'b8a7c51f-362c-4dcb-a259-bc6e0095f0a6')).toMatchObject({ name: 'Ed Sheeran', sortName: 'Sheeran, Ed', type: 'Person', country: 'GB', begin: '1991-02-17', end: null });
    const album = (await mb.releaseGroup(proxy, 'f5093c06-23e3-404f-aeaa-40f72885ee3a'))!;
    expect(album).toMatchObject({ title: 'The Dark Side of the Moon', primaryType: 'Album', firstReleaseDate: '1973-03-24', tags: ['test', 'test2'] });
    expect(album.releases.length).toBeGreaterThan(0);
    expect(await mb.artist(proxy, '00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(await mb.artist(proxy, 'not-an-mbid')).toBeNull();
    expect(fakes.musicbrainz.requests.every((r) => r.path.includes('fmt=json'))).toBe(true);
  });
});
