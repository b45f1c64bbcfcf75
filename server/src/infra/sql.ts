import pg from 'pg';

/** A plain pg pool for what the ORM does not do: LISTEN, advisory locks, readiness probes. */
export function createPool(connectionString: string, max = 5): pg.Pool {
  return new pg.Pool({ connectionString, max, application_name: 'marquee' });
}
