import type { ActivityLogEntry, OutboxEmail } from '@vuln-report/contract';
import { chainActivity } from '@vuln-report/server-stub/core';
import type {
  ActivityRecord,
  IdempotencyRecord,
  IntakeStore,
  MissedDeadline,
  Page,
  PageRequest,
  ReportFilter,
  StoredEvidenceRequest,
  StoredIncident,
  StoredReport,
  StoreTx,
} from '@vuln-report/server-stub/core';
import type { Database, Sql } from '../db/database.ts';
import { EVIDENCE_REQUESTS, INCIDENTS, MISSED_DEADLINES, OUTBOX, REPORTS, statementsOf, type DocumentTable } from './tables.ts';

/** An {@link IntakeStore} on PostgreSQL (a server or PGlite), with its database. */
export interface PostgresStore extends IntakeStore {
  readonly db: Database;
  /** Closes the database. */
  close(): Promise<void>;
}

/** A page holds this many items when the request does not say. */
const DEFAULT_LIMIT = 20;
/** And never more than this many. */
const MAX_LIMIT = 1000;

const GENESIS_HASH = '0'.repeat(64);

/**
 * Serializes the sealers of the activity log (never the units that add entries): held
 * to COMMIT. After it is granted, the next statement sees what the previous sealer
 * placed (READ COMMITTED takes a snapshot per statement). One lock per schema.
 */
const LOCK_SEAL = "SELECT pg_advisory_xact_lock(hashtextextended('vuln-report activity-log ' || current_schema(), 0))";
/** Entries placed per sealing step. */
const SEAL_BATCH = 500;
/**
 * Serializes units of work that read one record by a key they did not invent (`$1` the
 * kind, `$2` the key), present or not: an Idempotency-Key, a missed deadline's id. A
 * row lock cannot do it, since there may be no row yet: a second unit must wait, then
 * find the record the first one created.
 */
const LOCK_KEY = "SELECT pg_advisory_xact_lock(hashtextextended('vuln-report ' || $1 || ' ' || current_schema() || ' ' || $2, 0))";

/** Appends `$1` only onto the head: seq 1 after the genesis hash, or seq n after entry n - 1 whose hash is its prevHash. */
const APPEND_ACTIVITY = `INSERT INTO activity_log (seq, at, prev_hash, hash, tenants, entry)
SELECT (d->>'seq')::bigint, (d->>'at')::timestamptz, d->>'prevHash', d->>'hash', ARRAY(SELECT jsonb_array_elements_text(d->'tenants')), d
FROM (SELECT $1::jsonb AS d) AS doc
WHERE CASE WHEN (d->>'seq')::bigint = 1 THEN d->>'prevHash' = '${GENESIS_HASH}'
  ELSE EXISTS (SELECT 1 FROM activity_log AS head WHERE head.seq = (d->>'seq')::bigint - 1 AND head.hash = d->>'prevHash') END
ON CONFLICT DO NOTHING
RETURNING seq`;

/** The conditions of a list by mode and, when given, one more (`$n` its parameter). */
function recordFilter(mode: string | undefined, extra?: readonly [string, string] | '' | undefined) {
  const where: string[] = [];
  const params: unknown[] = [];
  if (mode) {
    params.push(mode);
    where.push(`mode = $${params.length}`);
  }
  if (extra) {
    params.push(extra[1]);
    where.push(extra[0].replace('$n', `$${params.length}`));
  }
  return { where, params };
}

const SQL = {
  reports: statementsOf(REPORTS),
  incidents: statementsOf(INCIDENTS),
  evidenceRequests: statementsOf(EVIDENCE_REQUESTS),
  outbox: statementsOf(OUTBOX),
  missedDeadlines: statementsOf(MISSED_DEADLINES),
};

interface DocumentRow<T> {
  data: T;
  version: number;
}

interface PageRow<T> extends DocumentRow<T> {
  cursor: string;
}

const ENDED = 'This unit of work has ended: its StoreTx cannot be used after its transaction settled.';
const ignore = () => undefined;

/** PostgreSQL's text and JSONB cannot hold U+0000 or a lone surrogate: say so instead of "unsupported Unicode escape sequence". */
function explain(error: unknown, what: string): unknown {
  const { code, message, detail } = (error ?? {}) as { code?: unknown; message?: unknown; detail?: unknown };
  if (code === '22P05' || (code === '22P02' && /unicode|surrogate/i.test(`${String(message)} ${String(detail)}`))) {
    return new Error(`${what} holds U+0000 or an unpaired surrogate, which PostgreSQL cannot store.`, { cause: error });
  }
  return error;
}

