import {
  classifySeverity,
  cvss31BaseScore,
  parseCvss,
  type AssessBody,
  type Attachment,
  type CloseBody,
  type DataLossBody,
  type ReportListQuery,
  type ResolveBody,
  type StaffReportView,
} from '@vuln-report/contract';
import { addHours } from './clock.ts';
import { addTimeline, logAction, now, noteNotified, page, sendEmails, unknownTenants, type Actor, type DomainContext } from './context.ts';
import { allowedFrom, nextState, type ReportAction } from './lifecycle.ts';
import { planDataLoss, planInfoRequest, planResolution } from './notifications.ts';
import { POLICY } from './policy.ts';
import { releaseNotesUrlOf, type Links } from './reports.ts';
import { failure, success, type Result } from './result.ts';
import type { StoredReport } from './records.ts';
import { staffView } from './views.ts';

async function find(ctx: DomainContext, id: string): Promise<Result<StoredReport>> {
  const report = await ctx.tx.report(id);
  return report ? success(report) : failure('not-found', `No report ${id}.`);
}

/** Finds the report and checks that `action` is allowed from its state. */
async function forAction(ctx: DomainContext, id: string, action: ReportAction): Promise<Result<StoredReport>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  if (!nextState(found.value.state, action)) {
    return failure('conflict', `Cannot ${action} a ${found.value.state} report; allowed from: ${allowedFrom(action).join(', ')}.`);
  }
  return found;
}

/** The first staff action on a report acknowledges it. */
function acknowledge(ctx: DomainContext, report: StoredReport) {
  report.acknowledgedAt ??= now(ctx);
}

function done(ctx: DomainContext, report: StoredReport, links: Links): Result<StaffReportView> {
  ctx.tx.putReport(report);
  return success(staffView(report, releaseNotesUrlOf(links)));
}

/** Reports, newest first, filtered. */
export async function listReports(ctx: DomainContext, query: ReportListQuery, actor: Actor, links: Links) {
  const { cursor, limit, ...filter } = query;
  const result = await ctx.tx.listReports(filter, { cursor, limit });
  await logAction(ctx, actor, 'report.list', 'reports', result.items.map((report) => report.tenant));
  return { ...result, items: result.items.map((report) => staffView(report, releaseNotesUrlOf(links))) };
}

/** One report as staff see it. Reading a customer's report is an action the log keeps. */
export async function readAsStaff(ctx: DomainContext, id: string, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  await logAction(ctx, actor, 'report.read', id, [found.value.tenant]);
  return success(staffView(found.value, releaseNotesUrlOf(links)));
}

/** An attachment's bytes (base64) and what is known of it, for staff. Each download is logged. */
export async function readAttachment(ctx: DomainContext, id: string, attachmentId: string, actor: Actor): Promise<Result<{ attachment: Attachment; dataBase64: string }>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  const attachment = found.value.attachments.find((candidate) => candidate.id === attachmentId);
  const dataBase64 = attachment ? await ctx.tx.attachmentData(id, attachmentId) : undefined;
  if (!attachment || dataBase64 === undefined) return failure('not-found', `Report ${id} has no attachment ${attachmentId}.`);
  await logAction(ctx, actor, 'report.attachment.read', `${id}/${attachmentId}`, [found.value.tenant]);
  return success({ attachment, dataBase64 });
}

/** Records the assessment; the severity follows from the rule, and the remediation clock starts. */
export async function assess(ctx: DomainContext, id: string, body: AssessBody, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await forAction(ctx, id, 'assess');
  if (!found.ok) return found;
  const report = found.value;
  const severity = classifySeverity(body);
  const parsed = body.cvss ? parseCvss(body.cvss) : undefined;
  const at = now(ctx);
  report.assessment = {
    ...body,
    severity,
    ...(parsed?.ok && parsed.vector.version === '3.1' ? { cvssScore: cvss31BaseScore(parsed.vector) } : {}),
    assessedAt: at,
    assessedBy: actor.name,
  };
  report.severity = severity;
  report.state = 'triaged';
  report.remediateBy = addHours(at, POLICY.remediationDays[severity] * 24);
  acknowledge(ctx, report);
  addTimeline(ctx, report, { type: 'triaged', severity, actor: actor.name });
  await logAction(ctx, actor, 'report.assess', id, [report.tenant]);
  return done(ctx, report, links);
}

