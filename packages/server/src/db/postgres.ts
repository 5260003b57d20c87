import pg from 'pg';
import { checkSchemaName, RolledBackError, type Database, type Sql } from './database.ts';

/** How to reach a PostgreSQL server. */
export interface PostgresOptions {
  /** `postgres://user:password@host:5432/database` (the intake reads it from `DATABASE_URL`). */
  connectionString: string;
  /** Keep the records in this schema instead of the connection's default (`public`). */
  schema?: string | undefined;
  /** Connections in the pool (default 10): how many units of work run at once. */
  maxConnections?: number | undefined;
}

/**
 * A PostgreSQL server through `pg`'s pool. Each transaction takes a connection of its
 * own, so units of work run concurrently; what they must not do at once, the store
 * serializes with row and advisory locks.
 */
export function connectPostgres(options: PostgresOptions): Database {
  const schema = checkSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection that breaks (a server restart) is dropped by the pool, and the
  // next unit of work gets a new one; without a listener the error would end the process.
  pool.on('error', () => undefined);

  return {
    kind: 'postgres',
    schema,
    async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row extends object>(text: string, params?: readonly unknown[]) => (await client.query(text, params as unknown[])).rows as Row[],
          exec: async (script) => void (await client.query(script)),
        });
        const commit = await client.query('COMMIT');
        // An aborted transaction answers COMMIT with ROLLBACK rather than an error.
        if (commit.command !== 'COMMIT') throw new RolledBackError('PostgreSQL rolled the transaction back instead of committing it.');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        // A connection that could not roll back is destroyed, not handed to the next unit.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
