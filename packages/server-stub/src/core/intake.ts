import type { OutboxEmail, ReportListQuery } from '@vuln-report/contract';
import { verifyActivityLog } from './activity-log.ts';
import type { MovableClock } from './clock.ts';
import { logAction, page, type Actor, type DomainContext } from './context.ts';
import * as evidence from './evidence.ts';
import * as incidents from './incidents.ts';
import { releaseNotes } from './release-notes.ts';
import * as reports from './reports.ts';
import { runClock, slaView } from './sla.ts';
import { createState, type StubState } from './state.ts';
import * as triage from './triage.ts';
import type { Seed } from '../seed.ts';

/** What the domain core needs: a seed or a saved state, a clock, and optional hooks. */
export interface IntakeOptions {
  seed: Seed;
  clock: MovableClock;
  /** A saved state to start from instead of the seed (the standalone server's `--data`). */
  state?: StubState;
  onEmail?: (email: OutboxEmail) => void;
  onChange?: () => void;
}

/**
 * The intake's domain: every operation of the contract over one state and one clock,
 * with no HTTP and no I/O. The MSW handlers are a thin layer over this.
 */
export function createIntake(options: IntakeOptions) {
  const ctx: DomainContext = {
    // A saved state keeps its reports, but the seed in force is the one given now.
    state: options.state ? { ...options.state, seed: options.seed } : createState(options.seed),
    clock: options.clock,
    ...(options.onEmail ? { onEmail: options.onEmail } : {}),
    ...(options.onChange ? { onChange: options.onChange } : {}),
  };
  type Links = reports.Links;

  return {
    /** The live state (read it; change it only through the operations). */
    get state() {
      return ctx.state;
    },
    clock: options.clock,
    /** Starts over from the seed. */
    reset() {
      ctx.state = createState(options.seed);
      delete ctx.nextStaleCheck;
      ctx.onChange?.();
    },
    /** Applies what the clock does on its own (stale closes); called before each request. */
    tick: () => runClock(ctx),

    submitReport: (submission: reports.Submission, links: Links) => reports.submitReport(ctx, submission, links),
    readAsReporter: (id: string, token: string, links: Links) => reports.readAsReporter(ctx, id, token, links),
    addReporterMessage: (id: string, token: string, message: string, links: Links) => reports.addReporterMessage(ctx, id, token, message, links),
    withdrawReport: (id: string, token: string, links: Links) => reports.withdrawReport(ctx, id, token, links),
    releaseNotes: (cursor?: string, limit?: number) => releaseNotes(ctx, cursor, limit),
    readIncidentAsTenant: (id: string, tenant: string) => incidents.readIncidentAsTenant(ctx, id, tenant),
    requestEvidence: (tenant: string, reason: string) => evidence.requestEvidence(ctx, tenant, reason),
    readEvidenceAsTenant: (id: string, tenant: string) => evidence.readEvidenceAsTenant(ctx, id, tenant),

    listReports: (query: ReportListQuery, actor: Actor, links: Links) => triage.listReports(ctx, query, actor, links),
    readAsStaff: (id: string, actor: Actor, links: Links) => triage.readAsStaff(ctx, id, actor, links),
    assess: (id: string, body: Parameters<typeof triage.assess>[2], actor: Actor, links: Links) => triage.assess(ctx, id, body, actor, links),
    requestInfo: (id: string, message: string, actor: Actor, links: Links) => triage.requestInfo(ctx, id, message, actor, links),
    close: (id: string, body: Parameters<typeof triage.close>[2], actor: Actor, links: Links) => triage.close(ctx, id, body, actor, links),
    reopen: (id: string, actor: Actor, links: Links) => triage.reopen(ctx, id, actor, links),
    resolve: (id: string, body: Parameters<typeof triage.resolve>[2], actor: Actor, links: Links) => triage.resolve(ctx, id, body, actor, links),
    declareDataLoss: (id: string, body: Parameters<typeof triage.declareDataLoss>[2], actor: Actor, links: Links) =>
      triage.declareDataLoss(ctx, id, body, actor, links),

    createIncident: (draft: Parameters<typeof incidents.createIncident>[1], actor: Actor) => incidents.createIncident(ctx, draft, actor),
    listIncidents: (cursor: string | undefined, limit: number | undefined, actor: Actor) => incidents.listIncidents(ctx, cursor, limit, actor),
    readIncident: (id: string, actor: Actor) => incidents.readIncident(ctx, id, actor),
    notifyIncident: (id: string, body: Parameters<typeof incidents.notifyIncident>[2], actor: Actor, links: Links) =>
      incidents.notifyIncident(ctx, id, body, actor, links),
    transitionIncident: (id: string, body: Parameters<typeof incidents.transitionIncident>[2], actor: Actor) =>
      incidents.transitionIncident(ctx, id, body, actor),

    listEvidenceRequests: (cursor: string | undefined, limit: number | undefined, actor: Actor) => evidence.listEvidenceRequests(ctx, cursor, limit, actor),
    fulfilEvidence: (id: string, actor: Actor) => evidence.fulfilEvidence(ctx, id, actor),

    /** Open deadlines as of now. */
    sla: (actor: Actor) => {
      logAction(ctx, actor, 'sla.read', 'sla', []);
      return slaView(ctx);
    },
    /** Every email sent, oldest first. */
    outbox: (cursor: string | undefined, limit: number | undefined, actor: Actor) => {
      logAction(ctx, actor, 'outbox.read', 'outbox', []);
      return page(ctx.state.outbox, cursor, limit);
    },
    /** The activity log, oldest first; the read itself is its last entry. */
    activityLog: (cursor: string | undefined, limit: number | undefined, actor: Actor) => {
      logAction(ctx, actor, 'activity-log.read', 'activity-log', []);
      return page(ctx.state.activityLog, cursor, limit);
    },
    /** Checks the activity log's hash chain. */
    verifyActivityLog: () => verifyActivityLog(ctx.state.activityLog),
  };
}

/** The domain core's API. */
export type Intake = ReturnType<typeof createIntake>;
