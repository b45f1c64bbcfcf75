import { errors, jwtVerify, SignJWT } from 'jose';
import type { Role } from './auth.entities.js';

/** Access tokens live this long; a refresh (rotating the refresh token) gets a new one. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;
const ISSUER = 'marquee';

export interface AccessClaims {
  userId: string;
  role: Role;
  sessionId: string;
}

/** HS256 JWTs signed with the server's auth secret (MARQUEE_AUTH_SECRET or one in the data dir). */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(claims: AccessClaims, now = Date.now()): Promise<{ token: string; expiresAt: Date }> {
    const exp = Math.floor(now / 1000) + ACCESS_TOKEN_SECONDS;
    const token = await new SignJWT({ role: claims.role, sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(claims.userId)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The claims of a valid token; 'expired' or 'invalid' otherwise (never why, to the client). */
  async verify(token: string): Promise<AccessClaims | 'expired' | 'invalid'> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      const { sub, role, sid } = payload as { sub?: unknown; role?: unknown; sid?: unknown };
      if (typeof sub !== 'string' || typeof sid !== 'string' || (role !== 'guest' && role !== 'member' && role !== 'admin')) return 'invalid';
      return { userId: sub, role, sessionId: sid };
    } catch (err) {
      return err instanceof errors.JWTExpired ? 'expired' : 'invalid';
    }
  }
}