/** Asks the reporter for more; the 30-day stale clock starts. */
export async function requestInfo(ctx: DomainContext, id: string, message: string, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await forAction(ctx, id, 'request-info');
  if (!found.ok) return found;
  const report = found.value;
  report.state = 'needs-info';
  report.needsInfoSince = now(ctx);
  acknowledge(ctx, report);
  addTimeline(ctx, report, { type: 'info-requested', message, actor: actor.name });
  noteNotified(report, sendEmails(ctx, planInfoRequest({ id, reporterEmail: report.draft.reporter?.email, message })), actor.name);
  await logAction(ctx, actor, 'report.request-info', id, [report.tenant]);
  return done(ctx, report, links);
}

/** Closes with a reason; a duplicate names an existing other report. */
export async function close(ctx: DomainContext, id: string, body: CloseBody, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await forAction(ctx, id, 'close');
  if (!found.ok) return found;
  if (body.duplicateOf !== undefined && (body.duplicateOf === id || !(await ctx.tx.report(body.duplicateOf)))) {
    return failure('invalid', 'duplicateOf must name another existing report.', [{ path: 'duplicateOf', message: 'No such other report' }]);
  }
  const report = found.value;
  report.state = 'closed';
  report.closeReason = body.reason;
  if (body.duplicateOf) report.duplicateOf = body.duplicateOf;
  delete report.needsInfoSince;
  acknowledge(ctx, report);
  addTimeline(ctx, report, {
    type: 'closed',
    reason: body.reason,
    ...(body.duplicateOf ? { duplicateOf: body.duplicateOf } : {}),
    ...(body.note ? { note: body.note } : {}),
    actor: actor.name,
  });
  await logAction(ctx, actor, 'report.close', id, [report.tenant]);
  return done(ctx, report, links);
}

/** A closed report goes back to `received`, with its triage cleared. */
export async function reopen(ctx: DomainContext, id: string, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await forAction(ctx, id, 'reopen');
  if (!found.ok) return found;
  const report = found.value;
  report.state = 'received';
  for (const field of ['closeReason', 'duplicateOf', 'severity', 'assessment', 'remediateBy'] as const) delete report[field];
  addTimeline(ctx, report, { type: 'reopened', actor: actor.name });
  await logAction(ctx, actor, 'report.reopen', id, [report.tenant]);
  return done(ctx, report, links);
}

/** Resolves in a version: publishes the release-note entry and emails the tenants concerned and the reporter. */
export async function resolve(ctx: DomainContext, id: string, body: ResolveBody, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await forAction(ctx, id, 'resolve');
  if (!found.ok) return found;
  const report = found.value;
  const severity = report.severity;
  if (!severity) return failure('conflict', 'Only an assessed report can be resolved.');
  report.state = 'resolved';
  report.fixedIn = body.fixedIn;
  report.releaseNote = body.releaseNote;
  report.resolvedAt = now(ctx);
  addTimeline(ctx, report, { type: 'resolved', fixedIn: body.fixedIn, releaseNote: body.releaseNote, actor: actor.name });
  const emails = sendEmails(
    ctx,
    planResolution(
      ctx.directory,
      { id, tenant: report.tenant, severity, title: report.draft.title, reporterEmail: report.draft.reporter?.email },
      { ...body, releaseNotesUrl: `${releaseNotesUrlOf(links)}#${encodeURIComponent(body.fixedIn)}` },
    ),
  );
  noteNotified(report, emails, actor.name);
  await logAction(ctx, actor, 'report.resolve', id, [report.tenant, ...emails.flatMap((email) => (email.tenant ? [email.tenant] : []))]);
  return done(ctx, report, links);
}

/** Declares possible data loss: each affected tenant's contacts are told at the same instant. */
export async function declareDataLoss(ctx: DomainContext, id: string, body: DataLossBody, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  const unknown = unknownTenants(ctx, body.affectedTenants, 'affectedTenants');
  if (unknown.length > 0) return failure('invalid', 'Every affected tenant must exist.', unknown);
  const report = found.value;
  const declaredAt = now(ctx);
  report.dataLoss = { affectedTenants: body.affectedTenants, actionTaken: body.actionTaken, declaredAt };
  report.dataLossSuspected = true;
  acknowledge(ctx, report);
  addTimeline(ctx, report, { type: 'data-loss-declared', actionTaken: body.actionTaken, actor: actor.name });
  const emails = sendEmails(ctx, planDataLoss(ctx.directory, { reportId: id, ...body, declaredAt }), declaredAt);
  noteNotified(report, emails, actor.name);
  await logAction(ctx, actor, 'report.data-loss', id, [report.tenant, ...body.affectedTenants]);
  return done(ctx, report, links);
}
