/**
 * `@vuln-report/server`: the production intake on PostgreSQL. So far its store: the
 * stub's domain core over a PostgreSQL server (`pg`) or embedded PGlite, one SQL for both,
 * with versioned migrations.
 *
 * @packageDocumentation
 */
export { openStore, openDatabase, storeOptionsFromEnv, type StoreOptions } from './open.ts';
export { createPostgresStore, type PostgresStore } from './store/postgres-store.ts';
export { migrate, loadMigrations, MIGRATIONS_DIR, type Migration, type MigrationResult } from './db/migrate.ts';
export { connectPostgres, type PostgresOptions } from './db/postgres.ts';
export { openPglite, type PgliteOptions } from './db/pglite.ts';
export { RolledBackError, type Database, type Sql } from './db/database.ts';
