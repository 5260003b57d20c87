/**
 * The one connection a transaction runs on. Every statement of a unit of work goes
 * through it, in order.
 */
export interface Sql {
  /** One statement, with `$1`-style parameters; its rows. */
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A script of several statements, no parameters (a migration). */
  exec(script: string): Promise<void>;
}

/**
 * A PostgreSQL database that keeps the intake's records: a server through `pg`
 * ({@link connectPostgres}) or embedded PGlite ({@link openPglite}). Both run the same SQL.
 */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  /** The schema the records live in, when not the connection's default. */
  readonly schema: string | undefined;
  /**
   * Runs `work` as one SQL transaction (READ COMMITTED): BEGIN, then COMMIT once `work`
   * returns, or ROLLBACK if it throws. Resolves only after the COMMIT succeeded.
   */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /** One statement on its own (its own transaction, one round trip): a lookup, a counter. */
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Listens on a notification channel (lower-case letters, digits and `_`): `onMessage`
   * gets the payload of each `NOTIFY` sent to it, once the transaction that sent it has
   * committed, from any process on this database. `onGap` is called when notifications
   * may have been missed (the listening connection broke and was made again). Resolves
   * once listening.
   */
  listen(channel: string, onMessage: (payload: string) => void, onGap?: () => void): Promise<Listener>;
  /** Closes the connections (and, for a data folder, unlocks it). */
  close(): Promise<void>;
}

/** A channel being listened on: see {@link Database.listen}. */
export interface Listener {
  /** False while the listening connection is broken (being made again). */
  readonly connected: boolean;
  /** Stops listening. */
  close(): Promise<void>;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checks a channel name, so it needs no quoting in LISTEN. */
export function checkChannelName(channel: string): string {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`The channel name ${JSON.stringify(channel)} is not usable: use lower-case letters, digits and _ (at most 63).`);
  return channel;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checks a schema name: lower-case letters, digits and `_`, so it needs no quoting anywhere. */
export function checkSchemaName(schema: string | undefined): string | undefined {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`The schema name ${JSON.stringify(schema)} is not usable: use lower-case letters, digits and _ (at most 63), starting with a letter or _.`);
  }
  return schema;
}

/** Raised when the database answered a COMMIT with anything but COMMIT (it rolled the transaction back). */
export class RolledBackError extends Error {
  override name = 'RolledBackError';
}
