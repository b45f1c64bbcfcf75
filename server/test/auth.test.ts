import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'projector']);
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db.end();
});

type Signed = { accessToken: string; refreshToken: string };
const LOGIN = `mutation($input: Credentials!) { login(input: $input) { accessToken refreshToken accessTokenExpiresAt user { username role } } }`;
const REFRESH = `mutation($t: String) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;
const ME = `{ me { username role } }`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function login(username: string, password: string, extra: Record<string, string> = {}) {
  return marquee.gql<{ login: Signed }>(LOGIN, { input: { username, password } }, extra, { anonymous: true });
}

async function createUser(username: string, role: 'GUEST' | 'MEMBER' | 'ADMIN', password = 'a long password') {
  const res = await marquee.gql<{ createUser: { id: string } }>(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input: { username, password, role } });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.createUser.id;
}

const code = (res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => res.errors?.[0]?.extensions?.code;

describe('first-run setup', () => {
  it('creates the first admin only while no user exists', async () => {
    const status = await marquee.gql<{ authStatus: { setupRequired: boolean } }>(`{ authStatus { setupRequired } }`, {}, {}, { anonymous: true });
    expect(status.data!.authStatus.setupRequired).toBe(false);
    const again = await marquee.gql(`mutation { setup(input: { username: "intruder", password: "password123" }) { accessToken } }`, {}, {}, { anonymous: true });
    expect(code(again)).toBe('FORBIDDEN');
    expect((await db.query(`select 1 from app_user where username = 'intruder'`)).rowCount).toBe(0);
  });

  it('stores argon2id hashes, never passwords', async () => {
    const { rows } = await db.query(`select password_hash from app_user where username_key = 'admin'`);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(rows[0].password_hash).not.toContain(TEST_ADMIN.password);
  });
});

describe('sessions', () => {
  it('signs in with a short-lived access token and a refresh token; wrong passwords are refused alike', async () => {
    await createUser('Alice', 'MEMBER', 'alice password');
    const ok = await login('alice', 'alice password'); // usernames ignore case
    expect(ok.data!.login.accessToken.split('.')).toHaveLength(3);
    const me = await marquee.gql<{ me: { username: string; role: string } }>(ME, {}, bearer(ok.data!.login.accessToken));
    expect(me.data!.me).toEqual({ username: 'Alice', role: 'MEMBER' });
    const wrong = await login('alice', 'nope nope nope');
    const unknown = await login('nobody', 'nope nope nope');
    expect(code(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.errors![0]!.message).toBe(unknown.errors![0]!.message);
  });

  it('rotates refresh tokens; presenting a spent one revokes the whole family', async () => {
    await createUser('rotor', 'GUEST', 'rotor password');
    const first = (await login('rotor', 'rotor password')).data!.login;
    const second = (await marquee.gql<{ refreshSession: Signed }>(REFRESH, { t: first.refreshToken }, {}, { anonymous: true })).data!.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await marquee.gql(ME, {}, bearer(second.accessToken))).data).toBeTruthy();

    // The spent token comes back (stolen): refused, and the family ends.
    const replay = await marquee.gql(REFRESH, { t: first.refreshToken }, {}, { anonymous: true });
    expect(code(replay)).toBe('UNAUTHENTICATED');
    expect(replay.errors![0]!.message).toMatch(/already used/);
    expect(code(await marquee.gql(REFRESH, { t: second.refreshToken }, {}, { anonymous: true }))).toBe('UNAUTHENTICATED');
    // Even the family's unexpired access token stops working at once.
    expect(code(await marquee.gql(ME, {}, bearer(second.accessToken)))).toBe('UNAUTHENTICATED');
    const { rows } = await db.query(`select revoked_reason from auth_session s join app_user u on u.id = s.user_id where u.username = 'rotor'`);
    expect(rows.map((r) => r.revoked_reason)).toEqual(['refresh token reused']);
  });

  it('lets two browser tabs renew with the same refresh cookie at once without ending the session', async () => {
    await createUser('tabs', 'GUEST', 'tabs password');
    const res = await fetch(`${marquee.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(input: { username: "tabs", password: "tabs password" }, cookies: true) { user { id } } }` }),
    });
    const refresh = res.headers.getSetCookie().find((c) => c.startsWith('mq_refresh='))!.split(';')[0]!;
    const tab = () =>
      fetch(`${marquee.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `mq_access=expired.access.token; ${refresh}` }, body: JSON.stringify({ query: ME }) });
    const [a, b] = await Promise.all([tab(), tab()]);
    for (const r of [a, b]) expect(((await r.json()) as { data: { me: { username: string } } }).data.me.username).toBe('tabs');
    const renewed = [a, b].map((r) => r.headers.getSetCookie().find((c) => c.startsWith('mq_refresh='))!.split(';')[0]);
    expect(renewed[0]).not.toBe(renewed[1]);
    const { rows } = await db.query(`select revoked_at from auth_session s join app_user u on u.id = s.user_id where u.username = 'tabs'`);
    expect(rows[0].revoked_at).toBeNull();
  });

  it('lists devices and revokes one or all others; logout ends the current one', async () => {
    await createUser('multi', 'GUEST', 'multi password');
    const phone = (await login('multi', 'multi password', { 'user-agent': 'Phone/1.0' })).data!.login;
    const laptop = (await login('multi', 'multi password', { 'user-agent': 'Laptop/2.0' })).data!.login;
    const tv = (await login('multi', 'multi password', { 'user-agent': 'TV/3.0', 'x-forwarded-for': '192.0.2.7' })).data!.login;
    type S = { sessions: Array<{ id: string; device: string; address: string; current: boolean }> };
    const list = (await marquee.gql<S>(`{ sessions { id device address current } }`, {}, bearer(laptop.accessToken))).data!.sessions;
    expect(list.map((s) => s.device).sort()).toEqual(['Laptop/2.0', 'Phone/1.0', 'TV/3.0']);
    expect(list.find((s) => s.current)!.device).toBe('Laptop/2.0');
    expect(list.find((s) => s.device === 'TV/3.0')!.address).toBe('192.0.2.7');

    const phoneId = list.find((s) => s.device === 'Phone/1.0')!.id;
    await marquee.gql(`mutation($id: ID!) { revokeSession(id: $id) }`, { id: phoneId }, bearer(laptop.accessToken));
    expect(code(await marquee.gql(ME, {}, bearer(phone.accessToken)))).toBe('UNAUTHENTICATED');

    const others = await marquee.gql<{ revokeOtherSessions: number }>(`mutation { revokeOtherSessions }`, {}, bearer(laptop.accessToken));
    expect(others.data!.revokeOtherSessions).toBe(1);
    expect(code(await marquee.gql(ME, {}, bearer(tv.accessToken)))).toBe('UNAUTHENTICATED');
    expect((await marquee.gql(ME, {}, bearer(laptop.accessToken))).data).toBeTruthy();

    await marquee.gql(`mutation { logout }`, {}, bearer(laptop.accessToken));
    expect(code(await marquee.gql(ME, {}, bearer(laptop.accessToken)))).toBe('UNAUTHENTICATED');
    expect(code(await marquee.gql(REFRESH, { t: laptop.refreshToken }, {}, { anonymous: true }))).toBe('UNAUTHENTICATED');
  });

  it('locks an account after 10 failed logins, even for the right password, without locking others', async () => {
    await createUser('target', 'GUEST', 'target password');
    for (let i = 0; i < 10; i++) expect(code(await login('target', `guess ${i} wrong`, { 'x-forwarded-for': `198.51.100.${i}` }))).toBe('UNAUTHENTICATED');
    const locked = await login('target', 'target password', { 'x-forwarded-for': '198.51.100.200' });
    expect(code(locked)).toBe('RATE_LIMITED');
    expect(locked.errors![0]!.extensions!.retryAfter).toBeGreaterThan(0);
    expect(locked.status).toBe(429);
    expect((await login('alice', 'alice password')).data).toBeTruthy();
  });

  it('locks an address after 30 failed logins across accounts', async () => {
    const from = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < 30; i++) await login(`someone-${i}`, 'wrong password', from);
    expect(code(await login('alice', 'alice password', from))).toBe('RATE_LIMITED');
    expect((await login('alice', 'alice password', { 'x-forwarded-for': '203.0.113.10' })).data).toBeTruthy();
  });

  it('web sessions travel as httpOnly SameSite cookies, refresh themselves, and refuse cross-site use', async () => {
    const res = await fetch(`${marquee.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(input: { username: "alice", password: "alice password" }, cookies: true) { accessToken refreshToken user { username } } }` }),
    });
    const body = (await res.json()) as { data: { login: { accessToken: string | null; refreshToken: string | null } } };
    expect(body.data.login).toMatchObject({ accessToken: null, refreshToken: null });
    const setCookies = res.headers.getSetCookie();
    expect(setCookies).toHaveLength(2);
    for (const c of setCookies) {
      expect(c).toMatch(/HttpOnly/i);
      expect(c).toMatch(/SameSite=Strict/i);
    }
    const jar = Object.fromEntries(setCookies.map((c) => c.split(';')[0]!.split('=') as [string, string]));

    const asCookie = (cookie: string, extra: Record<string, string> = {}) =>
      fetch(`${marquee.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...extra }, body: JSON.stringify({ query: ME }) });
    const me = await asCookie(`mq_access=${jar.mq_access}; mq_refresh=${jar.mq_refresh}`);
    expect(((await me.json()) as { data: { me: { username: string } } }).data.me.username).toBe('Alice');

    // Another site's page posting with the browser's cookies is refused.
    const cross = await asCookie(`mq_access=${jar.mq_access}`, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);

    // An expired (here: unusable) access cookie is replaced using the refresh cookie.
    const refreshed = await asCookie(`mq_access=expired.token.here; mq_refresh=${jar.mq_refresh}`);
    expect(((await refreshed.json()) as { data: { me: { username: string } } }).data.me.username).toBe('Alice');
    expect(refreshed.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(['mq_access', 'mq_refresh']);
  });
});

describe('development mode', () => {
  it('opens introspection and GraphiQL to everyone', async () => {
    const res = await marquee.gql<{ __schema: { queryType: { name: string } } }>(`{ __schema { queryType { name } } }`, {}, {}, { anonymous: true });
    expect(res.data!.__schema.queryType.name).toBe('Query');
    expect((await fetch(`${marquee.url}/graphiql`)).status).toBe(200);
  });
});

describe('users', () => {
  it('disabling a user ends their sessions and refuses their logins; the last admin stays', async () => {
    const id = await createUser('leaver', 'MEMBER', 'leaver password');
    const session = (await login('leaver', 'leaver password')).data!.login;
    await marquee.gql(`mutation($id: ID!) { updateUser(input: { id: $id, disabled: true }) { id } }`, { id });
    expect(code(await marquee.gql(ME, {}, bearer(session.accessToken)))).toBe('UNAUTHENTICATED');
    expect(code(await login('leaver', 'leaver password'))).toBe('UNAUTHENTICATED');

    const { rows } = await db.query(`select id from app_user where username_key = 'admin'`);
    const demote = await marquee.gql(`mutation($id: ID!) { updateUser(input: { id: $id, role: MEMBER }) { id } }`, { id: rows[0].id });
    expect(code(demote)).toBe('CONFLICT');
  });

  it('refuses weak input with the field at fault', async () => {
    const res = await marquee.gql(`mutation { createUser(input: { username: "short", password: "1234", role: GUEST }) { id } }`);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
  });
});

describe('API keys', () => {
  const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id prefix scopes } } }`;
  const READ = `{ titles(first: 1) { totalCount } }`;

  it('shows the key once, lists its prefix only, stores a hash, and authenticates with the scopes it has', async () => {
    const created = await marquee.gql<{ createApiKey: { key: string; apiKey: { id: string; prefix: string } } }>(CREATE, { input: { name: 'Kodi', scopes: ['CATALOG_READ'] } });
    const { key, apiKey } = created.data!.createApiKey;
    expect(key.startsWith(apiKey.prefix + '_')).toBe(true);
    const listed = await marquee.gql<{ apiKeys: Array<Record<string, unknown>> }>(`{ apiKeys { id name prefix scopes } }`);
    expect(listed.data!.apiKeys).toContainEqual({ id: apiKey.id, name: 'Kodi', prefix: apiKey.prefix, scopes: ['CATALOG_READ'] });
    expect(JSON.stringify(listed)).not.toContain(key);
    const { rows } = await db.query(`select key_hash from api_key where id = $1`, [apiKey.id]);
    expect(rows[0].key_hash).not.toContain(key.slice(12));

    expect((await marquee.gql(READ, {}, { 'x-api-key': key })).data).toBeTruthy();
    expect((await marquee.gql(READ, {}, bearer(key))).data).toBeTruthy();
    const write = await marquee.gql(`mutation { createTitle(input: { kind: MOVIE, name: "Nope" }) { id } }`, {}, { 'x-api-key': key });
    expect(code(write)).toBe('FORBIDDEN');
  });

  it('refuses an expired key and a revoked one', async () => {
    const a = (await marquee.gql<{ createApiKey: { key: string; apiKey: { id: string } } }>(CREATE, { input: { name: 'old', scopes: ['CATALOG_READ'], expiresAt: '2099-01-01T00:00:00.000Z' } })).data!.createApiKey;
    await db.query(`update api_key set expires_at = now() - interval '1 minute' where id = $1`, [a.apiKey.id]);
    expect(code(await marquee.gql(READ, {}, { 'x-api-key': a.key }))).toBe('UNAUTHENTICATED');

    const b = (await marquee.gql<{ createApiKey: { key: string; apiKey: { id: string } } }>(CREATE, { input: { name: 'gone', scopes: ['CATALOG_READ'] } })).data!.createApiKey;
    expect((await marquee.gql(READ, {}, { 'x-api-key': b.key })).data).toBeTruthy();
    await marquee.gql(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: b.apiKey.id });
    expect(code(await marquee.gql(READ, {}, { 'x-api-key': b.key }))).toBe('UNAUTHENTICATED');
  });

  it('never grants a key more than its owner may do', async () => {
    await createUser('viewer', 'GUEST', 'viewer password');
    const token = (await login('viewer', 'viewer password')).data!.login.accessToken;
    const res = await marquee.gql(CREATE, { input: { name: 'sneaky', scopes: ['CATALOG_WRITE'] } }, bearer(token));
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'scopes' });
    // Members may not scan libraries, so their keys may not either.
    await createUser('editor', 'MEMBER', 'editor password');
    const member = (await login('editor', 'editor password')).data!.login.accessToken;
    const scan = await marquee.gql(CREATE, { input: { name: 'scanner', scopes: ['LIBRARY_WRITE'] } }, bearer(member));
    expect(scan.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'scopes' });
  });
});
