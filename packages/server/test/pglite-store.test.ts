import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { createPostgresStore } from '../src/store/postgres-store.ts';
import { describeSqlStore } from './sql-store.ts';
import { describeStoreContract } from './store-contract.ts';

// One PGlite in memory for the file (it takes seconds to start); each test's store gets
// a schema of its own on it, and all of them share the instance's one mutex.
let pglite: PGlite;
let schemas = 0;
beforeAll(async () => {
  pglite = await PGlite.create();
});
afterAll(() => pglite?.close());

async function freshStore() {
  const schema = `test_${++schemas}`;
  const db = await openPglite({ pglite, schema });
  await migrate(db);
  return { store: createPostgresStore(db), db, close: () => db.transaction((sql) => sql.exec(`DROP SCHEMA ${schema} CASCADE`)) };
}

describeStoreContract('PGlite', freshStore);
describeSqlStore('PGlite', freshStore);
