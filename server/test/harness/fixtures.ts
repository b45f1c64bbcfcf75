import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The shared real-world fixtures (`../shared/fixtures` beside the repository). A clone elsewhere
 * (CI in a scratch folder) finds them through MARQUEE_FIXTURES_DIR or the workplace's copy.
 */
export function fixturesDir(): string {
  const candidates = [
    process.env.MARQUEE_FIXTURES_DIR,
    fileURLToPath(new URL('../../../../shared/fixtures', import.meta.url)),
    '/work/shared/fixtures',
  ].filter((c): c is string => Boolean(c));
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`The shared fixtures were not found (looked in ${candidates.join(', ')}); set MARQUEE_FIXTURES_DIR`);
  return found;
}

/** A fixtures folder as a directory URL (with its trailing slash). */
export const fixturesUrl = (sub: string): URL => pathToFileURL(path.join(fixturesDir(), sub) + '/');
