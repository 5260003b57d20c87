import pg from 'pg';
import { connectPostgres } from '../../src/db/postgres.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres-store.ts';

/** The server the tests use: `TEST_DATABASE_URL`, else the machine's PostgreSQL. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why the test server cannot be used, or undefined when it answers. */
export async function postgresUnreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const { hostname, port } = new URL(TEST_DATABASE_URL);
    return `no PostgreSQL at ${hostname}:${port || 5432} (${error instanceof Error ? error.message : String(error)}); set TEST_DATABASE_URL to run them`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let schemas = 0;

/** A fresh schema of its own on the test server, migrated; `drop()` removes it. */
export async function freshPostgresStore(maxConnections?: number): Promise<{ store: PostgresStore; schema: string; drop: () => Promise<void> }> {
  const schema = `vr_test_${process.pid}_${++schemas}_${Math.random().toString(36).slice(2, 8)}`;
  const db = connectPostgres({ connectionString: TEST_DATABASE_URL, schema, maxConnections });
  await migrate(db);
  const store = createPostgresStore(db);
  return {
    store,
    schema,
    drop: async () => {
      try {
        await db.transaction((sql) => sql.exec(`DROP SCHEMA ${schema} CASCADE`));
      } finally {
        await store.close();
      }
    },
  };
}
