import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchOutbox, type Checkpoint } from '@marquee/read-models';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
let pool: pg.Pool;
beforeAll(() => {
  pool = new pg.Pool({ connectionString: services.databaseUrl });
});
afterAll(() => pool.end());

describe('fetchOutbox', () => {
  it('pages through every row in numeric (tx, id) order across digit-count boundaries', async () => {
    // 1,234 rows in several transactions: ids cross 9→10, 99→100, 999→1000.
    for (let tx = 0; tx < 4; tx++) {
      const n = tx === 3 ? 1234 - 3 * 400 : 400;
      await pool.query(
        `insert into outbox (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
         select 'title', gen_random_uuid()::text, 1, 'TitleCreated', '{}'::jsonb from generate_series(1, $1)`,
        [n],
      );
    }
    // fetchOutbox only hands out rows below the xmin horizon, which is cluster-wide: a transaction
    // another test file holds open in its own database delays them. Wait until they are all out.
    for (let waited = 0; ; waited += 200) {
      const { rows } = await pool.query<{ n: string }>(`select count(*)::text as n from outbox where tx_id < pg_snapshot_xmin(pg_current_snapshot())`);
      if (Number(rows[0]!.n) === 1234) break;
      if (waited > 60_000) throw new Error(`only ${rows[0]!.n} of 1234 rows below the xmin horizon after a minute`);
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const partitions of [1, 3]) {
      const seen: bigint[] = [];
      for (let index = 0; index < partitions; index++) {
        let cursor: Checkpoint = { txId: '0', id: '0' };
        for (;;) {
          const rows = await fetchOutbox(pool, cursor, 97, { index, count: partitions });
          if (rows.length === 0) break;
          const ids = rows.map((r) => BigInt(r.id));
          expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
          seen.push(...ids);
          cursor = { txId: rows.at(-1)!.txId, id: rows.at(-1)!.id };
        }
      }
      expect(seen.length).toBe(1234);
      expect(new Set(seen).size).toBe(1234);
    }
  });
});
