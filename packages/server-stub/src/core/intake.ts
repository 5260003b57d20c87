import type { ActivityLogQuery, CustomerReportQuery, EvidenceRequest, EvidenceRequestBody, LogOutcome, Mode, ModeFilter, OutboxEmail, Policy, ReportListQuery } from '@vuln-report/contract';
import type { Clock } from './clock.ts';
import { logAction, modeOf, type Actor, type DomainContext } from './context.ts';
import { inMode, type Customer, type ReportHolder } from './principals.ts';
import { blindTenant } from './activity-log.ts';
import { createLedger, type LedgerKeys } from './ledger.ts';
import * as delivery from './delivery.ts';
import type { Directory } from './directory.ts';
import * as evidence from './evidence.ts';
import * as incidents from './incidents.ts';
import { releaseNotes } from './release-notes.ts';
import * as reports from './reports.ts';
import { runClock, slaView } from './sla.ts';
import type { EvidenceRecord, StoredAttachment } from './records.ts';
import { success, type Result } from './result.ts';
import type { IntakeStore, StoreTx } from './store.ts';
import * as triage from './triage.ts';

/** What the domain core needs: where records live, whom it serves, the one clock, and the policy in force. */
export interface IntakeOptions {
  store: IntakeStore;
  directory: Directory;
  clock: Clock;
  policy: Policy;
  /** The activity log's keys: the head signer and the tenant-blinding key (see `deriveLedgerKeys`). */
  ledgerKeys: LedgerKeys;
}

type Links = reports.Links;
/** Where a page starts and how much it holds. */
type Page = { cursor?: string | undefined; limit?: number | undefined };
/** A page of a list that holds both modes. */
type ModePage = Page & { mode?: ModeFilter | undefined };

/**
 * The intake's domain: every operation of the contract, each one unit of work on the
 * store, with no HTTP and no I/O of its own. The HTTP handlers are a thin layer over this.
 */
