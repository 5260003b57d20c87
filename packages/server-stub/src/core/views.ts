import type { ReportView, StaffReportView, TimelineEntry } from '@vuln-report/contract';
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

/** What staff see: everything submitted, the tenant, the assessment, the whole timeline. */
export function staffView(report: StoredReport, releaseNotesUrl: string): StaffReportView {
  return {
    ...common(report),
    ...(report.fixedIn ? { releaseNoteUrl: `${releaseNotesUrl}#${encodeURIComponent(report.fixedIn)}` } : {}),
    tenant: report.tenant,
    projectKey: report.projectKey,
    ...(report.assessment ? { assessment: report.assessment } : {}),
    ...(report.dataLoss ? { dataLoss: report.dataLoss } : {}),
    ...(report.deadline ? { deadline: report.deadline } : {}),
    timeline: report.timeline,
  };
}
