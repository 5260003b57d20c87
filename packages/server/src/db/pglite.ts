import { PGlite } from '@electric-sql/pglite';
import { checkChannelName, checkSchemaName, RolledBackError, type Database, type Listener, type Sql } from './database.ts';
import { lockFolder } from './folder-lock.ts';
import { createMutex, type Mutex } from './mutex.ts';

/** Where PGlite keeps the records. */
export interface PgliteOptions {
  /** A data folder, locked against other processes while open; omitted, the records live in memory only. */
  dataDir?: string | undefined;
  /** An instance already open (its owner closes it): several stores can share one, each in its own schema. */
  pglite?: PGlite | undefined;
  /** Keep the records in this schema instead of `public`. */
  schema?: string | undefined;
}

/**
 * PGlite is one session: two transactions on it at once would interleave their
 * statements (an acknowledged write lost, a refused one kept). Every transaction on an
 * instance, from any store over it, takes this one mutex.
 */
const mutexes = new WeakMap<PGlite, Mutex>();
const mutexOf = (pglite: PGlite) => {
  let mutex = mutexes.get(pglite);
  if (!mutex) mutexes.set(pglite, (mutex = createMutex()));
  return mutex;
};

/**
 * Embedded PostgreSQL (PGlite, WASM): the zero-set-up default, the same SQL as the
 * server. Units of work run one at a time; locks that serialize them on a server are
 * harmless here.
 */
export async function openPglite(options: PgliteOptions = {}): Promise<Database> {
  const schema = checkSchemaName(options.schema);
  if (options.pglite && options.dataDir) throw new Error('Give PGlite either an open instance or a data folder, not both.');
  const unlock = options.dataDir ? lockFolder(options.dataDir) : undefined;
  let pglite: PGlite;
  try {
    pglite = options.pglite ?? (await PGlite.create(options.dataDir));
  } catch (error) {
    unlock?.();
    throw error;
  }
  const owned = !options.pglite;
  const mutex = mutexOf(pglite);
  const sql: Sql = {
    query: async <Row extends object>(text: string, params?: readonly unknown[]) => (await pglite.query<Row>(text, params as unknown[])).rows,
    exec: async (script) => void (await pglite.exec(script)),
  };
  let closed = false;

  const database: Database = {
    kind: 'pglite',
    schema,
    // The schema is set per transaction on PGlite's one session: a statement alone is a transaction too.
    query: <Row extends object>(text: string, params?: readonly unknown[]) => database.transaction((sql) => sql.query<Row>(text, params)),
    transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
      return mutex(async () => {
        if (closed) throw new Error('This PGlite database is closed.');
        await pglite.exec(schema ? `BEGIN; SET LOCAL search_path TO ${schema}` : 'BEGIN');
        try {
          const result = await work(sql);
          const commit = await pglite.query('COMMIT');
          if (commit.command !== 'COMMIT') throw new RolledBackError('PGlite rolled the transaction back instead of committing it.');
          return result;
        } catch (error) {
          await pglite.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
    async listen(channel: string, onMessage: (payload: string) => void): Promise<Listener> {
      checkChannelName(channel);
      // LISTEN is a statement on the one session: run between units of work, never inside one.
      const unlisten = await mutex(async () => {
        if (closed) throw new Error('This PGlite database is closed.');
        return pglite.listen(channel, onMessage);
      });
      let open = true;
      return {
        // One session in this process: notifications cannot be missed while it is open.
        get connected() {
          return open && !closed;
        },
        close: async () => {
          if (!open) return;
          open = false;
          await mutex(async () => {
            if (!closed) await unlisten();
          });
        },
      };
    },
    close: () =>
      mutex(async () => {
        if (closed) return;
        closed = true;
        try {
          if (owned) await pglite.close();
        } finally {
          unlock?.();
        }
      }),
  };
  return database;
}
