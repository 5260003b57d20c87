import {
  classifySeverity,
  cvss31BaseScore,
  parseCvss,
  type AssessBody,
  type Attachment,
  type CloseBody,
  type DataLossBody,
  type DataLossUpdateBody,
  type DeadlineBody,
  type ReassessBody,
  type ReportListQuery,
  type ResolveBody,
  type Severity,
  type StaffReportView,
} from '@vuln-report/contract';
import { addHours } from './clock.ts';
import { addTimeline, logAction, modeOf, now, noteNotified, sendEmails, unknownTenants, type Actor, type DomainContext } from './context.ts';
import { allowedFrom, nextState, type ReportAction } from './lifecycle.ts';
import { dataLoss, dataLossUpdate, fixed, infoRequest, planNotice, resolution } from './notifications.ts';
import { deadlineMet } from './sla.ts';
import { releaseNotesUrlOf, type Links } from './reports.ts';
import { inMode } from './principals.ts';
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

/** The first staff action on a report acknowledges it: late, when its deadline had passed. */
async function acknowledge(ctx: DomainContext, report: StoredReport) {
  if (report.acknowledgedAt) return;
  report.acknowledgedAt = now(ctx);
  await deadlineMet(ctx, { kind: 'acknowledgement', targetType: 'report', targetId: report.id, tenant: report.tenant, mode: report.mode, dueAt: report.acknowledgeBy });
}

function done(ctx: DomainContext, report: StoredReport, links: Links): Result<StaffReportView> {
  ctx.tx.putReport(report);
  return success(staffView(report, releaseNotesUrlOf(links)));
}

/** Reports, newest first, filtered. */
export async function listReports(ctx: DomainContext, query: ReportListQuery, actor: Actor, links: Links) {
  const { cursor, limit, mode, ...filter } = query;
  const result = await ctx.tx.listReports({ ...filter, mode: modeOf(mode) }, { cursor, limit });
  await logAction(ctx, actor, 'report.list', 'reports', result.items.map((report) => inMode(report.tenant, report.mode)));
  return { ...result, items: result.items.map((report) => staffView(report, releaseNotesUrlOf(links))) };
}

/** One report as staff see it. Reading a customer's report is an action the log keeps. */
export async function readAsStaff(ctx: DomainContext, id: string, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  await logAction(ctx, actor, 'report.read', id, [inMode(found.value.tenant, found.value.mode)]);
  return success(staffView(found.value, releaseNotesUrlOf(links)));
}

/** An attachment's bytes (base64) and what is known of it, for staff. Each download is logged. */
export async function readAttachment(ctx: DomainContext, id: string, attachmentId: string, actor: Actor): Promise<Result<{ attachment: Attachment; dataBase64: string }>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  const attachment = found.value.attachments.find((candidate) => candidate.id === attachmentId);
  const dataBase64 = attachment ? await ctx.tx.attachmentData(id, attachmentId) : undefined;
  if (!attachment || dataBase64 === undefined) return failure('not-found', `Report ${id} has no attachment ${attachmentId}.`);
  await logAction(ctx, actor, 'report.attachment.read', `${id}/${attachmentId}`, [inMode(found.value.tenant, found.value.mode)]);
  return success({ attachment, dataBase64 });
}

/** What an assessment records, and the severity a vulnerability gets from the rule. */
function assessmentOf(body: AssessBody | ReassessBody, actor: Actor, at: string) {
  const { reason: _reason, ...said } = body as ReassessBody;
  const severity: Severity | undefined = body.vulnerability ? classifySeverity(body as Required<Pick<AssessBody, 'dataCompromised' | 'serverCompromised' | 'denialOfService' | 'scope'>>) : undefined;
  const parsed = body.cvss ? parseCvss(body.cvss) : undefined;
  return {
    severity,
    assessment: {
      ...said,
      ...(severity ? { severity } : {}),
      ...(parsed?.ok && parsed.vector.version === '3.1' ? { cvssScore: cvss31BaseScore(parsed.vector) } : {}),
      assessedAt: at,
      assessedBy: actor.name,
    },
  };
}

/** Applies an assessment: the severity, and the remediation deadline the policy gives it (unless staff set one by hand). */
function applyAssessment(ctx: DomainContext, report: StoredReport, body: AssessBody | ReassessBody, actor: Actor) {
  const at = now(ctx);
  const { severity, assessment } = assessmentOf(body, actor, at);
  report.assessment = assessment;
  if (severity) report.severity = severity;
  else delete report.severity;
  if (report.deadline) report.remediateBy = report.deadline.remediateBy;
  else if (severity) report.remediateBy = addHours(at, ctx.policy.deadlines.remediationDays[severity] * 24);
  else delete report.remediateBy;
  return severity;
}

