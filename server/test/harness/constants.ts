/** Where the real services of this machine answer; CI starts them when they are down. */
export const ADMIN_DATABASE_URL = process.env.MARQUEE_TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.MARQUEE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The first admin every test product is set up with. */
export const TEST_ADMIN = { username: 'admin', password: 'correct horse battery staple' };
