import pg from 'pg';
import { checkChannelName, checkSchemaName, RolledBackError, type Database, type Listener, type Sql } from './database.ts';

/** How to reach a PostgreSQL server. */
export interface PostgresOptions {
  /** `postgres://user:password@host:5432/database` (the intake reads it from `DATABASE_URL`). */
  connectionString: string;
  /** Keep the records in this schema instead of the connection's default (`public`). */
  schema?: string | undefined;
  /** Connections in the pool (default 10): how many units of work run at once. */
  maxConnections?: number | undefined;
  /** How long to wait for a connection to the server before failing (default 10 s). */
  connectionTimeoutMs?: number | undefined;
}

/** After a listening connection broke, the first wait before making it again; doubled up to {@link RELISTEN_MAX_MS}. */
const RELISTEN_FIRST_MS = 100;
const RELISTEN_MAX_MS = 5_000;

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
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection that breaks (a server restart) is dropped by the pool, and the
  // next unit of work gets a new one; without a listener the error would end the process.
  pool.on('error', () => undefined);
  const listeners = new Set<Listener>();

  /**
   * A connection of its own (not the pool's) that LISTENs, made again whenever it breaks,
   * after a pause that grows; each time it is back, `onGap` says what was sent meanwhile
   * is lost.
   */
  async function listen(channel: string, onMessage: (payload: string) => void, onGap?: () => void): Promise<Listener> {
    checkChannelName(channel);
    let client: pg.Client | undefined;
    let open = true;
    let connected = false;
    let wait = RELISTEN_FIRST_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const connect = async () => {
      const next = new pg.Client({ connectionString: options.connectionString, connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000 });
      next.on('error', () => undefined);
      next.on('notification', (message) => {
        if (message.channel === channel) onMessage(message.payload ?? '');
      });
      await next.connect();
      try {
        await next.query(`LISTEN ${channel}`);
      } catch (error) {
        await next.end().catch(() => undefined);
        throw error;
      }
      next.once('end', () => {
        if (client !== next) return;
        connected = false;
        client = undefined;
        retry();
      });
      if (!open) {
        await next.end().catch(() => undefined);
        return;
      }
      client = next;
      connected = true;
      wait = RELISTEN_FIRST_MS;
    };
    const retry = () => {
      if (!open) return;
      timer = setTimeout(() => {
        timer = undefined;
        connect().then(
          () => onGap?.(),
          () => {
            wait = Math.min(wait * 2, RELISTEN_MAX_MS);
            retry();
          },
        );
      }, wait);
      timer.unref?.();
    };

    await connect();
    const listener: Listener = {
      get connected() {
        return connected;
      },
      async close() {
        if (!open) return;
        open = false;
        connected = false;
        listeners.delete(listener);
        clearTimeout(timer);
        const current = client;
        client = undefined;
        await current?.end().catch(() => undefined);
      },
    };
    listeners.add(listener);
    return listener;
  }

  return {
    kind: 'postgres',
    schema,
    query: async <Row extends object>(text: string, params?: readonly unknown[]) => (await pool.query(text, params as unknown[])).rows as Row[],
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
    listen,
    async close() {
      await Promise.all([...listeners].map((listener) => listener.close()));
      await pool.end();
    },
  };
}
