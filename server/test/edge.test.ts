import { createHash } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TEST_ADMIN, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
// Production mode, and a small rate limit so the test can reach it.
const marquee = useMarquee(services, ['api', 'projector'], { NODE_ENV: 'production', MARQUEE_RATE_LIMIT: '40' });

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${marquee.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${marquee.adminToken}`, ...headers }, body });

type Body = { data?: unknown; errors?: Array<{ message: string; extensions: { code: string } & Record<string, unknown> }> };

describe('hostile requests', () => {
  it('refuses a depth bomb, an alias bomb and a directive flood with clear validation errors', async () => {
    let nested = 'id';
    for (let i = 0; i < 10; i++) nested = `credits { person { filmography { title { ${nested} } } } }`;
    const depth = (await (await post(JSON.stringify({ query: `{ titles(first: 1) { edges { node { ${nested} } } } }` }))).json()) as Body;
    expect(depth.errors![0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(depth.errors![0]!.message).toMatch(/depth limit of 12/i);

    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: titles(first: 1) { totalCount }`).join(' ');
    const alias = (await (await post(JSON.stringify({ query: `{ ${aliases} }` }))).json()) as Body;
    expect(alias.errors![0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(alias.errors![0]!.message).toMatch(/aliases limit of 15/i);

    const directives = Array.from({ length: 50 }, () => '@include(if: true)').join(' ');
    const flood = (await (await post(JSON.stringify({ query: `{ titles(first: 1) ${directives} { totalCount } }` }))).json()) as Body;
    expect(flood.errors![0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses too many tokens', async () => {
    const fields = Array.from({ length: 12_000 }, () => '__typename').join(' ');
    const res = (await (await post(JSON.stringify({ query: `{ ${fields} }` }))).json()) as Body;
    expect(res.errors![0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses a 10 MB body with 413 while other requests are answered', async () => {
    const huge = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(10 * 1024 * 1024) } });
    const [big, normal] = await Promise.all([post(huge), post(JSON.stringify({ query: '{ titles(first: 1) { totalCount } }' }))]);
    expect(big.status).toBe(413);
    expect(((await big.json()) as Body).errors![0]!.extensions.code).toBe('BAD_REQUEST');
    expect(normal.status).toBe(200);
    expect(((await normal.json()) as Body).data).toEqual({ titles: { totalCount: 0 } });
  });

  it('sends security headers on both GraphQL paths, and never a stack trace', async () => {
    const fast = await post(JSON.stringify({ query: '{ titles(first: 1) { totalCount } }' }));
    const apollo = await post(JSON.stringify({ query: 'mutation { createTitle(input: { kind: MOVIE, name: "" }) { id } }' }));
    for (const res of [fast, apollo]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
    expect(JSON.stringify(await apollo.json())).not.toMatch(/stacktrace|at \w+ \(|node_modules/);
  });

  it('answers an anonymous query with UNAUTHENTICATED, the same on both paths', async () => {
    const q = '{ titles(first: 1) { totalCount } }';
    const anon = (extensions?: object) => fetch(`${marquee.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q, extensions }) });
    const [a, b] = await Promise.all([anon(), anon({})]);
    expect(await a.json()).toEqual(await b.json());
    const bad = await post(JSON.stringify({ query: q }), { authorization: 'Bearer not-a-token' });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as Body).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('authenticates subscriptions on connection_init: bad credentials close the socket', async () => {
    const client = createClient({ url: marquee.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: 'Bearer forged' } });
    const closed = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: 'subscription { titleChanged { id } }' }, { next: () => undefined, error: resolve, complete: () => resolve('complete') });
    });
    await client.dispose();
    expect((closed as { code?: number }).code).toBe(4403);
  });

  it('serves automatic persisted queries, stored in Redis for every API process', async () => {
    const query = '{ titles(first: 2) { totalCount } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persisted = { persistedQuery: { version: 1, sha256Hash } };
    const unknown = (await (await post(JSON.stringify({ extensions: persisted }))).json()) as Body;
    expect(unknown.errors![0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = (await (await post(JSON.stringify({ query, extensions: persisted }))).json()) as Body;
    expect(registered.data).toEqual({ titles: { totalCount: 0 } });
    const byHash = (await (await post(JSON.stringify({ extensions: persisted }))).json()) as Body;
    expect(byHash.data).toEqual({ titles: { totalCount: 0 } });
    const redis = new Redis(services.redisUrl);
    expect(await redis.get(`${services.redisPrefix}apq:apq:${sha256Hash}`)).toBe(query);
    redis.disconnect();
    const wrong = (await (await post(JSON.stringify({ query: '{ __typename }', extensions: persisted }))).json()) as Body;
    expect(wrong.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('serves GraphiQL from the product itself to admins only (production)', async () => {
    expect((await fetch(`${marquee.url}/graphiql`)).status).toBe(404);
    const login = await fetch(`${marquee.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(input: { username: "${TEST_ADMIN.username}", password: "${TEST_ADMIN.password}" }, cookies: true) { user { id } } }` }),
    });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const page = await fetch(`${marquee.url}/graphiql`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const scripts = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toEqual(['/graphiql/assets/react.js', '/graphiql/assets/react-dom.js', '/graphiql/assets/graphiql.js', '/graphiql/assets/init.js']);
    for (const src of scripts) {
      const asset = await fetch(`${marquee.url}${src}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('never spends the refresh cookie on a WebSocket (no Set-Cookie can go back over it)', async () => {
    const login = await fetch(`${marquee.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(input: { username: "${TEST_ADMIN.username}", password: "${TEST_ADMIN.password}" }, cookies: true) { user { id } } }` }),
    });
    const jar = Object.fromEntries(login.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]));
    const cookie = `mq_access=expired.access.token; mq_refresh=${jar.mq_refresh}`;
    const host = new URL(marquee.url).host;
    const client = createClient({
      url: marquee.url.replace('http', 'ws') + '/graphql',
      retryAttempts: 0,
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie, origin: `http://${host}` } });
        }
      },
    });
    const closed = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: 'subscription { titleChanged { id } }' }, { next: () => undefined, error: resolve, complete: () => resolve('complete') });
    });
    await client.dispose();
    expect((closed as { code?: number }).code).toBe(4403);
    // The refresh cookie is still unspent: renewing over HTTP works and keeps the session.
    const renewed = await fetch(`${marquee.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ query: '{ me { username } }' }) });
    expect(((await renewed.json()) as { data: { me: { username: string } } }).data.me.username).toBe(TEST_ADMIN.username);
  });

  it('limits requests per principal with RATE_LIMITED and a retry hint', async () => {
    // 40 per minute; earlier tests of this file used part of it.
    let res: Response | undefined;
    for (let i = 0; i < 45; i++) {
      res = await post(JSON.stringify({ query: '{ titles(first: 1) { totalCount } }' }));
      if (res.status === 429) break;
    }
    expect(res!.status).toBe(429);
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res!.json()) as Body;
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(body.errors![0]!.extensions.retryAfter).toBeGreaterThan(0);

    // The address is counted too: the signed-in requests above used up this address, so an
    // anonymous client from it is limited as well; one from elsewhere is not.
    const anon = (from?: string) =>
      fetch(`${marquee.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
        body: JSON.stringify({ query: '{ authStatus { setupRequired } }' }),
      });
    expect((await anon()).status).toBe(429);
    expect((await anon('198.51.100.78')).status).toBe(200);
  });
});