/** A page request's limit, within bounds. */
const limitOf = (request: PageRequest) => Math.min(MAX_LIMIT, Math.max(1, Math.floor(request.limit ?? DEFAULT_LIMIT)));
/** The position a cursor stands for (the `seq` of the last item of the previous page); an unknown cursor starts over. */
const afterOf = (request: PageRequest) => (request.cursor && /^\d{1,18}$/.test(request.cursor) ? request.cursor : undefined);

const base64Of = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const isoOf = (time: Date | string) => new Date(time).toISOString();

/**
 * The intake's records on PostgreSQL: each `transaction()` is one SQL transaction on one
 * connection. Writes are held as the domain records them and sent before the unit's next
 * read, or before COMMIT (see `runWrites`: as one statement when they touch distinct
 * records); a read so sees the unit's own writes, and throws if one failed. The promise
 * resolves after COMMIT. A throw (or any failed statement) rolls everything back.
 *
 * Concurrency on a server (PGlite runs one unit at a time and needs none of this):
 * - reading one record (`report(id)`, `email(id)`, ...) locks its row until the unit
 *   ends, so read-modify-write on one record is serial, as in memory: a second unit
 *   waits, then reads what the first committed;
 * - a record read through a list (no lock) is written back only if no other unit wrote
 *   it meanwhile; otherwise the unit fails rather than overwrite the newer record;
 * - `emailsDue` skips emails another unit has claimed (SKIP LOCKED);
 * - entries of the activity log are added unplaced, with no lock; a unit that reads the
 *   log first places every committed one after the head (the sealer, one at a time under
 *   an advisory lock), and an entry that does not extend the head is refused;
 * - one Idempotency-Key, or one missed deadline's id, is read by one unit at a time,
 *   whether its record exists yet or not (an advisory lock on the key).
 */
export function createPostgresStore(db: Database): PostgresStore {
  return {
    db,
    transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
      return db.transaction(async (sql) => {
        const unit = openUnit(sql);
        try {
          const result = await work(unit.tx);
          await unit.flush();
          return result;
        } finally {
          await unit.end();
        }
      });
    },
    close: () => db.close(),
  };
}

/** Adds an activity-log entry unplaced (`$1` its record, JSON): the sealer places it when the log is next read. */
export const INSERT_PENDING_ACTIVITY = 'INSERT INTO activity_pending (record) VALUES ($1::jsonb)';

/** A write a unit recorded: what it is (for messages, and to tell records apart) and its statement on a connection. */
interface PendingWrite {
  what: string;
  run: (sql: Sql) => Promise<unknown>;
}

/**
 * Writes that may share one statement: each names another record. Two activity entries
 * do not: the order they get their ids in is the log's order of arrival, and the members
 * of one statement run in no set order.
 */
const distinct = (batch: readonly PendingWrite[]) => new Set(batch.map((write) => write.what)).size === batch.length;

/**
 * Sends a unit's writes: several as one statement (one round trip), each a data-modifying
 * `WITH` member whose `RETURNING` rows go back to it, when they touch distinct records
 * (in one statement, a second write of a row would not see the first); one by one
 * otherwise. Each write's own checks (a version, an insert that found its row) hold as
 * when sent alone.
 */
