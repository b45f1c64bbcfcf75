import type { IncomingHttpHeaders } from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { AuthCommands, Client, SignedIn } from './auth.commands.js';
import { API_KEY_PREFIX } from './auth.commands.js';
import { AuthError } from './auth.errors.js';
import type { Principal } from './policy.js';
import { sameSecret } from './secrets.js';

export const SERVICE_TOKEN_HEADER = 'x-marquee-service-token';
export const API_KEY_HEADER = 'x-api-key';
export const ACCESS_COOKIE = 'mq_access';
export const REFRESH_COOKIE = 'mq_refresh';

export interface Authenticated {
  principal: Principal;
  /** Set-Cookie values to send (a cookie session refreshed or ended on the way). */
  cookies: string[];
  /** Whether the credentials came from cookies (the browser): such requests must be same-origin. */
  viaCookie: boolean;
}

const header = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

export function clientOf(headers: IncomingHttpHeaders, address: string): Client {
  // Spoofing X-Forwarded-Proto can only make cookies Secure, which is harmless.
  return { device: header(headers['user-agent'])?.slice(0, 200) || 'unknown device', address, https: header(headers['x-forwarded-proto']) === 'https' };
}

/**
 * Who a request is. Credentials, in order: the service token header; `Authorization: Bearer`
 * with an access token or an API key; the `x-api-key` header; the web's cookies. Presented but
 * invalid credentials are UNAUTHENTICATED (so a client knows to refresh), never silently anonymous
 * — except cookies, whose session simply ends (the browser is then signed out).
 */
export class Authenticator {
  constructor(
    private readonly auth: AuthCommands,
    private readonly serviceToken: string,
    /** 'auto': Secure when the request came over HTTPS (plain-HTTP home setups still work). */
    private readonly secureCookies: 'auto' | 'true' | 'false',
  ) {}

  private secure(client: Client): boolean {
    return this.secureCookies === 'true' || (this.secureCookies === 'auto' && client.https);
  }

  /**
   * `refresh: false` where no Set-Cookie can be sent back (a WebSocket): an expired access cookie
   * is then refused rather than spending the refresh cookie the browser would keep.
   */
  async authenticate(headers: IncomingHttpHeaders, address: string, options: { refresh?: boolean } = {}): Promise<Authenticated> {
    const service = header(headers[SERVICE_TOKEN_HEADER]);
    if (service !== undefined) {
      if (!sameSecret(service, this.serviceToken)) throw new AuthError('UNAUTHENTICATED', 'The service token is not valid');
      return { principal: { kind: 'service' }, cookies: [], viaCookie: false };
    }
    const authorization = header(headers.authorization);
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw new AuthError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
      const token = match[1]!;
      return { principal: token.startsWith(API_KEY_PREFIX) ? await this.key(token) : await this.bearer(token), cookies: [], viaCookie: false };
    }
    const apiKey = header(headers[API_KEY_HEADER]);
    if (apiKey !== undefined) return { principal: await this.key(apiKey), cookies: [], viaCookie: false };
    const cookieHeader = header(headers.cookie);
    if (cookieHeader && (cookieHeader.includes(ACCESS_COOKIE) || cookieHeader.includes(REFRESH_COOKIE))) {
      return this.cookies(parseCookie(cookieHeader), clientOf(headers, address), options.refresh ?? true);
    }
    return { principal: { kind: 'anonymous' }, cookies: [], viaCookie: false };
  }

  private async key(key: string): Promise<Principal> {
    const found = await this.auth.authenticateKey(key);
    if (!found) throw new AuthError('UNAUTHENTICATED', 'The API key is not valid (unknown, revoked or expired)');
    return { kind: 'key', ...found };
  }

  private async access(token: string): Promise<Principal | 'expired' | 'invalid'> {
    const claims = await this.auth.accessTokens.verify(token);
    if (typeof claims === 'string') return claims;
    if (this.auth.revocations.isRevoked(claims.sessionId)) return 'invalid';
    return { kind: 'user', ...claims };
  }

  private async bearer(token: string): Promise<Principal> {
    const principal = await this.access(token);
    if (principal === 'expired') throw new AuthError('UNAUTHENTICATED', 'The access token has expired; refresh it', { field: 'accessToken' });
    if (principal === 'invalid') throw new AuthError('UNAUTHENTICATED', 'The access token is not valid; sign in again');
    return principal;
  }

  private async cookies(cookies: Record<string, string | undefined>, client: Client, mayRefresh: boolean): Promise<Authenticated> {
    const access = cookies[ACCESS_COOKIE];
    if (access) {
      const principal = await this.access(access);
      if (typeof principal !== 'string') return { principal, cookies: [], viaCookie: true };
    }
    if (!mayRefresh) throw new AuthError('UNAUTHENTICATED', 'The session cookie has expired; renew it over HTTP first');
    const refresh = cookies[REFRESH_COOKIE];
    if (refresh) {
      try {
        const signedIn = await this.auth.refresh(refresh, client, 'cookie');
        return { principal: { kind: 'user', userId: signedIn.user.id, role: signedIn.user.role, sessionId: signedIn.session.id }, cookies: this.sessionCookies(signedIn, client), viaCookie: true };
      } catch (err) {
        if (!(err instanceof AuthError)) throw err;
      }
    }
    return { principal: { kind: 'anonymous' }, cookies: this.clearedCookies(client), viaCookie: true };
  }

  /** httpOnly, SameSite=Strict cookies for the web client. */
  sessionCookies(signedIn: SignedIn, client: Client): string[] {
    const base = { httpOnly: true, sameSite: 'strict' as const, secure: this.secure(client), path: '/' };
    return [
      stringifySetCookie({ name: ACCESS_COOKIE, value: signedIn.accessToken, ...base, expires: signedIn.accessTokenExpiresAt }),
      stringifySetCookie({ name: REFRESH_COOKIE, value: signedIn.refreshToken, ...base, expires: signedIn.session.expiresAt }),
    ];
  }

  clearedCookies(client: Client): string[] {
    const base = { httpOnly: true, sameSite: 'strict' as const, secure: this.secure(client), path: '/', expires: new Date(0) };
    return [stringifySetCookie({ name: ACCESS_COOKIE, value: '', ...base }), stringifySetCookie({ name: REFRESH_COOKIE, value: '', ...base })];
  }
}

/**
 * Requests authenticated by cookies must come from the page Marquee serves: a browser adds an
 * Origin header to cross-site POSTs and WebSocket handshakes, and it must name this host.
 */
export function sameOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = header(headers.origin);
  if (!origin) return true;
  try {
    return new URL(origin).host === header(headers.host);
  } catch {
    return false;
  }
}