export function createIntake(options: IntakeOptions) {
  const { store, directory, clock, policy } = options;
  const blind = (tenant: string) => blindTenant(options.ledgerKeys.blindingKey, tenant);
  const ledger = createLedger({ store, clock, keys: options.ledgerKeys });
  /** Before this time (ms) no deadline falls due, so the clock need not look; unknown when undefined. */
  let nextCheck: number | undefined;
  const unit = <T>(work: (ctx: DomainContext) => Promise<T>) => store.transaction((tx: StoreTx) => work({ tx, clock, directory, policy, blind }));
  /** A staff action that may start or move a deadline: the clock looks again on the next tick. */
  const moving = async <T>(work: Promise<T>) => {
    const result = await work;
    nextCheck = undefined;
    return result;
  };

  /** An evidence request as the wire has it: its entries each with an inclusion proof against a head signed now. */
  async function proven(record: EvidenceRecord): Promise<EvidenceRequest> {
    const { entries, ...rest } = record;
    if (!entries) return rest;
    const head = await ledger.head(true);
    return { ...rest, head, entries: ledger.prove(entries, head) };
  }
  const provenPage = async (page: { items: EvidenceRecord[]; nextCursor?: string }) => ({ ...page, items: await Promise.all(page.items.map(proven)) });
  const provenResult = async (result: Result<EvidenceRecord>): Promise<Result<EvidenceRequest>> => (result.ok ? success(await proven(result.value)) : result);

  return {
    clock,
    policy,
    /** The activity log's Merkle tree: signed heads and proofs. */
    ledger,
    /** A tenant as the log names it in records of `mode`. */
    blind: (tenant: string, mode: Mode = 'live') => blind(inMode(tenant, mode)),
    /** Logs a staff call with no other change: one denied (its roles) or refused (what it asked), or a session's start, read or end. */
    logCall: (actor: Actor, action: string, target: string, outcome: { outcome: LogOutcome; problemType?: string } = { outcome: 'ok' }) =>
      unit(async (ctx) => logAction(ctx, actor, action, target, [], outcome)),
    /** Applies what the clock does on its own (stale closes, breached deadlines); called before each request. */
    async tick() {
      if (nextCheck !== undefined && clock.now().getTime() < nextCheck) return;
      nextCheck = await unit(runClock);
    },
    /** Forgets when the clock must look next: the records changed under it (a reset, a reload). */
    forgetClock() {
      nextCheck = undefined;
    },

    async submitReport(submission: reports.Submission, links: Links) {
      const result = await unit((ctx) => reports.submitReport(ctx, submission, links));
      // A new report's acknowledgement is due: the clock must look by then, but need not look sooner.
      if (result.ok && nextCheck !== undefined) nextCheck = Math.min(nextCheck, Date.parse(result.value.receipt.acknowledgeBy));
      return result;
    },
    readAsReporter: (id: string, holder: ReportHolder, links: Links) => unit((ctx) => reports.readAsReporter(ctx, id, holder, links)),
    addReporterMessage: (id: string, holder: ReportHolder, message: string, links: Links, attachments?: readonly StoredAttachment[]) =>
      unit((ctx) => reports.addReporterMessage(ctx, id, holder, message, links, attachments)),
    withdrawReport: (id: string, holder: ReportHolder, links: Links) => unit((ctx) => reports.withdrawReport(ctx, id, holder, links)),
    releaseNotes: (mode: Mode, cursor?: string, limit?: number) => unit((ctx) => releaseNotes(ctx, mode, cursor, limit)),
    readPolicy: () => policy,
    listReportsForCustomer: (customer: Customer, query: CustomerReportQuery, links: Links) => unit((ctx) => reports.listForCustomer(ctx, customer, query, links)),
    listIncidentsForCustomer: (customer: Customer, page: Page) => unit((ctx) => incidents.listIncidentsForCustomer(ctx, customer, page)),
    readIncidentAsCustomer: (id: string, customer: Customer) => unit((ctx) => incidents.readIncidentAsCustomer(ctx, id, customer)),
    requestEvidence: async (customer: Customer, body: EvidenceRequestBody) => proven(await unit((ctx) => evidence.requestEvidence(ctx, customer, body))),
    listEvidenceForCustomer: async (customer: Customer, page: Page) => provenPage(await unit((ctx) => evidence.listEvidenceForCustomer(ctx, customer, page))),
    readEvidenceAsCustomer: async (id: string, customer: Customer) => provenResult(await unit((ctx) => evidence.readEvidenceAsCustomer(ctx, id, customer))),

    listReports: (query: ReportListQuery, actor: Actor, links: Links) => unit((ctx) => triage.listReports(ctx, query, actor, links)),
    readAsStaff: (id: string, actor: Actor, links: Links) => unit((ctx) => triage.readAsStaff(ctx, id, actor, links)),
    readAttachment: (id: string, attachmentId: string, actor: Actor) => unit((ctx) => triage.readAttachment(ctx, id, attachmentId, actor)),
    assess: (id: string, body: Parameters<typeof triage.assess>[2], actor: Actor, links: Links) => moving(unit((ctx) => triage.assess(ctx, id, body, actor, links))),
    reassess: (id: string, body: Parameters<typeof triage.reassess>[2], actor: Actor, links: Links) => moving(unit((ctx) => triage.reassess(ctx, id, body, actor, links))),
    setDeadline: (id: string, body: Parameters<typeof triage.setDeadline>[2], actor: Actor, links: Links) =>
      moving(unit((ctx) => triage.setDeadline(ctx, id, body, actor, links))),
    requestInfo: (id: string, message: string, actor: Actor, links: Links) => moving(unit((ctx) => triage.requestInfo(ctx, id, message, actor, links))),
    close: (id: string, body: Parameters<typeof triage.close>[2], actor: Actor, links: Links) => unit((ctx) => triage.close(ctx, id, body, actor, links)),
    reopen: (id: string, actor: Actor, links: Links) => moving(unit((ctx) => triage.reopen(ctx, id, actor, links))),
    resolve: (id: string, body: Parameters<typeof triage.resolve>[2], actor: Actor, links: Links) => unit((ctx) => triage.resolve(ctx, id, body, actor, links)),
    declareDataLoss: (id: string, body: Parameters<typeof triage.declareDataLoss>[2], actor: Actor, links: Links) =>
      unit((ctx) => triage.declareDataLoss(ctx, id, body, actor, links)),
    updateDataLoss: (id: string, body: Parameters<typeof triage.updateDataLoss>[2], actor: Actor, links: Links) =>
      unit((ctx) => triage.updateDataLoss(ctx, id, body, actor, links)),

    createIncident: (draft: Parameters<typeof incidents.createIncident>[1], actor: Actor) => moving(unit((ctx) => incidents.createIncident(ctx, draft, actor))),
    listIncidents: (query: ModePage, actor: Actor) => unit((ctx) => incidents.listIncidents(ctx, query, actor)),
    readIncident: (id: string, actor: Actor) => unit((ctx) => incidents.readIncident(ctx, id, actor)),
    notifyIncident: (id: string, body: Parameters<typeof incidents.notifyIncident>[2], actor: Actor, links: Links) =>
      unit((ctx) => incidents.notifyIncident(ctx, id, body, actor, links)),
    updateIncident: (id: string, body: Parameters<typeof incidents.updateIncident>[2], actor: Actor, links: Links) =>
      unit((ctx) => incidents.updateIncident(ctx, id, body, actor, links)),
    transitionIncident: (id: string, body: Parameters<typeof incidents.transitionIncident>[2], actor: Actor, links: Links) =>
      unit((ctx) => incidents.transitionIncident(ctx, id, body, actor, links)),

    listEvidenceRequests: async (query: ModePage, actor: Actor) => provenPage(await unit((ctx) => evidence.listEvidenceRequests(ctx, query, actor))),
    fulfilEvidence: async (id: string, actor: Actor) => provenResult(await unit((ctx) => evidence.fulfilEvidence(ctx, id, actor))),
    declineEvidence: async (id: string, reason: string, actor: Actor) => provenResult(await unit((ctx) => evidence.declineEvidence(ctx, id, reason, actor))),

    /** Open deadlines and breaches as of now. */
    sla: (query: ModePage, actor: Actor) =>
      unit(async (ctx) => {
        await logAction(ctx, actor, 'sla.read', 'sla', []);
        return slaView(ctx, modeOf(query.mode), query.cursor, query.limit);
      }),
    /** Every email with its delivery state, oldest first. */
    outbox: (query: ModePage, actor: Actor) =>
      unit(async (ctx) => {
        await logAction(ctx, actor, 'outbox.read', 'outbox', []);
        const page = await ctx.tx.listOutbox({ mode: modeOf(query.mode) }, query);
        return { ...page, items: page.items.map(withoutTrackingToken) };
      }),
    /** The activity log, oldest first; the read itself is its last entry. */
    activityLog: (query: ActivityLogQuery, actor: Actor) =>
      unit(async (ctx) => {
        await logAction(ctx, actor, 'activity-log.read', 'activity-log', []);
        return ctx.tx.listActivity(query, { writesOnly: query.writes === 'only' });
      }),
    /** The customer's tenant's part of the log, oldest first, with proofs against a head signed for this read. */
    async activityForCustomer(customer: Customer, page: Page) {
      const tenant = blind(inMode(customer.tenant, customer.mode));
      const entries = await unit((ctx) => ctx.tx.activityOfTenant(tenant));
      const offset = page.cursor && /^\d{1,9}$/.test(page.cursor) ? Number(page.cursor) : 0;
      const limit = page.limit ?? 20;
      const items = entries.slice(offset, offset + limit);
      const head = await ledger.head(true);
      const next = offset + limit < entries.length ? { nextCursor: String(offset + limit) } : {};
      return { head, tenant, items: ledger.prove(items, head), ...next };
    },

    /** Claims up to `limit` due emails for one delivery attempt each (see {@link delivery.claimDueEmails}). */
    claimDueEmails: (limit: number) => unit((ctx) => delivery.claimDueEmails(ctx, limit)),
    /** Records how a delivery attempt ended. */
    recordDelivery: (id: string, attempt: number, outcome: delivery.DeliveryOutcome) => unit((ctx) => delivery.recordDelivery(ctx, id, attempt, outcome)),
    /** When the soonest queued email is due, if any is. */
    nextEmailDue: () => unit(delivery.nextEmailDue),
    /** Where an email is actually delivered (test-mode email only to test recipients). */
    deliveryAddresses: (email: OutboxEmail) => delivery.deliveryAddresses(directory, email),
  };
}

/**
 * An email as staff read it in the outbox: a reporter's tracking token (in their
 * acknowledgement and notices) hidden, so that no role reads or acts on a report as its
 * reporter. The email keeps it for delivery.
 */
function withoutTrackingToken(email: OutboxEmail): OutboxEmail {
  return { ...email, text: email.text.replace(/\btrk_[0-9a-z]+/g, 'trk_[hidden]') };
}

/** The domain core's API. */
export type Intake = ReturnType<typeof createIntake>;