async function runWrites(sql: Sql, batch: readonly PendingWrite[]): Promise<void> {
  if (batch.length === 1 || !distinct(batch)) {
    for (const write of batch) {
      try {
        await write.run(sql);
      } catch (error) {
        throw explain(error, write.what);
      }
    }
    return;
  }
  const calls: Array<{ text: string; params: readonly unknown[]; settle: (rows: unknown[] | Error) => void }> = [];
  let direct = false;
  const collecting: Sql = {
    query: <Row extends object>(text: string, params: readonly unknown[] = []) =>
      direct
        ? sql.query<Row>(text, params)
        : new Promise<Row[]>((resolve, reject) => calls.push({ text, params, settle: (rows) => (rows instanceof Error ? reject(rows) : resolve(rows as Row[])) })),
    exec: (script) => sql.exec(script),
  };
  // Each write's statement is recorded as it starts (before its first await); they run once all are in.
  const runs = batch.map((write) => write.run(collecting).catch((error: unknown) => Promise.reject(explain(error, write.what))));
  direct = true;
  const params: unknown[] = [];
  const members = calls.map((call, i) => {
    const offset = params.length;
    params.push(...call.params);
    return `w${i} AS (${call.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  const results = calls.map((call, i) => (/\bRETURNING\b/i.test(call.text) ? `(SELECT coalesce(json_agg(w${i}), '[]'::json) FROM w${i})` : `'[]'::json`));
  let failedTogether: unknown;
  try {
    const [row] = await sql.query<{ results: unknown[][] }>(`WITH ${members.join(', ')} SELECT json_build_array(${results.join(', ')}) AS results`, params);
    calls.forEach((call, i) => call.settle(row!.results[i]!));
  } catch (error) {
    failedTogether = error;
    for (const call of calls) call.settle(error as Error);
  }
  const settled = await Promise.allSettled(runs);
  // The statement failed as a whole: no one write is to blame by name.
  if (failedTogether !== undefined) throw explain(failedTogether, `One of the unit's ${batch.length} writes`);
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
}

/** One unit of work's {@link StoreTx} over its transaction's connection. */
function openUnit(sql: Sql) {
  let failed: { error: unknown } | undefined;
  let ended = false;
  let tail: Promise<unknown> = Promise.resolve();
  /** The version of each record this unit read or wrote, by `table id`. */
  const versions = new Map<string, number>();
  let sealing = false;

  /** Runs `run` after every statement already queued; the first failure dooms the unit. */
  function step<T>(what: string, run: () => Promise<T>): Promise<T> {
    const result = tail.then(async () => {
      if (failed) throw failed.error;
      try {
        return await run();
      } catch (error) {
        failed = { error: explain(error, what) };
        throw failed.error;
      }
    });
    tail = result.then(ignore, ignore);
    return result;
  }
  /** Writes recorded since the unit's last statement: sent together before its next read, or before COMMIT. */
  let pending: PendingWrite[] = [];
  const sendWrites = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    step(batch.length === 1 ? batch[0]!.what : `${batch.length} writes`, () => runWrites(sql, batch)).catch(ignore);
  };
  const read = <T>(what: string, run: () => Promise<T>): Promise<T> => {
    if (ended) return Promise.reject(new Error(ENDED));
    sendWrites();
    return step(what, run);
  };
  /** Records a write; its failure surfaces at the unit's next read, or at COMMIT. */
  const write = (what: string, run: (sql: Sql) => Promise<unknown>) => {
    if (ended) throw new Error(ENDED);
    pending.push({ what, run });
  };

  const versionKey = (table: DocumentTable, id: string) => `${table.name} ${id}`;
  const remember = <T extends { id: string }>(table: DocumentTable, rows: readonly DocumentRow<T>[]) =>
    rows.map((row) => {
      versions.set(versionKey(table, row.data.id), Number(row.version));
      return row.data;
    });

  const readOne = <T extends { id: string }>(table: DocumentTable, statement: string, id: string) =>
    read(`${table.what} ${id}`, async () => remember<T>(table, await sql.query<DocumentRow<T>>(statement, [id]))[0]);
  const readAll = <T extends { id: string }>(table: DocumentTable, statement: string, params: readonly unknown[] = []) =>
    read(`${table.what}s`, async () => remember<T>(table, await sql.query<DocumentRow<T>>(statement, params)));

  /** A page of `table` in `seq` order, from the cursor. */
  const pageOf = <T extends { id: string }>(table: DocumentTable, order: 'ASC' | 'DESC', request: PageRequest, where: string[] = [], params: unknown[] = []) =>
    read(`${table.what}s`, async (): Promise<Page<T>> => {
      const limit = limitOf(request);
      const after = afterOf(request);
      const conditions = [...where];
      const values = [...params];
      if (after !== undefined) {
        values.push(after);
        conditions.push(`seq ${order === 'DESC' ? '<' : '>'} $${values.length}::bigint`);
      }
      values.push(limit + 1);
      const rows = await sql.query<PageRow<T>>(
        `SELECT data, version, seq::text AS cursor FROM ${table.name}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY seq ${order} LIMIT $${values.length}`,
        values,
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return rows.length > limit && last ? { items: remember(table, items), nextCursor: last.cursor } : { items: remember(table, items) };
    });

  /**
   * Writes a document: `put` inserts or replaces (conditionally, when this unit read it),
   * `add` only inserts, `replace` only replaces. The JSON is taken now: changing the
   * object afterwards changes nothing.
   */
  const writeDocument = (table: DocumentTable, statements: ReturnType<typeof statementsOf>, record: { id: string }, mode: 'put' | 'add' | 'replace') => {
    const json = JSON.stringify(record);
    const { id } = record;
    const what = `${table.what} ${id}`;
    write(what, async (sql) => {
      const key = versionKey(table, id);
      const known = versions.get(key);
      let rows: Array<{ version: number }>;
      if (mode === 'add') {
        rows = await sql.query(statements.insertNew, [id, json]);
        if (rows.length === 0) throw new Error(`${what} already exists.`);
      } else if (mode === 'put' && known === undefined) {
        rows = await sql.query(statements.upsert, [id, json]);
      } else {
        rows = await sql.query(statements.update, [id, json, known ?? null]);
        if (rows.length === 0) {
          throw new Error(known === undefined ? `${what} does not exist.` : `${what} was changed by another unit of work after this one read it; this unit is rolled back.`);
        }
      }
      versions.set(key, Number(rows[0]!.version));
    });
  };

  /**
   * Places every pending entry (committed, and the unit's own) after the log's head, in
   * order of arrival, before the unit reads the log. The lock holds until COMMIT.
   */
  const seal = async () => {
    if (!sealing) await sql.query(LOCK_SEAL);
    sealing = true;
    let head = (await sql.query<{ entry: ActivityLogEntry }>('SELECT entry FROM activity_log ORDER BY seq DESC LIMIT 1'))[0]?.entry;
    for (;;) {
      const pending = await sql.query<{ id: string; record: ActivityRecord }>('SELECT id::text, record FROM activity_pending ORDER BY activity_pending.id LIMIT $1', [SEAL_BATCH]);
      for (const { record } of pending) {
        const entry = chainActivity(head, record, record.at);
        const rows = await sql.query(APPEND_ACTIVITY, [JSON.stringify(entry)]);
        if (rows.length === 0) throw new Error(`Activity entry ${entry.seq} does not extend the activity log.`);
        head = entry;
      }
      if (pending.length > 0) await sql.query('DELETE FROM activity_pending WHERE id = ANY($1::bigint[])', [pending.map((row) => row.id)]);
      if (pending.length < SEAL_BATCH) return;
    }
  };

  const tx: StoreTx = {
    report: (id) => readOne<StoredReport>(REPORTS, SQL.reports.readForUpdate, id),
    attachmentData: (reportId, attachmentId) =>
      read(`Attachment ${reportId}/${attachmentId}`, async () => {
        const rows = await sql.query<{ data: Uint8Array }>('SELECT data FROM attachments WHERE report_id = $1 AND attachment_id = $2', [reportId, attachmentId]);
        return rows[0] ? base64Of(rows[0].data) : undefined;
      }),
    idempotency: (key) =>
      read('Idempotency key', async () => {
        await sql.query(LOCK_KEY, ['idempotency', key]);
        return (await sql.query<{ data: IdempotencyRecord }>('SELECT data FROM idempotency_keys WHERE key = $1', [key]))[0]?.data;
      }),
    incident: (id) => readOne<StoredIncident>(INCIDENTS, SQL.incidents.readForUpdate, id),
    evidenceRequest: (id) => readOne<StoredEvidenceRequest>(EVIDENCE_REQUESTS, SQL.evidenceRequests.readForUpdate, id),

    listReports: (filter: ReportFilter, request) => {
      const where: string[] = [];
      const params: unknown[] = [];
      for (const [column, value] of [
        ['state', filter.state],
        ['severity', filter.severity],
        ['tenant', filter.tenant],
        ['mode', filter.mode],
      ] as const) {
        if (!value) continue;
        params.push(value);
        where.push(`${column} = $${params.length}`);
      }
      return pageOf<StoredReport>(REPORTS, 'DESC', request, where, params);
    },
    listIncidents: (filter, request) => {
      const { where, params } = recordFilter(filter.mode, filter.tenant && ['affected_tenants @> ARRAY[$n]::text[]', filter.tenant]);
      return pageOf<StoredIncident>(INCIDENTS, 'DESC', request, where, params);
    },
    listEvidenceRequests: (filter, request) => {
      const { where, params } = recordFilter(filter.mode, filter.tenant && ['tenant = $n', filter.tenant]);
      return pageOf<StoredEvidenceRequest>(EVIDENCE_REQUESTS, 'DESC', request, where, params);
    },
    listOutbox: (filter, request) => {
      const { where, params } = recordFilter(filter.mode);
      return pageOf<OutboxEmail>(OUTBOX, 'ASC', request, where, params);
    },
    email: (id) => readOne<OutboxEmail>(OUTBOX, SQL.outbox.readForUpdate, id),
    emailsDue: (now, limit) =>
      limit < 1
        ? read('Emails', async () => [])
        : readAll<OutboxEmail>(
            OUTBOX,
            "SELECT data, version FROM outbox WHERE status = 'queued' AND due_at <= $1::timestamptz ORDER BY due_at, seq LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED",
            [now, Math.floor(limit)],
          ),
    nextEmailDue: () =>
      read('Emails', async () => {
        const due = (await sql.query<{ due: Date | string | null }>("SELECT min(due_at) AS due FROM outbox WHERE status = 'queued'"))[0]?.due;
        return due == null ? undefined : isoOf(due);
      }),

    listActivity: (request, filter) =>
      read('Activity log', async (): Promise<Page<ActivityLogEntry>> => {
        await seal();
        const limit = limitOf(request);
        const after = afterOf(request) ?? '0';
        // READ_ACTION of the core, in SQL.
        const writes = filter?.writesOnly ? " AND entry->>'action' !~ '\\.(read|list|download)$|^GET '" : '';
        const rows = await sql.query<{ entry: ActivityLogEntry; cursor: string }>(
          `SELECT entry, seq::text AS cursor FROM activity_log WHERE seq > $1::bigint${writes} ORDER BY seq LIMIT $2`,
          [after, limit + 1],
        );
        const items = rows.slice(0, limit);
        const last = items.at(-1);
        return rows.length > limit && last ? { items: items.map((row) => row.entry), nextCursor: last.cursor } : { items: items.map((row) => row.entry) };
      }),
    activityOfTenant: (tenant) =>
      read('Activity log', async () => {
        await seal();
        return (await sql.query<{ entry: ActivityLogEntry }>('SELECT entry FROM activity_log WHERE tenants @> ARRAY[$1]::text[] ORDER BY seq', [tenant])).map((row) => row.entry);
      }),
    resolvedReports: () =>
      readAll<StoredReport>(REPORTS, "SELECT data, version FROM reports WHERE state = 'resolved' AND resolved_at IS NOT NULL ORDER BY resolved_at, seq"),
    reportsWithDeadlines: () =>
      readAll<StoredReport>(
        REPORTS,
        "SELECT data, version FROM reports WHERE (state = 'received' AND acknowledged_at IS NULL) OR state IN ('triaged', 'needs-info') ORDER BY seq",
      ),
    incidentsAwaitingNotice: () =>
      readAll<StoredIncident>(INCIDENTS, "SELECT data, version FROM incidents WHERE notified_at IS NULL AND state <> 'closed' ORDER BY seq"),
    missedDeadline: (id) =>
      read(`Missed deadline ${id}`, async () => {
        await sql.query(LOCK_KEY, ['missed-deadline', id]);
        return remember<MissedDeadline>(MISSED_DEADLINES, await sql.query(SQL.missedDeadlines.readForUpdate, [id]))[0];
      }),
    deadlinesMetLate: () =>
      readAll<MissedDeadline>(MISSED_DEADLINES, 'SELECT data, version FROM missed_deadlines WHERE met_at IS NOT NULL ORDER BY due_at, seq'),

    putReport: (report) => writeDocument(REPORTS, SQL.reports, report, 'put'),
    putMissedDeadline: (deadline) => writeDocument(MISSED_DEADLINES, SQL.missedDeadlines, deadline, 'put'),
    putAttachmentData: (reportId, attachmentId, dataBase64) => {
      const bytes = Buffer.from(dataBase64, 'base64');
      write(`Attachment ${reportId}/${attachmentId}`, (sql) =>
        sql.query('INSERT INTO attachments (report_id, attachment_id, data) VALUES ($1, $2, $3) ON CONFLICT (report_id, attachment_id) DO UPDATE SET data = EXCLUDED.data', [
          reportId,
          attachmentId,
          bytes,
        ]),
      );
    },
    putIdempotency: (key, record) => {
      const json = JSON.stringify(record);
      write('Idempotency key', (sql) => sql.query('INSERT INTO idempotency_keys (key, data) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data', [key, json]));
    },
    putIncident: (incident) => writeDocument(INCIDENTS, SQL.incidents, incident, 'put'),
    putEvidenceRequest: (request) => writeDocument(EVIDENCE_REQUESTS, SQL.evidenceRequests, request, 'put'),
    addEmail: (email) => writeDocument(OUTBOX, SQL.outbox, email, 'add'),
    putEmail: (email) => writeDocument(OUTBOX, SQL.outbox, email, 'replace'),
    appendActivity: (record) => {
      // Serialized now: what the caller changes after handing it over is not stored.
      const json = JSON.stringify(record);
      write('Activity entry', (sql) => sql.query(INSERT_PENDING_ACTIVITY, [json]));
    },

  };

  return {
    tx,
    /** Sends the writes not sent yet and waits for every statement; throws the first failure. */
    async flush() {
      sendWrites();
      await tail;
      if (failed) throw failed.error;
    },
    /** Refuses further use, once what is under way has settled. */
    async end() {
      ended = true;
      await tail;
    },
  };
}
