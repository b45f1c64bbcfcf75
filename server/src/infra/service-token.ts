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
export async function resolveServiceToken(config: Config): Promise<string> {
  if (config.serviceToken) return config.serviceToken;
  const file = serviceTokenFile(config.dataDir);
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not generated yet
  }
  await mkdir(config.dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  await writeFile(file, token + '\n', { mode: 0o600 });
  return token;
}
