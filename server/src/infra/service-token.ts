import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config.js';

export function serviceTokenFile(dataDir: string): string {
  return path.join(dataDir, 'service-token');
}

/**
 * The parser's service token: MARQUEE_SERVICE_TOKEN when set, else one generated once into the
 * data directory (mode 0600) so a local parser can read it. Never logged.
 */
export function resolveServiceToken(config: Config): Promise<string> {
  return config.serviceToken ? Promise.resolve(config.serviceToken) : secretFile(serviceTokenFile(config.dataDir));
}

/** The key access tokens are signed with: MARQUEE_AUTH_SECRET, else one generated into the data directory. */
export function resolveAuthSecret(config: Config): Promise<string> {
  return config.authSecret ? Promise.resolve(config.authSecret) : secretFile(path.join(config.dataDir, 'auth-secret'));
}

/** A secret kept in a file of the data directory (mode 0600), generated the first time. */
async function secretFile(file: string): Promise<string> {
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not generated yet
  }
  await mkdir(path.dirname(file), { recursive: true });
  const token = randomBytes(32).toString('base64url');
  await writeFile(file, token + '\n', { mode: 0o600 });
  return token;
}
