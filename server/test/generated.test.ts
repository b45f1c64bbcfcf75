import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildAppSchema, printSortedSchema } from '../src/graphql/schema.js';
import { SCHEMA_FILE } from '../src/main/schema-file.js';
import { createOrm, migrate } from '../src/infra/orm.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();

describe('generated artefacts', () => {
  it('schema.graphql matches the type-graphql schema (run `npm run marquee -- schema --write`)', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    expect(committed).toBe(printSortedSchema(await buildAppSchema()));
  });

  it('migrations produce exactly the schema the entities describe (run `npm run marquee -- migration:create`)', async () => {
    // The file's database is a clone of the migrated template; migrating again must be a no-op
    // and the entity metadata must agree with what the migrations built.
    const orm = await createOrm(services.databaseUrl);
    try {
      expect(await migrate(orm)).toEqual([]);
      const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: false });
      expect(diff.trim()).toBe('');
      // The committed snapshot agrees too, so `migration:create` would generate nothing.
      expect(await orm.migrator.checkSchema()).toBe(false);
    } finally {
      await orm.close();
    }
  });
});
