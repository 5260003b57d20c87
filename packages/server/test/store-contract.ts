import type { ActivityLogEntry, OutboxEmail, ReportDraft } from '@vuln-report/contract';
import { DEFAULT_SEED } from '@vuln-report/server-stub';
import {
  deriveLedgerKeys,
  createIntake,
  createManualClock,
  createMemoryStore,
  POLICY,
  verifyActivityLog,
  type Actor,
  type IntakeStore,
  type Page,
  type PageRequest,
  type StoredReport,
  type StoreTx,
} from '@vuln-report/server-stub/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activity, at, email, evidenceRequest, incident, missedDeadline, report, T0 } from './support/fixtures.ts';

/** A store under test, empty, and how to dispose of it. */
export interface StoreUnderTest {
  store: IntakeStore;
  close?: () => Promise<void>;
}

/** Makes a new, empty store for each test. */
export type StoreFactory = () => Promise<StoreUnderTest>;

/**
 * What every {@link IntakeStore} must do, as the domain core relies on it: the store
 * interface's contract, run against the in-memory reference store and each database.
 * `skip` gives the reason when the backend cannot run here.
 */
export function describeStoreContract(name: string, factory: StoreFactory, options: { skip?: string | undefined } = {}) {
  describe.skipIf(Boolean(options.skip))(`the store contract on ${name}`, () => {
    let subject: StoreUnderTest;
    let store: IntakeStore;
    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
    });
    afterEach(async () => {
      await subject?.close?.();
    });

    const unit = <T>(work: (tx: StoreTx) => Promise<T>) => store.transaction(work);
    /** Every item of a list, page by page through its cursors, and the pages' sizes. */
    async function walk<T>(list: (request: PageRequest) => Promise<Page<T>>, limit: number) {
      const items: T[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const page = await list({ cursor, limit });
        items.push(...page.items);
        sizes.push(page.items.length);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return { items, sizes };
    }
    const ids = (records: ReadonlyArray<{ id: string }>) => records.map((record) => record.id);

    describe('round trips', () => {
      it('keeps each kind of record and reads it back in a later unit', async () => {
        const entries = activity(2);
        const stored = {
          report: report('rpt_1', { severity: 'critical', attachments: [{ id: 'att_1', name: 'poc.html', type: 'text/plain', size: 3 } as StoredReport['attachments'][number]] }),
          incident: incident('inc_1'),
          evidence: evidenceRequest('evd_1'),
          email: email('eml_1', { tenant: 'acme', nextAttemptAt: at(5), lastError: 'refused', attempts: 1 }),
          missed: missedDeadline('rpt_1', { metAt: at(10), severity: 'critical' }),
          idempotency: { bodyHash: 'h1', receipt: { id: 'rpt_1', trackingToken: 'trk_x', state: 'received', receivedAt: at(0), acknowledgeBy: at(1), statusUrl: 'https://intake.test/v1/reports/rpt_1' } } as never,
        };
        await unit(async (tx) => {
          tx.putReport(stored.report);
          tx.putAttachmentData('rpt_1', 'att_1', 'AP8Afw==');
          tx.putIdempotency('pk_test_acme k1', stored.idempotency);
          tx.putIncident(stored.incident);
          tx.putEvidenceRequest(stored.evidence);
          tx.addEmail(stored.email);
          tx.putMissedDeadline(stored.missed);
          for (const entry of entries) tx.appendActivity(entry);
        });
        await unit(async (tx) => {
          expect(await tx.report('rpt_1')).toEqual(stored.report);
          expect(await tx.attachmentData('rpt_1', 'att_1')).toBe('AP8Afw==');
          expect(await tx.idempotency('pk_test_acme k1')).toEqual(stored.idempotency);
          expect(await tx.incident('inc_1')).toEqual(stored.incident);
          expect(await tx.evidenceRequest('evd_1')).toEqual(stored.evidence);
          expect(await tx.email('eml_1')).toEqual(stored.email);
          expect(await tx.missedDeadline(stored.missed.id)).toEqual(stored.missed);
          expect((await tx.listActivity({})).items).toEqual(entries);
        });
      });

      it('answers nothing for what it does not have', async () => {
        await unit(async (tx) => {
          tx.putReport(report('rpt_1'));
          tx.putAttachmentData('rpt_1', 'att_1', 'AAAA');
        });
        await unit(async (tx) => {
          expect(await tx.report('rpt_none')).toBeUndefined();
          expect(await tx.attachmentData('rpt_1', 'att_none')).toBeUndefined();
          expect(await tx.attachmentData('rpt_none', 'att_1')).toBeUndefined();
          expect(await tx.idempotency('pk_test_acme none')).toBeUndefined();
          expect(await tx.incident('inc_none')).toBeUndefined();
          expect(await tx.evidenceRequest('evd_none')).toBeUndefined();
          expect(await tx.email('eml_none')).toBeUndefined();
          expect(await tx.missedDeadline('report:rpt_none:acknowledgement')).toBeUndefined();
          expect(await tx.nextEmailDue()).toBeUndefined();
          expect(await tx.emailsDue(at(60), 10)).toEqual([]);
          for (const list of [tx.listIncidents({}, {}), tx.listEvidenceRequests({}, {}), tx.listOutbox({}, {}), tx.listActivity({}), tx.listReports({ tenant: 'globex' }, {})]) {
            expect(await list).toEqual({ items: [] });
          }
          expect(await tx.activityOfTenant('acme')).toEqual([]);
          expect(await tx.resolvedReports()).toEqual([]);
          expect(await tx.incidentsAwaitingNotice()).toEqual([]);
          expect(await tx.deadlinesMetLate()).toEqual([]);
        });
      });

      it('replaces a record put again, which keeps its place in its list', async () => {
        await unit(async (tx) => {
          for (const id of ['rpt_1', 'rpt_2', 'rpt_3']) tx.putReport(report(id));
          for (const id of ['inc_1', 'inc_2']) tx.putIncident(incident(id));
          for (const id of ['evd_1', 'evd_2']) tx.putEvidenceRequest(evidenceRequest(id));
          for (const id of ['eml_1', 'eml_2']) tx.addEmail(email(id));
          tx.putAttachmentData('rpt_1', 'att_1', 'AAAA');
          tx.putIdempotency('k', { bodyHash: 'first' } as never);
        });
        await unit(async (tx) => {
          tx.putReport(report('rpt_1', { state: 'triaged', severity: 'blocker' }));
          tx.putIncident(incident('inc_1', { state: 'contained' }));
          tx.putEvidenceRequest(evidenceRequest('evd_1', { state: 'fulfilled', fulfilledAt: at(3) }));
          tx.putEmail(email('eml_1', { status: 'sent', sentAt: at(1), attempts: 1 }));
          tx.putAttachmentData('rpt_1', 'att_1', 'BBBB');
          tx.putIdempotency('k', { bodyHash: 'second' } as never);
        });
        await unit(async (tx) => {
          const reports = (await tx.listReports({}, {})).items;
          expect(ids(reports)).toEqual(['rpt_3', 'rpt_2', 'rpt_1']);
          expect(reports[2]).toMatchObject({ state: 'triaged', severity: 'blocker' });
          expect((await tx.listIncidents({}, {})).items.map((item) => [item.id, item.state])).toEqual([
            ['inc_2', 'detected'],
            ['inc_1', 'contained'],
          ]);
          expect((await tx.listEvidenceRequests({}, {})).items.map((item) => [item.id, item.state])).toEqual([
            ['evd_2', 'open'],
            ['evd_1', 'fulfilled'],
          ]);
          expect((await tx.listOutbox({}, {})).items.map((item) => [item.id, item.status])).toEqual([
            ['eml_1', 'sent'],
            ['eml_2', 'queued'],
          ]);
          expect(await tx.attachmentData('rpt_1', 'att_1')).toBe('BBBB');
          expect(await tx.idempotency('k')).toEqual({ bodyHash: 'second' });
        });
      });

      it('hands out copies: changing a record read, or one already put, changes nothing stored', async () => {
        await unit(async (tx) => {
          const original = report('rpt_1');
          tx.putReport(original);
          original.state = 'closed';
          original.timeline.push({ at: at(1), type: 'reopened', actor: 'x' } as never);
          const outgoing = email('eml_1');
          tx.addEmail(outgoing);
          outgoing.status = 'sent';
          const [entry] = activity(1);
          tx.appendActivity(entry!);
          entry!.tenants.push('globex');
        });
        await unit(async (tx) => {
          const read = (await tx.report('rpt_1'))!;
          expect(read.state).toBe('received');
          expect(read.timeline).toHaveLength(1);
          read.state = 'resolved';
          (await tx.listReports({}, {})).items[0]!.state = 'resolved';
          expect((await tx.email('eml_1'))!.status).toBe('queued');
          expect((await tx.listActivity({})).items[0]!.tenants).toEqual(['acme']);
        });
        expect(await unit(async (tx) => (await tx.report('rpt_1'))!.state)).toBe('received');
      });

      it('resolves with what the work returns, once committed', async () => {
        const value = await unit(async (tx) => {
          tx.putReport(report('rpt_1'));
          return { answer: 42 };
        });
        expect(value).toEqual({ answer: 42 });
        expect(await unit(async (tx) => (await tx.report('rpt_1'))?.id)).toBe('rpt_1');
      });
    });

    describe('a unit of work', () => {
      it('reads its own writes: records, lists, the outbox and the chain', async () => {
        await unit(async (tx) => {
          tx.putReport(report('rpt_1'));
          expect((await tx.report('rpt_1'))?.state).toBe('received');
          expect(ids((await tx.listReports({ state: 'received' }, {})).items)).toEqual(['rpt_1']);
          expect(ids(await tx.reportsWithDeadlines())).toEqual(['rpt_1']);
          tx.putReport(report('rpt_1', { state: 'resolved', severity: 'major', resolvedAt: at(5), fixedIn: '1.0.1' }));
          expect((await tx.report('rpt_1'))?.state).toBe('resolved');
          expect(ids(await tx.resolvedReports())).toEqual(['rpt_1']);
          expect(await tx.reportsWithDeadlines()).toEqual([]);
          expect((await tx.listReports({ state: 'received' }, {})).items).toEqual([]);

          tx.putAttachmentData('rpt_1', 'att_1', 'aGVsbG8=');
          expect(await tx.attachmentData('rpt_1', 'att_1')).toBe('aGVsbG8=');
          tx.putIdempotency('k1', { bodyHash: 'h' } as never);
          expect(await tx.idempotency('k1')).toEqual({ bodyHash: 'h' });

          tx.putIncident(incident('inc_1'));
          expect(ids(await tx.incidentsAwaitingNotice())).toEqual(['inc_1']);
          tx.putIncident(incident('inc_1', { notifiedAt: at(1), state: 'notified' }));
          expect(await tx.incidentsAwaitingNotice()).toEqual([]);
          expect((await tx.incident('inc_1'))?.state).toBe('notified');

          tx.putEvidenceRequest(evidenceRequest('evd_1'));
          expect(ids((await tx.listEvidenceRequests({}, {})).items)).toEqual(['evd_1']);

          tx.addEmail(email('eml_1'));
          expect(ids(await tx.emailsDue(at(1), 10))).toEqual(['eml_1']);
          expect(await tx.nextEmailDue()).toBe(at(0));
          tx.putEmail(email('eml_1', { attempts: 1, nextAttemptAt: at(10) }));
          expect(await tx.emailsDue(at(1), 10)).toEqual([]);
          expect(await tx.nextEmailDue()).toBe(at(10));
          expect((await tx.email('eml_1'))?.attempts).toBe(1);

          tx.putMissedDeadline(missedDeadline('rpt_1'));
          expect(await tx.deadlinesMetLate()).toEqual([]);
          tx.putMissedDeadline(missedDeadline('rpt_1', { metAt: at(2) }));
          expect(await tx.deadlinesMetLate()).toEqual([missedDeadline('rpt_1', { metAt: at(2) })]);

          const [first, second] = activity(2);
          tx.appendActivity(first!);
          expect((await tx.listActivity({})).items).toEqual([first]);
          tx.appendActivity(second!);
          expect((await tx.listActivity({})).items).toEqual([first, second]);
          expect(await tx.activityOfTenant('acme')).toEqual([first, second]);
        });
      });

      it('keeps nothing of a unit that throws, and rejects with its error', async () => {
        const [first, second] = activity(2);
        await unit(async (tx) => {
          tx.putReport(report('rpt_1'));
          tx.addEmail(email('eml_1'));
          tx.appendActivity(first!);
        });
        const snapshot = () =>
          unit(async (tx) => ({
            reports: await tx.listReports({}, {}),
            report: await tx.report('rpt_1'),
            attachment: await tx.attachmentData('rpt_1', 'att_1'),
            key: await tx.idempotency('k1'),
            incidents: await tx.listIncidents({}, {}),
            evidence: await tx.listEvidenceRequests({}, {}),
            outbox: await tx.listOutbox({}, {}),
            missed: await tx.missedDeadline(missedDeadline('rpt_1').id),
            activity: await tx.listActivity({}),
          }));
        const before = await snapshot();
        await expect(
          unit(async (tx) => {
            tx.putReport(report('rpt_1', { state: 'closed' }));
            tx.putReport(report('rpt_2'));
            tx.putAttachmentData('rpt_1', 'att_1', 'AAAA');
            tx.putIdempotency('k1', { bodyHash: 'h' } as never);
            tx.putIncident(incident('inc_1'));
            tx.putEvidenceRequest(evidenceRequest('evd_1'));
            tx.addEmail(email('eml_2'));
            tx.putEmail(email('eml_1', { status: 'sent', sentAt: at(1) }));
            tx.putMissedDeadline(missedDeadline('rpt_1'));
            tx.appendActivity(second!);
            expect((await tx.report('rpt_1'))?.state).toBe('closed');
            throw new Error('the decision failed');
          }),
        ).rejects.toThrow('the decision failed');
        expect(await snapshot()).toEqual(before);
        expect(before.report?.state).toBe('received');
      });

      it('fails, keeping nothing, when it adds an email id twice or replaces an email the outbox lacks', async () => {
        await unit(async (tx) => tx.addEmail(email('eml_1')));
        await expect(
          unit(async (tx) => {
            tx.putReport(report('rpt_1'));
            tx.addEmail(email('eml_1', { subject: 'again' }));
          }),
        ).rejects.toThrow(/eml_1/);
        await expect(
          unit(async (tx) => {
            tx.putReport(report('rpt_2'));
            tx.putEmail(email('eml_none'));
          }),
        ).rejects.toThrow(/eml_none/);
        await unit(async (tx) => {
          expect((await tx.listReports({}, {})).items).toEqual([]);
          expect((await tx.listOutbox({}, {})).items).toEqual([email('eml_1')]);
        });
      });
    });

    describe('lists', () => {
      it('lists reports newest first, by state, severity and tenant', async () => {
        await unit(async (tx) => {
          tx.putReport(report('rpt_1', { tenant: 'acme', state: 'received' }));
          tx.putReport(report('rpt_2', { tenant: 'globex', state: 'triaged', severity: 'blocker' }));
          tx.putReport(report('rpt_3', { tenant: 'acme', state: 'triaged', severity: 'major' }));
          tx.putReport(report('rpt_4', { tenant: 'acme', state: 'resolved', severity: 'blocker', resolvedAt: at(9) }));
          tx.putReport(report('rpt_5', { tenant: 'initech', state: 'closed' }));
        });
        await unit(async (tx) => {
          const list = async (filter: Parameters<StoreTx['listReports']>[0]) => ids((await tx.listReports(filter, {})).items);
          expect(await list({})).toEqual(['rpt_5', 'rpt_4', 'rpt_3', 'rpt_2', 'rpt_1']);
          expect(await list({ state: 'triaged' })).toEqual(['rpt_3', 'rpt_2']);
          expect(await list({ severity: 'blocker' })).toEqual(['rpt_4', 'rpt_2']);
          expect(await list({ tenant: 'acme' })).toEqual(['rpt_4', 'rpt_3', 'rpt_1']);
          expect(await list({ tenant: 'acme', severity: 'blocker' })).toEqual(['rpt_4']);
          expect(await list({ tenant: 'acme', state: 'triaged', severity: 'major' })).toEqual(['rpt_3']);
          expect(await list({ state: 'needs-info' })).toEqual([]);
          expect(await list({ state: undefined, severity: undefined, tenant: undefined })).toHaveLength(5);
        });
      });

      it('pages through every list with its cursors, each item once and in order', async () => {
        const entries = activity(7);
        await unit(async (tx) => {
          for (let i = 1; i <= 7; i++) {
            tx.putReport(report(`rpt_${i}`, { tenant: i % 2 ? 'acme' : 'globex' }));
            tx.putIncident(incident(`inc_${i}`));
            tx.putEvidenceRequest(evidenceRequest(`evd_${i}`));
            tx.addEmail(email(`eml_${i}`));
            tx.appendActivity(entries[i - 1]!);
          }
        });
        await unit(async (tx) => {
          const sevenDown = (prefix: string) => [7, 6, 5, 4, 3, 2, 1].map((i) => `${prefix}_${i}`);
          const reports = await walk((request) => tx.listReports({}, request), 3);
          expect(ids(reports.items)).toEqual(sevenDown('rpt'));
          expect(reports.sizes).toEqual([3, 3, 1]);
          const acme = await walk((request) => tx.listReports({ tenant: 'acme' }, request), 2);
          expect(ids(acme.items)).toEqual(['rpt_7', 'rpt_5', 'rpt_3', 'rpt_1']);
          expect(acme.sizes).toEqual([2, 2]);
          expect(ids((await walk((request) => tx.listIncidents({}, request), 3)).items)).toEqual(sevenDown('inc'));
          expect(ids((await walk((request) => tx.listEvidenceRequests({}, request), 4)).items)).toEqual(sevenDown('evd'));
          const outbox = await walk((request) => tx.listOutbox({}, request), 3);
          expect(ids(outbox.items)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `eml_${i}`));
          const log = await walk((request) => tx.listActivity(request), 3);
          expect(log.items).toEqual(entries);
          expect(log.sizes).toEqual([3, 3, 1]);
          expect(verifyActivityLog(log.items)).toEqual({ ok: true, entries: 7 });
          // A page that ends the list has no cursor, even when it is full.
          expect((await tx.listOutbox({}, { limit: 7 })).nextCursor).toBeUndefined();
        });
      });

      it('lists one mode at a time, and a tenant’s incidents and evidence requests', async () => {
        await unit(async (tx) => {
          tx.putReport(report('rpt_live'));
          tx.putReport(report('rpt_test', { mode: 'test' }));
          tx.putReport(report('rpt_globex_test', { mode: 'test', tenant: 'globex' }));
          tx.putIncident(incident('inc_live', { affectedTenants: ['acme', 'globex'] }));
          tx.putIncident(incident('inc_test', { mode: 'test', affectedTenants: ['globex'] }));
          tx.putEvidenceRequest(evidenceRequest('evd_live'));
          tx.putEvidenceRequest(evidenceRequest('evd_test', { mode: 'test', tenant: 'globex' }));
          tx.addEmail(email('eml_live'));
          tx.addEmail(email('eml_test', { mode: 'test' }));
        });
        await unit(async (tx) => {
          expect(ids((await tx.listReports({ mode: 'live' }, {})).items)).toEqual(['rpt_live']);
          expect(ids((await tx.listReports({ mode: 'test' }, {})).items)).toEqual(['rpt_globex_test', 'rpt_test']);
          expect(ids((await tx.listReports({ mode: 'test', tenant: 'acme' }, {})).items)).toEqual(['rpt_test']);
          expect(ids((await tx.listIncidents({ tenant: 'globex' }, {})).items)).toEqual(['inc_test', 'inc_live']);
          expect(ids((await tx.listIncidents({ tenant: 'acme', mode: 'test' }, {})).items)).toEqual([]);
          expect(ids((await tx.listIncidents({ tenant: 'acme', mode: 'live' }, {})).items)).toEqual(['inc_live']);
          expect(ids((await tx.listEvidenceRequests({ tenant: 'globex', mode: 'test' }, {})).items)).toEqual(['evd_test']);
          expect(ids((await tx.listEvidenceRequests({ tenant: 'acme' }, {})).items)).toEqual(['evd_live']);
          expect(ids((await tx.listOutbox({ mode: 'test' }, {})).items)).toEqual(['eml_test']);
          expect(ids((await tx.listOutbox({}, {})).items)).toEqual(['eml_live', 'eml_test']);
        });
      });

      it('leaves reads out of the activity log when asked for writes only', async () => {
        const [read, write, refusedRead] = activity(3);
        const entries = [read!, { ...write!, action: 'report.assess' }, { ...refusedRead!, action: 'GET /v1/triage/sla', outcome: 'refused' as const }];
        await unit(async (tx) => {
          for (const entry of entries) tx.appendActivity(entry);
        });
        await unit(async (tx) => {
          expect((await tx.listActivity({}, { writesOnly: true })).items.map((entry) => entry.action)).toEqual(['report.assess']);
          expect((await tx.listActivity({})).items).toHaveLength(3);
        });
      });

      it('gives 20 items a page unless asked otherwise', async () => {
        await unit(async (tx) => {
          for (let i = 1; i <= 25; i++) tx.addEmail(email(`eml_${i}`));
        });
        await unit(async (tx) => {
          const first = await tx.listOutbox({}, {});
          expect(first.items).toHaveLength(20);
          expect(first.nextCursor).toBeDefined();
          const second = await tx.listOutbox({}, { cursor: first.nextCursor });
          expect(ids(second.items)).toEqual([21, 22, 23, 24, 25].map((i) => `eml_${i}`));
          expect(second.nextCursor).toBeUndefined();
        });
      });

      it('lists resolved reports by resolution, reports with open deadlines, and incidents awaiting notice', async () => {
        await unit(async (tx) => {
          tx.putReport(report('rpt_1', { state: 'resolved', resolvedAt: at(30), severity: 'major', fixedIn: '1.2.0' }));
          tx.putReport(report('rpt_2', { state: 'received' }));
          tx.putReport(report('rpt_3', { state: 'received', acknowledgedAt: at(1) }));
          tx.putReport(report('rpt_4', { state: 'triaged', severity: 'major', remediateBy: at(99) }));
          tx.putReport(report('rpt_5', { state: 'resolved', resolvedAt: at(10), severity: 'blocker', fixedIn: '1.1.0' }));
          tx.putReport(report('rpt_6', { state: 'needs-info', needsInfoSince: at(2) }));
          tx.putReport(report('rpt_7', { state: 'closed', closeReason: 'spam' }));
          tx.putIncident(incident('inc_1'));
          tx.putIncident(incident('inc_2', { state: 'notified', notifiedAt: at(3) }));
          tx.putIncident(incident('inc_3', { state: 'contained' }));
          tx.putIncident(incident('inc_4', { state: 'closed' }));
        });
        await unit(async (tx) => {
          expect(ids(await tx.resolvedReports())).toEqual(['rpt_5', 'rpt_1']);
          expect(ids(await tx.reportsWithDeadlines())).toEqual(['rpt_2', 'rpt_4', 'rpt_6']);
          expect(ids(await tx.incidentsAwaitingNotice())).toEqual(['inc_1', 'inc_3']);
        });
      });

      it('answers the queued emails due, soonest first, and when the next one falls due', async () => {
        await unit(async (tx) => {
          tx.addEmail(email('eml_1', { createdAt: at(0) }));
          tx.addEmail(email('eml_2', { createdAt: at(-10) }));
          tx.addEmail(email('eml_3', { createdAt: at(-20), attempts: 1, nextAttemptAt: at(30) }));
          tx.addEmail(email('eml_4', { createdAt: at(-30), status: 'sent', attempts: 1, sentAt: at(-29) }));
          tx.addEmail(email('eml_5', { createdAt: at(-40), status: 'failed', attempts: 6, lastError: 'refused' }));
          tx.addEmail(email('eml_6', { createdAt: at(-50), attempts: 2, nextAttemptAt: at(2) }));
          tx.addEmail(email('eml_7', { createdAt: at(0) }));
        });
        await unit(async (tx) => {
          expect(ids(await tx.emailsDue(at(5), 10))).toEqual(['eml_2', 'eml_1', 'eml_7', 'eml_6']);
          expect(ids(await tx.emailsDue(at(5), 2))).toEqual(['eml_2', 'eml_1']);
          expect(await tx.emailsDue(at(5), 0)).toEqual([]);
          expect(ids(await tx.emailsDue(at(-10), 10))).toEqual(['eml_2']);
          expect(await tx.nextEmailDue()).toBe(at(-10));
          for (const id of ['eml_1', 'eml_2', 'eml_6', 'eml_7']) tx.putEmail({ ...(await tx.email(id))!, status: 'sent', sentAt: at(6) });
          expect(await tx.emailsDue(at(5), 10)).toEqual([]);
          expect(await tx.nextEmailDue()).toBe(at(30));
        });
      });

      it('lists missed deadlines met late, soonest due first, and the activity that names a tenant', async () => {
        await unit(async (tx) => {
          tx.putMissedDeadline(missedDeadline('rpt_1', { dueAt: at(20), metAt: at(25) }));
          tx.putMissedDeadline(missedDeadline('rpt_2', { dueAt: at(5) }));
          tx.putMissedDeadline(missedDeadline('rpt_3', { dueAt: at(10), metAt: at(40) }));
          for (const entry of activity(4, undefined, (i) => [['acme'], ['globex'], ['acme', 'globex'], []][i]!)) tx.appendActivity(entry);
        });
        await unit(async (tx) => {
          expect((await tx.deadlinesMetLate()).map((deadline) => deadline.targetId)).toEqual(['rpt_3', 'rpt_1']);
          expect((await tx.activityOfTenant('acme')).map((entry) => entry.seq)).toEqual([1, 3]);
          expect((await tx.activityOfTenant('globex')).map((entry) => entry.seq)).toEqual([2, 3]);
          expect(await tx.activityOfTenant('initech')).toEqual([]);
        });
      });
    });

    describe('concurrent units of work', () => {
      it('50 units appending to the activity log make one valid chain and lose no write', async () => {
        await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            unit(async (tx) => {
              await tx.report(`rpt_c${i}`);
              const [entry] = activity(1, undefined, () => [i % 2 ? 'acme' : 'globex']);
              tx.appendActivity(entry!);
              tx.putReport(report(`rpt_c${i}`));
            }),
          ),
        );
        await unit(async (tx) => {
          const log = (await tx.listActivity({ limit: 100 })).items;
          expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
          expect(verifyActivityLog(log)).toEqual({ ok: true, entries: 50 });
          expect((await tx.listReports({}, { limit: 100 })).items).toHaveLength(50);
        });
      });

      it('units changing one record at once lose no change', async () => {
        await unit(async (tx) => tx.putReport(report('rpt_1')));
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            unit(async (tx) => {
              const read = (await tx.report('rpt_1'))!;
              await tx.attachmentData('rpt_1', 'att_none');
              read.timeline.push({ at: at(i + 1), type: 'reporter-replied', message: `message ${i}` } as never);
              tx.putReport(read);
            }),
          ),
        );
        const stored = await unit(async (tx) => (await tx.report('rpt_1'))!);
        expect(stored.timeline).toHaveLength(21);
        expect(new Set(stored.timeline.map((entry) => ('message' in entry ? entry.message : entry.type))).size).toBe(21);
      });

      it('units claiming due emails at once claim each email once', async () => {
        await unit(async (tx) => {
          for (let i = 1; i <= 10; i++) tx.addEmail(email(`eml_${i}`, { createdAt: at(-i) }));
        });
        const claims = await Promise.all(
          Array.from({ length: 5 }, () =>
            unit(async (tx) => {
              const due = await tx.emailsDue(at(0), 4);
              for (const claimed of due) tx.putEmail({ ...claimed, attempts: claimed.attempts + 1, nextAttemptAt: at(60) });
              return ids(due);
            }),
          ),
        );
        const claimed = claims.flat();
        expect(claimed).toHaveLength(10);
        expect(new Set(claimed).size).toBe(10);
        const outbox = await unit(async (tx) => (await tx.listOutbox({}, {})).items);
        expect(outbox.every((queued: OutboxEmail) => queued.attempts === 1)).toBe(true);
      });

      it('units recording one missed deadline at once create it once', async () => {
        const created = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            unit(async (tx) => {
              const id = missedDeadline('rpt_1').id;
              if (await tx.missedDeadline(id)) return false;
              await tx.report('rpt_1');
              tx.putMissedDeadline(missedDeadline('rpt_1'));
              tx.addEmail(email(`eml_alert_${i}`, { kind: 'staff-alert' as OutboxEmail['kind'] }));
              return true;
            }),
          ),
        );
        expect(created.filter(Boolean)).toHaveLength(1);
        expect(await unit(async (tx) => (await tx.listOutbox({}, {})).items)).toHaveLength(1);
      });
    });

    describe('the domain core on this store', () => {
      it('answers a replayed Idempotency-Key with the first receipt, also when the replays arrive together', async () => {
        const intake = intakeOn(store);
        const results = await Promise.all(Array.from({ length: 10 }, () => intake.submitReport(submission('key-1'), LINKS)));
        const receipts = results.map((result) => (result.ok ? result.value : undefined));
        expect(receipts.filter((result) => result && !result.replayed)).toHaveLength(1);
        expect(new Set(receipts.map((result) => result?.receipt.id)).size).toBe(1);
        expect(await intake.submitReport({ ...submission('key-1'), bodyHash: 'another body' }, LINKS)).toMatchObject({ ok: false, kind: 'idempotency-mismatch' });
        expect(await unit(async (tx) => (await tx.listReports({}, {})).items.length)).toBe(1);
      });

      it('runs submit → assess → resolve with the same results as the in-memory store', async () => {
        const expected = await submitAssessResolve(createMemoryStore());
        const actual = await submitAssessResolve(store);
        expect(actual).toEqual(expected);
        expect(actual).toMatchObject({ chain: { ok: true } });
      });
    });
  });
}