/** Records the assessment: whether it is a vulnerability and, if so, its severity by the rule; the remediation clock starts. */
export async function assess(ctx: DomainContext, id: string, body: AssessBody, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await forAction(ctx, id, 'assess');
  if (!found.ok) return found;
  const report = found.value;
  const severity = applyAssessment(ctx, report, body, actor);
  report.state = 'triaged';
  await acknowledge(ctx, report);
  addTimeline(ctx, report, { type: 'triaged', vulnerability: body.vulnerability, ...(severity ? { severity } : {}), actor: actor.name });
  await logAction(ctx, actor, 'report.assess', id, [inMode(report.tenant, report.mode)]);
  return done(ctx, report, links);
}

/** Changes a triaged report's assessment, with a reason; a deadline set by hand is kept. */
export async function reassess(ctx: DomainContext, id: string, body: ReassessBody, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  const report = found.value;
  if (report.state !== 'triaged') return failure('conflict', `Only a triaged report can be reassessed; this one is ${report.state}.`);
  const severity = applyAssessment(ctx, report, body, actor);
  addTimeline(ctx, report, { type: 'reassessed', vulnerability: body.vulnerability, ...(severity ? { severity } : {}), reason: body.reason, actor: actor.name });
  await logAction(ctx, actor, 'report.reassess', id, [inMode(report.tenant, report.mode)]);
  return done(ctx, report, links);
}

/** Sets this case's remediation deadline by hand, with a reason; reassessments keep it. */
export async function setDeadline(ctx: DomainContext, id: string, body: DeadlineBody, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  const report = found.value;
  if (report.state !== 'triaged') return failure('conflict', `A remediation deadline is set on a triaged report; this one is ${report.state}.`);
  report.deadline = { remediateBy: new Date(body.remediateBy).toISOString(), reason: body.reason, setBy: actor.name, setAt: now(ctx) };
  report.remediateBy = report.deadline.remediateBy;
  addTimeline(ctx, report, { type: 'deadline-set', remediateBy: report.remediateBy, reason: body.reason, actor: actor.name });
  await logAction(ctx, actor, 'report.deadline', id, [inMode(report.tenant, report.mode)]);
  return done(ctx, report, links);
}

/** Asks the reporter for more; the stale clock starts. */
export async function requestInfo(ctx: DomainContext, id: string, message: string, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await forAction(ctx, id, 'request-info');
  if (!found.ok) return found;
  const report = found.value;
  report.state = 'needs-info';
  report.needsInfoSince = now(ctx);
  await acknowledge(ctx, report);
  addTimeline(ctx, report, { type: 'info-requested', message, actor: actor.name });
  const emails = planNotice(ctx.directory, ctx.policy, {
    trigger: 'request-info',
    kind: 'info-request',
    relatedId: id,
    parties: { reporterEmail: report.draft.reporter?.email, tenant: report.tenant },
    content: () => infoRequest({ id, message }),
  });
  noteNotified(report, sendEmails(ctx, emails, report.mode), actor.name);
  await logAction(ctx, actor, 'report.request-info', id, [inMode(report.tenant, report.mode)]);
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
  await acknowledge(ctx, report);
  addTimeline(ctx, report, {
    type: 'closed',
    reason: body.reason,
    ...(body.duplicateOf ? { duplicateOf: body.duplicateOf } : {}),
    ...(body.note ? { note: body.note } : {}),
    actor: actor.name,
  });
  await logAction(ctx, actor, 'report.close', id, [inMode(report.tenant, report.mode)]);
  return done(ctx, report, links);
}

/** A closed report goes back to `received`, with its triage cleared. */
export async function reopen(ctx: DomainContext, id: string, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await forAction(ctx, id, 'reopen');
  if (!found.ok) return found;
  const report = found.value;
  report.state = 'received';
  for (const field of ['closeReason', 'duplicateOf', 'severity', 'assessment', 'remediateBy', 'deadline'] as const) delete report[field];
  addTimeline(ctx, report, { type: 'reopened', actor: actor.name });
  await logAction(ctx, actor, 'report.reopen', id, [inMode(report.tenant, report.mode)]);
  return done(ctx, report, links);
}

/**
 * Resolves in a version. A vulnerability is published in the release notes and every
 * audience the policy names for its severity is told, with the affected versions and
 * how it was resolved; a report that was no vulnerability is told to its reporter as fixed.
 */
