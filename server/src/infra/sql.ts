import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery, type Kysely } from 'kysely';
import pg from 'pg';

type QueryExecutorProvider = Pick<Kysely<unknown>, 'executeQuery'>;

/** A plain pg pool for what the ORM does not do: LISTEN, advisory locks, readiness probes. */
export function createPool(connectionString: string, max = 5): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: 'marquee' });
  // An idle connection the server closes (a restart, a terminated backend) is dropped and replaced
  // on next use; without a listener its error would crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Runs one statement with real bind parameters (`$1`, `$2`…) on the entity manager's connection,
 * inside its transaction when it has one. `em.execute` inlines every parameter into the SQL text,
 * escaping it character by character: for the megabyte JSON arrays of bulk writes that costs more
 * than the statement.
 */
export async function executeBound<T>(em: EntityManager, sql: string, parameters: readonly unknown[]): Promise<T[]> {
  const executor: QueryExecutorProvider = em.getTransactionContext<QueryExecutorProvider>() ?? em.getConnection().getClient();
  const result = await executor.executeQuery<T>(CompiledQuery.raw(sql, [...parameters]));
  return result.rows as T[];
}
