import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { OutboxEmail } from '@vuln-report/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/core/clock.ts';
import { createIntake } from '../src/core/intake.ts';
import type { IdempotencyRecord, StoredReport } from '../src/core/records.ts';
import type { IntakeStore, StoreTx } from '../src/core/store.ts';
import { POLICY } from '../src/core/policy.ts';
import { DEFAULT_SEED } from '../src/seed.ts';
import { draft } from './support/harness.ts';

/**
 * The first test of the store interface: the intake command and the reporter's read, run
 * by the domain core against embedded PostgreSQL (PGlite) instead of memory. Only what
 * those commands touch is implemented; the production server's store is the whole of it.
 */
function pgliteStore(db: PGlite): IntakeStore {
  // PGlite is one session: two transactions at once would interleave on it.
  let lock: Promise<unknown> = Promise.resolve();
  const unsupported = () => {
    throw new Error('not part of the spike');
  };
  const unit = <T>(sql: Transaction, work: (tx: StoreTx) => Promise<T>) => {
    // Writes are recorded as the domain makes them and sent before the commit; reads see them.
    const reports = new Map<string, StoredReport>();
    const keys = new Map<string, IdempotencyRecord>();
    const emails: OutboxEmail[] = [];
    const tx: StoreTx = {
      report: async (id) =>
        structuredClone(reports.get(id)) ?? (await sql.query<{ data: StoredReport }>('select data from reports where id = $1', [id])).rows[0]?.data,
      idempotency: async (key) =>
        keys.get(key) ?? (await sql.query<{ data: IdempotencyRecord }>('select data from idempotency where key = $1', [key])).rows[0]?.data,
      putReport: (report) => void reports.set(report.id, structuredClone(report)),
      putIdempotency: (key, record) => void keys.set(key, record),
      addEmail: (email) => void emails.push(email),
      putAttachmentData: unsupported,
      attachmentData: unsupported,
      incident: unsupported,
      evidenceRequest: unsupported,
      listReports: unsupported,
      listIncidents: unsupported,
      listEvidenceRequests: unsupported,
      listOutbox: unsupported,
      email: unsupported,
      emailsDue: unsupported,
      nextEmailDue: unsupported,
      putEmail: unsupported,
      listActivity: unsupported,
      lastActivity: unsupported,
      activityOfTenant: unsupported,
      resolvedReports: unsupported,
      reportsWithDeadlines: unsupported,
      incidentsAwaitingNotice: unsupported,
      missedDeadline: unsupported,
      deadlinesMetLate: unsupported,
      putMissedDeadline: unsupported,
      putIncident: unsupported,
      putEvidenceRequest: unsupported,
      appendActivity: unsupported,
    };
    return work(tx).then(async (result) => {
      for (const [id, report] of reports) {
        await sql.query('insert into reports (id, tenant, data) values ($1, $2, $3) on conflict (id) do update set data = excluded.data', [id, report.tenant, report]);
      }
      for (const [key, record] of keys) await sql.query('insert into idempotency (key, data) values ($1, $2)', [key, record]);
      for (const email of emails) await sql.query('insert into outbox (id, data) values ($1, $2)', [email.id, email]);
      return result;
    });
  };
  return {
    transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
      const run = lock.then(() => db.transaction((sql) => unit(sql, work)));
      lock = run.catch(() => undefined);
      return run;
    },
  };
}

const LINKS = { baseUrl: 'https://intake.test', supportCenterUrl: 'https://intake.test/support' };
let db: PGlite;

beforeAll(async () => {
  db = new PGlite();
  await db.exec(`
    create table reports (id text primary key, tenant text not null, data jsonb not null);
    create table idempotency (key text primary key, data jsonb not null);
    create table outbox (id text primary key, data jsonb not null);
  `);
}, 30_000);
afterAll(() => db?.close());