export async function resolve(ctx: DomainContext, id: string, body: ResolveBody, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await forAction(ctx, id, 'resolve');
  if (!found.ok) return found;
  const report = found.value;
  const vulnerability = report.assessment?.vulnerability !== false;
  const severity = report.severity;
  if (vulnerability && !severity) return failure('conflict', 'Only an assessed report can be resolved.');
  if (vulnerability && !body.affectedVersions) {
    return failure('invalid', 'A vulnerability is resolved with the versions it affected.', [{ path: 'affectedVersions', message: 'Required for a vulnerability', code: 'custom' }]);
  }
  const at = now(ctx);
  report.state = 'resolved';
  report.fixedIn = body.fixedIn;
  report.releaseNote = body.releaseNote;
  report.resolvedAt = at;
  if (body.affectedVersions) report.affectedVersions = body.affectedVersions;
  if (report.remediateBy) await deadlineMet(ctx, { kind: 'remediation', targetType: 'report', targetId: id, tenant: report.tenant, mode: report.mode, severity, dueAt: report.remediateBy });
  addTimeline(ctx, report, { type: 'resolved', fixedIn: body.fixedIn, releaseNote: body.releaseNote, actor: actor.name });
  const parties = { reporterEmail: report.draft.reporter?.email, tenant: report.tenant };
  const emails =
    vulnerability && severity
      ? planNotice(ctx.directory, ctx.policy, {
          trigger: `resolve-${severity}`,
          kind: 'resolution',
          relatedId: id,
          parties,
          content: resolution(
            { id, title: report.draft.title, severity, reportingTenant: report.tenant },
            { ...body, affectedVersions: body.affectedVersions!, releaseNotesUrl: `${releaseNotesUrlOf(links)}#${encodeURIComponent(body.fixedIn)}` },
          ),
        })
      : planNotice(ctx.directory, ctx.policy, { trigger: 'resolve-not-vulnerability', kind: 'resolution', relatedId: id, parties, content: () => fixed({ id, title: report.draft.title }, body) });
  const sent = sendEmails(ctx, emails, report.mode, at);
  noteNotified(report, sent, actor.name);
  await logAction(ctx, actor, 'report.resolve', id, [report.tenant, ...sent.flatMap((email) => (email.tenant ? [email.tenant] : []))].map((tenant) => inMode(tenant, report.mode)));
  return done(ctx, report, links);
}

/** Declares possible data loss: each affected tenant's contacts are told at the same instant, with what to do. */
export async function declareDataLoss(ctx: DomainContext, id: string, body: DataLossBody, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  const unknown = unknownTenants(ctx, body.affectedTenants, 'affectedTenants');
  if (unknown.length > 0) return failure('invalid', 'Every affected tenant must exist.', unknown);
  const report = found.value;
  if (report.dataLoss) return failure('conflict', 'Data loss was already declared for this report: send a follow-up to the same tenants instead.');
  const declaredAt = now(ctx);
  report.dataLoss = { ...body, declaredAt, mode: report.mode, updates: [] };
  report.dataLossSuspected = true;
  await acknowledge(ctx, report);
  addTimeline(ctx, report, { type: 'data-loss-declared', actionTaken: body.actionTaken, actor: actor.name });
  const emails = planNotice(ctx.directory, ctx.policy, {
    trigger: 'data-loss',
    kind: 'data-loss',
    relatedId: id,
    parties: { affectedTenants: body.affectedTenants },
    content: dataLoss({ reportId: id, declaredAt, actionTaken: body.actionTaken, customerMeasures: body.customerMeasures }),
  });
  noteNotified(report, sendEmails(ctx, emails, report.mode, declaredAt), actor.name);
  await logAction(ctx, actor, 'report.data-loss', id, [report.tenant, ...body.affectedTenants].map((tenant) => inMode(tenant, report.mode)));
  return done(ctx, report, links);
}

/** A follow-up to a data-loss declaration, emailed to the same tenants at once. */
export async function updateDataLoss(ctx: DomainContext, id: string, body: DataLossUpdateBody, actor: Actor, links: Links): Promise<Result<StaffReportView>> {
  const found = await find(ctx, id);
  if (!found.ok) return found;
  const report = found.value;
  if (!report.dataLoss) return failure('conflict', 'No data loss was declared for this report yet.');
  const at = now(ctx);
  if (body.actionTaken) report.dataLoss.actionTaken = body.actionTaken;
  if (body.customerMeasures) report.dataLoss.customerMeasures = body.customerMeasures;
  report.dataLoss.updates.push({ at, ...body });
  addTimeline(ctx, report, { type: 'data-loss-updated', note: body.note, actor: actor.name });
  const emails = planNotice(ctx.directory, ctx.policy, {
    trigger: 'data-loss-update',
    kind: 'data-loss',
    relatedId: id,
    parties: { affectedTenants: report.dataLoss.affectedTenants },
    content: dataLossUpdate({ reportId: id, ...body }),
  });
  noteNotified(report, sendEmails(ctx, emails, report.mode, at), actor.name);
  await logAction(ctx, actor, 'report.data-loss.update', id, [report.tenant, ...report.dataLoss.affectedTenants].map((tenant) => inMode(tenant, report.mode)));
  return done(ctx, report, links);
}
