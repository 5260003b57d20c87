import { createHash } from 'node:crypto';
import { Receipt } from '@vuln-report/contract';
import type { IdempotencyRecord, IntakeStore, StoreTx } from '@vuln-report/server-stub/core';
import type { Database, Sql } from '../db/database.ts';
import { createPostgresStore } from './postgres-store.ts';

/**
 * The channel a database's changes to reports are announced on: one per schema, so
 * intakes on other schemas of the same database (tests, several vendors) do not hear
 * each other. Migration 0003's trigger computes the same name from the table's schema.
 */
export function changesChannel(schema: string | undefined): string {
  return `vuln_report_${createHash('sha256')
    .update(schema ?? 'public')
    .digest('hex')
    .slice(0, 16)}`;
}

/** What a unit of work may add to its transaction, after its own statements and before COMMIT. */
export type BeforeCommit = (sql: Sql) => Promise<void>;

/** Options of {@link createServerStore}. */
export interface ServerStoreOptions {
  /** How many more times a unit that lost a race with another unit is run (default 4). */
  retries?: number | undefined;
  /** After each unit commits: the reports it wrote and how many emails it added (the worker starts on new ones). */
  onCommitted?: ((committed: Committed) => void) | undefined;
}

/** What a committed unit of work changed, as far as the server acts on it. */
export interface Committed {
  reports: readonly string[];
  newEmails: number;
}

/** The store of the running server: {@link IntakeStore} with the hooks the server needs. */
export interface ServerStore extends IntakeStore {
  readonly db: Database;
  /** Where changed report ids are announced (by migration 0003's trigger). */
  readonly channel: string;
  /**
   * One unit of work, like `transaction`, with the unit's connection too: `work` may run
   * statements of its own (the outbox's leases) beside the store's, in the same
   * transaction. Not run again after a lost race: the caller decides.
   */
  unit<T>(work: (tx: StoreTx, sql: Sql) => Promise<T>): Promise<T>;
  /** Units run again after losing a race with another unit, since the start. */
  readonly retried: number;
  close(): Promise<void>;
}

const CONFLICT = /was changed by another unit of work after this one read it/;

/**
 * A unit that failed only because another unit got there first, and that is right
 * when run again from the start: PostgreSQL's serialization failure (40001) and deadlock
 * (40P01), and the store's refusal to overwrite a record written since this unit read
 * it through a list.
 */
export function isLostRace(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 4; cause = (cause as { cause?: unknown }).cause, depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (code === '40001' || code === '40P01') return true;
    if (typeof message === 'string' && CONFLICT.test(message)) return true;
  }
  return false;
}

/** The receipt's fields in the contract's order. */
const RECEIPT_KEYS = Object.keys(Receipt.shape);

/**
 * A replayed receipt with its fields in the order of the first answer. JSONB keeps keys
 * in an order of its own, so without this a replay would be the same receipt written
 * differently, and byte-for-byte comparisons (the conformance suite's) would tell them
 * apart.
 */
function inReceiptOrder(record: IdempotencyRecord | undefined): IdempotencyRecord | undefined {
  if (!record) return record;
  const receipt = record.receipt as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of RECEIPT_KEYS) if (key in receipt) ordered[key] = receipt[key];
  for (const key of Object.keys(receipt)) if (!(key in ordered)) ordered[key] = receipt[key];
  return { ...record, receipt: ordered as unknown as IdempotencyRecord['receipt'] };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The PostgreSQL store, as the running server uses it. Each unit of work is still one
 * transaction of the store in `./postgres-store.ts`; on top of it:
 *
 * - **live status across processes**: every write of a report is announced with
 *   `NOTIFY` on {@link changesChannel} by a trigger (migration 0003), in the same
 *   transaction, so every process listening hears of it once the change is committed,
 *   and never of a change that rolled back;
 * - **replays answer the first receipt as it was written** (JSONB reorders keys);
 * - **lost races run again**: on a server several units run at once; when one fails
 *   only because another changed what it read (see {@link isLostRace}), it is run again
 *   from the start, a few times, after a short random pause. The domain's units are
 *   pure over their `StoreTx`, so running one again is safe: the failed run left nothing.
 */
export function createServerStore(db: Database, options: ServerStoreOptions = {}): ServerStore {
  const channel = changesChannel(db.schema);
  const retries = options.retries ?? 4;
  let retried = 0;

  /** One run of a unit: the store's transaction, with the unit's connection for `work`. */
  async function run<T>(work: (tx: StoreTx, sql: Sql) => Promise<T>): Promise<T> {
    const changed = new Set<string>();
    let newEmails = 0;
    let unitSql: Sql | undefined;
    const unitDb: Database = {
      ...db,
      listen: db.listen,
      close: db.close,
      transaction: (inner) =>
        db.transaction((sql) => {
          unitSql = sql;
          return inner(sql);
        }),
    };
    const result = await createPostgresStore(unitDb).transaction((tx) => {
      const tracked: StoreTx = {
        ...tx,
        // The row's trigger announces the change (NOTIFY, delivered on COMMIT); this only counts it.
        putReport(report) {
          changed.add(report.id);
          tx.putReport(report);
        },
        addEmail(email) {
          newEmails += 1;
          tx.addEmail(email);
        },
        idempotency: async (key) => inReceiptOrder(await tx.idempotency(key)),
      };
      return work(tracked, unitSql!);
    });
    if (options.onCommitted && (changed.size > 0 || newEmails > 0)) options.onCommitted({ reports: [...changed], newEmails });
    return result;
  }

  return {
    db,
    channel,
    get retried() {
      return retried;
    },
    unit: run,
    async transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await run((tx) => work(tx));
        } catch (error) {
          if (attempt >= retries || !isLostRace(error)) throw error;
          retried += 1;
          await pause(Math.random() * 5 * 2 ** attempt);
        }
      }
    },
    close: () => db.close(),
  };
}
