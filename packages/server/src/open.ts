import type { Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { openPglite } from './db/pglite.ts';
import { connectPostgres } from './db/postgres.ts';
import { createPostgresStore, type PostgresStore } from './store/postgres-store.ts';

/** Where the intake keeps its records. */
export interface StoreOptions {
  /** A PostgreSQL server (`postgres://user:password@host:5432/database`): what production runs on. */
  databaseUrl?: string | undefined;
  /** Without a server: PGlite's data folder. With neither, PGlite in memory (records end with the process). */
  dataDir?: string | undefined;
  /** Keep the records in this schema instead of the default (`public`). */
  schema?: string | undefined;
  /** Connections to the server (default 10). */
  maxConnections?: number | undefined;
  /** Applies pending migrations before answering (default true). */
  migrate?: boolean | undefined;
}

/** Store options from the environment: `DATABASE_URL`, `VULN_REPORT_DATA_DIR`, `VULN_REPORT_DB_SCHEMA`. */
export function storeOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): StoreOptions {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.VULN_REPORT_DATA_DIR || undefined, schema: env.VULN_REPORT_DB_SCHEMA || undefined };
}

/** Opens the database `options` name: a server when given its URL, otherwise PGlite. */
export function openDatabase(options: StoreOptions): Promise<Database> {
  if (options.databaseUrl) {
    return Promise.resolve(connectPostgres({ connectionString: options.databaseUrl, schema: options.schema, maxConnections: options.maxConnections }));
  }
  return openPglite({ dataDir: options.dataDir, schema: options.schema });
}

/** Opens the intake's store, its schema brought up to date first unless `migrate` is false. */
export async function openStore(options: StoreOptions = {}): Promise<PostgresStore> {
  const db = await openDatabase(options);
  try {
    if (options.migrate !== false) await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return createPostgresStore(db);
}
