import type { SlaItem, SlaView } from '@vuln-report/contract';
import { addHours } from './clock.ts';
import { now, page, sendEmails, type DomainContext } from './context.ts';
import type { Mode } from '@vuln-report/contract';
import { breachAlert, planNotice } from './notifications.ts';
import type { DeadlineKind, MissedDeadline, StoredIncident, StoredReport } from './records.ts';

/** A deadline still open: what it is for, and when it is due. */
type OpenDeadline = Omit<SlaItem, 'status' | 'metAt' | 'lateBySeconds'>;

/** When a report waiting for its reporter is closed as stale. */
export const staleAt = (ctx: DomainContext, report: StoredReport) => addHours(report.needsInfoSince!, ctx.policy.deadlines.staleAfterDays * 24);

const missedId = (targetType: 'report' | 'incident', targetId: string, kind: DeadlineKind) => `${targetType}:${targetId}:${kind}`;

/** The open deadlines of the reports and incidents the store says have any. */
async function openDeadlines(ctx: DomainContext): Promise<OpenDeadline[]> {
  const items: OpenDeadline[] = [];
  for (const report of await ctx.tx.reportsWithDeadlines()) {
    const base = { targetType: 'report' as const, targetId: report.id, tenant: report.tenant, mode: report.mode, state: report.state, ...(report.severity ? { severity: report.severity } : {}) };
    if (!report.acknowledgedAt && report.state === 'received') items.push({ ...base, kind: 'acknowledgement', dueAt: report.acknowledgeBy });
    if (report.state === 'triaged' && report.remediateBy) items.push({ ...base, kind: 'remediation', dueAt: report.remediateBy });
    if (report.state === 'needs-info' && report.needsInfoSince) items.push({ ...base, kind: 'stale-close', dueAt: staleAt(ctx, report) });
  }
  for (const incident of await ctx.tx.incidentsAwaitingNotice()) {
    items.push(noticeDeadline(incident));
  }
  return items;
}

/**
 * Every open deadline and every breach, soonest first: `due`, `overdue` while open past
 * its time, and `met-late` once met after it. A breach never drops off.
 */
export async function slaView(ctx: DomainContext, mode: Mode | undefined, cursor?: string, limit?: number): Promise<SlaView> {
  const at = now(ctx);
  const open = (await openDeadlines(ctx)).map((item): SlaItem => ({ ...item, status: item.dueAt < at ? 'overdue' : 'due' }));
  const late = (await ctx.tx.deadlinesMetLate()).map(
    ({ id: _id, metAt, ...item }): SlaItem => ({ ...item, status: 'met-late', metAt: metAt!, lateBySeconds: Math.round((Date.parse(metAt!) - Date.parse(item.dueAt)) / 1000) }),
  );
  const items = [...open, ...late].filter((item) => !mode || item.mode === mode).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return { now: at, ...page(items, cursor, limit) };
}

/**
 * Records that a deadline was met: when after its time, as met late (staff were alerted
 * when it passed, or it is recorded now if the clock had not looked yet).
 */
export async function deadlineMet(
  ctx: DomainContext,
  deadline: { kind: DeadlineKind; targetType: 'report' | 'incident'; targetId: string; mode: Mode; dueAt: string; tenant?: string | undefined; severity?: MissedDeadline['severity'] },
) {
  const metAt = now(ctx);
  if (metAt <= deadline.dueAt) return;
  const id = missedId(deadline.targetType, deadline.targetId, deadline.kind);
  const missed = (await ctx.tx.missedDeadline(id)) ?? toMissed(deadline);
  ctx.tx.putMissedDeadline({ ...missed, metAt });
}

function toMissed(deadline: Omit<OpenDeadline, 'state'> & { state?: unknown }): MissedDeadline {
  return {
    id: missedId(deadline.targetType, deadline.targetId, deadline.kind),
    kind: deadline.kind,
    targetType: deadline.targetType,
    targetId: deadline.targetId,
    mode: deadline.mode,
    ...(deadline.tenant ? { tenant: deadline.tenant } : {}),
    ...(deadline.severity ? { severity: deadline.severity } : {}),
    dueAt: deadline.dueAt,
  };
}

/**
 * What the clock does on its own: a report left in `needs-info` past the policy's days
 * is closed as `stale`, and every other deadline that passes is recorded as missed and
 * alerted to staff, once. Returns when the next deadline falls due (ms; infinite when
 * none is open), so callers need not look again before then.
 */
export async function runClock(ctx: DomainContext): Promise<number> {
  const at = ctx.clock.now().getTime();
  let next = Number.POSITIVE_INFINITY;
  const reports = new Map<string, StoredReport>();
  for (const report of await ctx.tx.reportsWithDeadlines()) reports.set(report.id, report);
  for (const deadline of await openDeadlines(ctx)) {
    const due = Date.parse(deadline.dueAt);
    if (due > at) {
      next = Math.min(next, due);
      continue;
    }
    if (deadline.kind === 'stale-close') {
      closeStale(ctx, reports.get(deadline.targetId)!, deadline.dueAt);
      continue;
    }
    const id = missedId(deadline.targetType, deadline.targetId, deadline.kind);
    if (await ctx.tx.missedDeadline(id)) continue;
    ctx.tx.putMissedDeadline(toMissed(deadline));
    sendEmails(
      ctx,
      planNotice(ctx.directory, ctx.policy, { trigger: 'deadline-breached', kind: 'staff-alert', relatedId: deadline.targetId, parties: {}, content: () => breachAlert(deadline) }),
      deadline.mode,
    );
  }
  return next;
}

function closeStale(ctx: DomainContext, report: StoredReport, due: string) {
  report.state = 'closed';
  report.closeReason = 'stale';
  delete report.needsInfoSince;
  report.timeline.push({ at: due, type: 'closed', reason: 'stale', actor: 'clock' });
  report.updatedAt = due;
  ctx.tx.putReport(report);
}

/** The incident's notice deadline, for {@link deadlineMet}. */
export const noticeDeadline = (incident: StoredIncident) => ({
  kind: 'incident-notice' as const,
  targetType: 'incident' as const,
  targetId: incident.id,
  mode: incident.mode,
  dueAt: incident.noticeDueBy,
});
