import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';

/**
 * argon2id with OWASP's second recommended profile (19 MiB, t=2, p=1): a few tens of
 * milliseconds per login on a small server, far too slow for offline guessing at scale.
 */
const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, ARGON2);

/** A hash of a password nobody knows: unknown usernames cost as much to check as real ones. */
const decoy = hashPassword(randomBytes(16).toString('hex'));

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash ?? (await decoy), password);
  } catch {
    return false;
  }
}

/** A random opaque token (refresh tokens, API key secrets): 256 bits, URL-safe. */
export const opaqueToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * Opaque tokens are stored as their SHA-256: they carry 256 bits of entropy, so a fast hash is
 * enough (argon2 is for low-entropy passwords), and lookups stay an index probe.
 */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** Constant-time comparison of two secrets of any length. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}
