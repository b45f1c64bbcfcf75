import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnProduct } from './harness/spawn-product.js';

/** Everything secret a session of use produces, then the product's whole log searched for it. */
describe('secrets never reach the logs', () => {
  it('holds for passwords, access and refresh tokens, cookies, API keys, the service token and the auth secret', async () => {
    const product = await spawnProduct({ roles: 'api,projector', env: { MARQUEE_LOG_LEVEL: 'trace' } });
    try {
      const gql = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
        const res = await fetch(`${product.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
        return { res, body: (await res.json()) as { data?: Record<string, any>; errors?: unknown[] } };
      };
      const password = 'Sup3r-Secret-Passw0rd';
      const setup = await gql(`mutation($p: String!) { setup(input: { username: "root", password: $p }) { accessToken refreshToken } }`, { p: password });
      const { accessToken, refreshToken } = setup.body.data!.setup;
      await gql(`mutation { login(input: { username: "root", password: "Wr0ng-Guess-Passw0rd" }) { accessToken } }`);
      const cookieLogin = await gql(`mutation($p: String!) { login(input: { username: "root", password: $p }, cookies: true) { user { id } } }`, { p: password });
      const cookies = cookieLogin.res.headers.getSetCookie().map((c) => c.split(';')[0]!);
      await gql('{ me { username } }', {}, { cookie: cookies.join('; ') });
      const refreshed = await gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { refreshToken } }`, { t: refreshToken });
      await gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { refreshToken } }`, { t: refreshToken }); // reuse
            const created = await gql(`mutation($p: String!) { login(input: { username: "root", password: $p }) { accessToken } }`, { p: password });
      const apiKey = (await gql(`mutation { createApiKey(input: { name: "k", scopes: [CATALOG_READ] }) { key } }`, {}, { authorization: `Bearer ${created.body.data!.login.accessToken}` })).body.data!.createApiKey.key as string;
      await gql('{ titles(first: 1) { totalCount } }', {}, { 'x-api-key': apiKey });
      await gql('{ titles(first: 1) { totalCount } }', {}, { 'x-api-key': `${apiKey}x` });
      await gql('{ titles(first: 1) { totalCount } }', {}, { authorization: `Bearer ${accessToken}x` });
      await gql(`mutation { internalImportTitles(items: []) { outcome } }`, {}, { 'x-marquee-service-token': product.serviceToken });
      await gql(`mutation { internalImportTitles(items: []) { outcome } }`, {}, { 'x-marquee-service-token': `${product.serviceToken}x` });

      const authSecret = (await readFile(path.join(product.dataDir, 'auth-secret'), 'utf8')).trim();
      await product.stop(); // the whole log, shutdown included
      const log = product.output();
      expect(log).toContain('signed in');
      expect(log).toContain('sign-in refused');
      const secrets = {
        password,
        wrongPassword: 'Wr0ng-Guess-Passw0rd',
        accessToken,
        refreshToken,
        newRefreshToken: refreshed.body.data!.refreshSession.refreshToken as string,
        ...Object.fromEntries(cookies.map((c, i) => [`cookie${i}`, c.split('=')[1]!])),
        apiKey,
        serviceToken: product.serviceToken,
        authSecret,
      };
      for (const [name, value] of Object.entries(secrets)) expect({ name, found: log.includes(value) }).toEqual({ name, found: false });
    } finally {
      await product.stop();
    }
  });
});
