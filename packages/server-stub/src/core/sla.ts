import type { SlaItem, SlaView } from '@vuln-report/contract';
import { addHours } from './clock.ts';
import { now, type DomainContext } from './context.ts';
import { POLICY } from './policy.ts';

/** Every open deadline, soonest first, `overdue` once past. Met deadlines drop off. */
export async function slaView(ctx: DomainContext): Promise<SlaView> {
  const at = now(ctx);
  const items: Omit<SlaItem, 'status'>[] = [];
  for (const report of await ctx.tx.reportsWithDeadlines()) {
    const base = { targetType: 'report' as const, targetId: report.id, tenant: report.tenant, state: report.state, ...(report.severity ? { severity: report.severity } : {}) };
    if (!report.acknowledgedAt && report.state === 'received') items.push({ ...base, kind: 'acknowledgement', dueAt: report.acknowledgeBy });
    if (report.state === 'triaged' && report.remediateBy) items.push({ ...base, kind: 'remediation', dueAt: report.remediateBy });
    if (report.state === 'needs-info' && report.needsInfoSince) {
      items.push({ ...base, kind: 'stale-close', dueAt: addHours(report.needsInfoSince, POLICY.staleAfterDays * 24) });
    }
  }
  for (const incident of await ctx.tx.incidentsAwaitingNotice()) {
    items.push({ kind: 'incident-notice', targetType: 'incident', targetId: incident.id, dueAt: incident.noticeDueBy });
  }
  return {
    now: at,
    items: items
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
      .map((item) => ({ ...item, status: item.dueAt < at ? 'overdue' : 'due' })),
  };
}

/**
 * What the clock does on its own: a report left in `needs-info` for 30 days is closed
 * as `stale`. Returns when the next report would go stale (ms; infinite when none waits),
 * so callers need not look again before then.
 */
export async function runClock(ctx: DomainContext): Promise<number> {
  const at = ctx.clock.now().getTime();
  let next = Number.POSITIVE_INFINITY;
  for (const report of await ctx.tx.reportsWithDeadlines()) {
    if (report.state !== 'needs-info' || !report.needsInfoSince) continue;
    const due = addHours(report.needsInfoSince, POLICY.staleAfterDays * 24);
    if (Date.parse(due) > at) {
      next = Math.min(next, Date.parse(due));
      continue;
    }
    report.state = 'closed';
    report.closeReason = 'stale';
    delete report.needsInfoSince;
    report.timeline.push({ at: due, type: 'closed', reason: 'stale', actor: 'clock' });
    report.updatedAt = due;
    ctx.tx.putReport(report);
  }
  return next;
}