const LINKS = { baseUrl: 'https://intake.test', supportCenterUrl: 'https://support.test' };
const ACTOR: Actor = { name: 'Sam Triage', channel: 'web' };

function intakeOn(store: IntakeStore) {
  const clock = createManualClock(new Date(T0));
  return createIntake({ store, clock, directory: { tenants: DEFAULT_SEED.tenants, staffAlerts: DEFAULT_SEED.staffAlerts ?? [] }, policy: POLICY, ledgerKeys: deriveLedgerKeys('store contract') });
}

function submission(idempotencyKey: string) {
  const draft = {
    kind: 'vulnerability',
    title: 'Stored XSS in project names',
    description: 'A script in a project name runs for every viewer: <script>alert(1)</script>',
    reporter: { email: 'ada@example.com', name: 'Ada', credit: { wanted: true } },
  } as ReportDraft;
  return {
    tenant: 'acme',
    mode: 'live' as const,
    channel: 'widget' as const,
    from: { projectKey: 'pk_test_acme' },
    idempotencyKey,
    bodyHash: 'sha256 of the body',
    draft,
    attachments: [{ id: 'att_1', name: 'poc.html', type: 'text/plain', size: 5, dataBase64: 'aGVsbG8=' }] as never,
  };
}

/** One report's way through the domain core, every answer kept, with random ids and hashes made comparable. */
async function submitAssessResolve(store: IntakeStore) {
  const intake = intakeOn(store);
  const clock = intake.clock as ReturnType<typeof createManualClock>;
  const submitted = await intake.submitReport(submission('key-1'), LINKS);
  if (!submitted.ok) throw new Error(submitted.detail);
  const { id, trackingToken } = submitted.value.receipt;
  clock.advance(60);
  const assessed = await intake.assess(id, { vulnerability: true, dataCompromised: true, serverCompromised: false, denialOfService: false, scope: 'reporter-tenant' }, ACTOR, LINKS);
  clock.advance(3600);
  const resolved = await intake.resolve(id, { fixedIn: '2.4.1', releaseNote: 'Project names are escaped.', details: 'Output encoding everywhere.', affectedVersions: ['< 2.4.1'] } as never, ACTOR, LINKS);
  const replay = await intake.submitReport(submission('key-1'), LINKS);
  const attachment = await intake.readAttachment(id, 'att_1', ACTOR);
  const asReporter = await intake.readAsReporter(id, { kind: 'tracking', token: trackingToken }, LINKS);
  const releaseNotes = await intake.releaseNotes('live');
  const outbox = await intake.outbox({ limit: 100, mode: 'all' }, ACTOR);
  const log = await intake.activityLog({ limit: 100 }, ACTOR);
  return comparable({ submitted, assessed, resolved, replay, attachment, asReporter, releaseNotes, outbox, log, chain: verifyActivityLog(log.items) });
}

/**
 * `value` with its keys sorted (a database need not keep their order) and each random
 * id, tracking token and hash replaced by its rank of first appearance.
 */
function comparable(value: unknown): unknown {
  const names = new Map<string, string>();
  const rename = (text: string) =>
    text.replace(/\b(?:[a-z]{3}_[0-9a-hjkmnp-tv-z]{16,32}|[0-9a-f]{64})\b/g, (token) => {
      if (!names.has(token)) names.set(token, `<${/^[0-9a-f]{64}$/.test(token) ? 'hash' : token.slice(0, 3)} ${names.size}>`);
      return names.get(token)!;
    });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return rename(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.keys(node)
          .sort()
          .filter((key) => (node as Record<string, unknown>)[key] !== undefined)
          .map((key) => [key, walk((node as Record<string, unknown>)[key])]),
      );
    }
    return node;
  };
  return walk(value);
}