describe('the store interface on embedded PostgreSQL', () => {
  const submission = (idempotencyKey: string, title = 'Stored XSS in project names') => ({
    tenant: 'acme',
    mode: 'test' as const,
    channel: 'sdk' as const,
    from: { projectKey: 'pk_test_acme' },
    idempotencyKey,
    bodyHash: title,
    draft: { ...draft({ title, reporter: { email: 'ada@example.com' } }), kind: 'vulnerability' as const },
    attachments: [],
  });

  it('stores a report, its idempotency key and its acknowledgement in one unit, and reads it back', async () => {
    const intake = createIntake({ store: pgliteStore(db), directory: { tenants: DEFAULT_SEED.tenants, staffAlerts: [] }, policy: POLICY, clock: createManualClock(new Date('2026-11-26T09:00:00Z')) });
    const stored = await intake.submitReport(submission('k1'), LINKS);
    if (!stored.ok) throw new Error(stored.detail);
    const { receipt } = stored.value;
    expect(receipt).toMatchObject({ state: 'received', statusUrl: `https://intake.test/v1/reports/${receipt.id}` });

    const rows = await db.query<{ n: number }>("select (select count(*)::int from reports) + (select count(*)::int from idempotency) + (select count(*)::int from outbox where data->>'kind' = 'acknowledgement') as n");
    expect(rows.rows[0]!.n).toBe(3);

    const view = await intake.readAsReporter(receipt.id, { kind: 'tracking', token: receipt.trackingToken }, LINKS);
    expect(view.ok && view.value.title).toBe('Stored XSS in project names');
    const wrongToken = await intake.readAsReporter(receipt.id, { kind: 'tracking', token: 'trk_wrong' }, LINKS);
    expect(wrongToken).toMatchObject({ ok: false, kind: 'not-found' });
  });

  it('answers a replay with the first receipt and refuses a reused key, storing nothing more', async () => {
    const intake = createIntake({ store: pgliteStore(db), directory: { tenants: DEFAULT_SEED.tenants, staffAlerts: [] }, policy: POLICY, clock: createManualClock(new Date('2026-11-26T10:00:00Z')) });
    const first = await intake.submitReport(submission('k2'), LINKS);
    const replay = await intake.submitReport(submission('k2'), LINKS);
    const reuse = await intake.submitReport(submission('k2', 'Another report'), LINKS);
    expect(replay.ok && first.ok && replay.value.receipt).toEqual(first.ok && first.value.receipt);
    expect(replay.ok && replay.value.replayed).toBe(true);
    expect(reuse).toMatchObject({ ok: false, kind: 'idempotency-mismatch' });
    const count = await db.query<{ n: number }>("select count(*)::int as n from reports where data->'draft'->>'title' = 'Stored XSS in project names'");
    expect(count.rows[0]!.n).toBe(2);
  });

  it('keeps nothing of a unit of work that fails', async () => {
    const store = pgliteStore(db);
    const before = await db.query<{ n: number }>('select count(*)::int as n from reports');
    await expect(
      store.transaction(async (tx) => {
        tx.putReport({ id: 'rpt_doomed', tenant: 'acme' } as StoredReport);
        throw new Error('the decision failed');
      }),
    ).rejects.toThrow('the decision failed');
    const after = await db.query<{ n: number }>('select count(*)::int as n from reports');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('runs concurrent units one at a time on the one PGlite session, losing none', async () => {
    const intake = createIntake({ store: pgliteStore(db), directory: { tenants: DEFAULT_SEED.tenants, staffAlerts: [] }, policy: POLICY, clock: createManualClock(new Date('2026-11-26T11:00:00Z')) });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => intake.submitReport(submission(`c${i}`, `Concurrent ${i}`), LINKS)));
    expect(results.every((result) => result.ok && !result.value.replayed)).toBe(true);
    const count = await db.query<{ n: number }>("select count(*)::int as n from reports where data->'draft'->>'title' like 'Concurrent %'");
    expect(count.rows[0]!.n).toBe(20);
  });
});
