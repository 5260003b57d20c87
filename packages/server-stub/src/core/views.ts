import type { ReportView, StaffReportView, TimelineEntry } from '@vuln-report/contract';
import type { Customer } from './principals.ts';
import type { StoredReport } from './records.ts';

function common(report: StoredReport) {
  return {
    id: report.id,
    state: report.state,
    ...(report.severity ? { severity: report.severity } : {}),
    ...(report.closeReason ? { closeReason: report.closeReason } : {}),
    ...(report.duplicateOf ? { duplicateOf: report.duplicateOf } : {}),
    ...(report.fixedIn ? { fixedIn: report.fixedIn } : {}),
    dataLossSuspected: report.dataLossSuspected,
    urgent: report.urgent,
    receivedAt: report.receivedAt,
    acknowledgeBy: report.acknowledgeBy,
    ...(report.remediateBy ? { remediateBy: report.remediateBy } : {}),
    attachments: report.attachments,
    updatedAt: report.updatedAt,
    mode: report.mode,
    channel: report.channel,
    ...report.draft,
  };
}

/**
 * The public timeline: staff are `vendor`, staff notes stay internal, and of the
 * notifications only those the reporter received show (others would reveal other
 * tenants: their contacts, or what a data-loss notice told them).
 */
function publicTimeline(report: StoredReport): TimelineEntry[] {
  const reporter = report.draft.reporter?.email;
  return report.timeline.flatMap((entry): TimelineEntry[] => {
    if (entry.type === 'data-loss-declared' || entry.type === 'data-loss-updated') return [];
    if (entry.type === 'notified') {
      if (!reporter || !entry.to?.includes(reporter)) return [];
      return [{ at: entry.at, type: 'notified', kind: entry.kind, recipientCount: 1 }];
    }
    const { actor, ...rest } = entry;
    if (rest.type === 'closed') delete rest.note;
    if (rest.type === 'reassessed' || rest.type === 'deadline-set') delete rest.reason;
    return [{ ...rest, ...(actor ? { actor: 'vendor' } : {}) } as TimelineEntry];
  });
}

/** What the reporter sees with their tracking token. */
export function reporterView(report: StoredReport, releaseNotesUrl: string): ReportView {
  return {
    ...common(report),
    ...(report.fixedIn ? { releaseNoteUrl: `${releaseNotesUrl}#${encodeURIComponent(report.fixedIn)}` } : {}),
    timeline: publicTimeline(report),
  };
}

/**
 * What a signed-in user of the tenant sees (v2): the reporter's view, but of a report
 * another user sent, without that user's email and the context captured on their screen.
 */
export function tenantView(report: StoredReport, customer: Customer, releaseNotesUrl: string): ReportView {
  const view = reporterView(report, releaseNotesUrl);
  if (report.submittedBy?.sub === customer.sub) return view;
  const { context: _context, reporter, ...rest } = view;
  if (!reporter) return rest;
  const { email: _email, ...others } = reporter;
  return { ...rest, reporter: others };
}

/** What staff see: everything submitted, the tenant, the assessment, the whole timeline. */
export function staffView(report: StoredReport, releaseNotesUrl: string): StaffReportView {
  return {
    ...common(report),
    ...(report.fixedIn ? { releaseNoteUrl: `${releaseNotesUrl}#${encodeURIComponent(report.fixedIn)}` } : {}),
    tenant: report.tenant,
    ...(report.projectKey ? { projectKey: report.projectKey } : {}),
    ...(report.submittedBy ? { submittedBy: report.submittedBy } : {}),
    ...(report.assessment ? { assessment: report.assessment } : {}),
    ...(report.dataLoss ? { dataLoss: report.dataLoss } : {}),
    ...(report.deadline ? { deadline: report.deadline } : {}),
    timeline: report.timeline,
  };
}
