/**
 * `@vuln-report/server`: the production intake on PostgreSQL. `startServer()` runs it:
 * the stub's routes and domain core over a PostgreSQL server (`pg`) or embedded PGlite,
 * one SQL for both, with versioned migrations; live status across processes through
 * LISTEN/NOTIFY; a scheduler for deadlines; the outbox delivered over SMTP.
 *
 * @packageDocumentation
 */
export { startServer, type ServerOptions, type IntakeServer } from './server.ts';
export { ConfigError } from './config.ts';
export { createServerStore, changesChannel, isLostRace, type ServerStore, type ServerStoreOptions } from './store/server-store.ts';
export type { Readiness } from './run/health.ts';
export { openStore, openDatabase, storeOptionsFromEnv, type StoreOptions } from './open.ts';
export { createPostgresStore, type PostgresStore } from './store/postgres-store.ts';
export { migrate, loadMigrations, MIGRATIONS_DIR, type Migration, type MigrationResult } from './db/migrate.ts';
export { connectPostgres, type PostgresOptions } from './db/postgres.ts';
export { openPglite, type PgliteOptions } from './db/pglite.ts';
export { RolledBackError, type Database, type Listener, type Sql } from './db/database.ts';
