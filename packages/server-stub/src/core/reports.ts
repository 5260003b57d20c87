import { LIMITS, type CustomerReportQuery, type Mode, type Receipt, type ReportChannel, type ReportDraft, type ReportView } from '@vuln-report/contract';
import { addHours } from './clock.ts';
import { addTimeline, logAction, now, noteNotified, sendEmails, type Actor, type DomainContext } from './context.ts';
import { customerActor, inMode, sees, type Customer, type ReportHolder } from './principals.ts';
import { randomId, sameSecret } from './ids.ts';
import { MESSAGE_STATES, nextState } from './lifecycle.ts';
import { acknowledgement, planNotice, staffAlert } from './notifications.ts';
import { failure, success, type Result } from './result.ts';
import type { StoredAttachment, StoredReport } from './records.ts';
import { reporterView, tenantView } from './views.ts';

/** Where the intake is reachable, for the links it hands out. */
export interface Links {
  baseUrl: string;
  /** Where a tenant's signed-in users follow what concerns them (incidents, evidence). */
  supportCenterUrl: string;
}

const statusUrlOf = (links: Links, id: string) => `${links.baseUrl}/v1/reports/${id}`;
export const releaseNotesUrlOf = (links: Links) => `${links.baseUrl}/v1/release-notes`;

/** A validated submission. The HTTP layer has checked the key or token, the origin, limits and the schema. */
export interface Submission {
  tenant: string;
  mode: Mode;
  channel: ReportChannel;
  /** The publishable key it came through, or the signed-in customer who sent it. */
  from: { projectKey: string } | { customer: Customer };
  idempotencyKey: string;
  /** A hash of the request's content (draft as sent and attachments), to tell a replay from a reuse. */
  bodyHash: string;
  draft: ReportDraft;
  attachments: StoredAttachment[];
}

/**
 * Stores a report, or recognises a replay: the same Idempotency-Key with the same body
 * answers the first receipt and stores nothing; with another body it is refused.
 */
export async function submitReport(ctx: DomainContext, submission: Submission, links: Links): Promise<Result<{ receipt: Receipt; replayed: boolean }>> {
  // Keys are the client's own: scoped to the project key, or to the signed-in user.
  const scope = 'projectKey' in submission.from ? submission.from.projectKey : `customer ${submission.tenant} ${submission.mode} ${submission.from.customer.sub}`;
  const key = `${scope} ${submission.idempotencyKey}`;
  const earlier = await ctx.tx.idempotency(key);
  if (earlier) {
    if (earlier.bodyHash !== submission.bodyHash) {
      return failure('idempotency-mismatch', 'This Idempotency-Key was already used for a different report. Use a new key for a new report.');
    }
    return success({ receipt: earlier.receipt, replayed: true });
  }

  const receivedAt = now(ctx);
  const id = randomId('rpt');
  const trackingToken = randomId('trk', 32);
  const urgent = submission.draft.kind === 'data-exposure' || submission.draft.sawSensitiveData === true;
  const { deadlines } = ctx.policy;
  const report: StoredReport = {
    id,
    tenant: submission.tenant,
    mode: submission.mode,
    channel: submission.channel,
    ...('projectKey' in submission.from
      ? { projectKey: submission.from.projectKey }
      : { submittedBy: { sub: submission.from.customer.sub, email: submission.from.customer.email } }),
    trackingToken,
    draft: submission.draft,
    attachments: submission.attachments.map(({ dataBase64: _data, ...meta }) => meta),
    state: 'received',
    dataLossSuspected: submission.draft.sawSensitiveData === true,
    urgent,
    receivedAt,
    acknowledgeBy: addHours(receivedAt, urgent ? deadlines.urgentAcknowledgeWithinHours : deadlines.acknowledgeWithinHours),
    updatedAt: receivedAt,
    timeline: [{ at: receivedAt, type: 'received' }],
  };
  const receipt: Receipt = {
    id,
    trackingToken,
    state: 'received',
    receivedAt,
    acknowledgeBy: report.acknowledgeBy,
    statusUrl: statusUrlOf(links, id),
  };
  for (const attachment of submission.attachments) ctx.tx.putAttachmentData(id, attachment.id, attachment.dataBase64);
  ctx.tx.putIdempotency(key, { bodyHash: submission.bodyHash, receipt });

  const content = { id, title: submission.draft.title, statusUrl: receipt.statusUrl, trackingToken, acknowledgeBy: report.acknowledgeBy };
  const parties = { reporterEmail: submission.draft.reporter?.email, tenant: submission.tenant };
  noteNotified(report, sendEmails(ctx, planNotice(ctx.directory, ctx.policy, { trigger: 'intake', kind: 'acknowledgement', relatedId: id, parties, content: () => acknowledgement(content) }), report.mode, receivedAt));
  const alert = { id, title: submission.draft.title, tenant: submission.tenant, kind: submission.draft.kind, urgent, acknowledgeBy: report.acknowledgeBy };
  noteNotified(report, sendEmails(ctx, planNotice(ctx.directory, ctx.policy, { trigger: 'intake-staff-alert', kind: 'staff-alert', relatedId: id, parties, content: () => staffAlert(alert) }), report.mode, receivedAt));
  ctx.tx.putReport(report);
  const actor: Actor = 'customer' in submission.from ? customerActor(submission.from.customer) : { name: 'reporter', channel: submission.channel };
  await logAction(ctx, actor, 'report.submit', id, [inMode(submission.tenant, submission.mode)]);
  return success({ receipt, replayed: false });
}

/**
 * The report `id` if `holder` holds it: its tracking token, or a customer token of its
 * tenant in its mode. Another's report is indistinguishable from none.
 */
async function reportFor(ctx: DomainContext, id: string, holder: ReportHolder): Promise<Result<StoredReport>> {
  const report = await ctx.tx.report(id);
  const held =
    report !== undefined &&
    (holder.kind === 'tracking' ? sameSecret(report.trackingToken, holder.token) : sees(holder.customer, report.tenant, report.mode));
  return held ? success(report) : failure('not-found', `No report with this id for this ${holder.kind === 'tracking' ? 'tracking token' : 'tenant'}.`);
}

/** Who writes to a report from outside the vendor, as the log names them. */
const holderActor = (holder: ReportHolder, report: StoredReport): Actor =>
  holder.kind === 'customer' ? customerActor(holder.customer) : { name: 'reporter', channel: report.channel };

/** The report as its holder sees it: the reporter's view, or the tenant view for a customer. */
const viewFor = (report: StoredReport, holder: ReportHolder, links: Links): ReportView =>
  holder.kind === 'tracking' ? reporterView(report, releaseNotesUrlOf(links)) : tenantView(report, holder.customer, releaseNotesUrlOf(links));

/** The holder's view of a report. */
export async function readAsReporter(ctx: DomainContext, id: string, holder: ReportHolder, links: Links): Promise<Result<ReportView>> {
  const found = await reportFor(ctx, id, holder);
  return found.ok ? success(viewFor(found.value, holder, links)) : found;
}

/** The tenant's reports in the customer's mode, newest first, as the tenant view. */
export async function listForCustomer(ctx: DomainContext, customer: Customer, query: CustomerReportQuery, links: Links) {
  const result = await ctx.tx.listReports({ tenant: customer.tenant, mode: customer.mode, state: query.state }, { cursor: query.cursor, limit: query.limit });
  return { ...result, items: result.items.map((report) => tenantView(report, customer, releaseNotesUrlOf(links))) };
}

/**
 * The reporter adds information, with files if they like, within the report's attachment
 * limits (its files before and these together); an answer to a request for information
 * puts the report back in `received`.
 */
export async function addReporterMessage(
  ctx: DomainContext,
  id: string,
  holder: ReportHolder,
  message: string,
  links: Links,
  attachments: readonly StoredAttachment[] = [],
): Promise<Result<ReportView>> {
  const found = await reportFor(ctx, id, holder);
  if (!found.ok) return found;
  const report = found.value;
  if (!MESSAGE_STATES.includes(report.state)) {
    return failure('conflict', `A ${report.state} report takes no more messages.`);
  }
  const files = [...report.attachments, ...attachments];
  if (files.length > LIMITS.attachmentsMax) {
    return failure('too-large', `A report holds at most ${LIMITS.attachmentsMax} files; this one has ${report.attachments.length}.`);
  }
  if (files.reduce((sum, file) => sum + file.size, 0) > LIMITS.attachmentsTotalBytesMax) {
    return failure('too-large', `A report's files come to at most ${LIMITS.attachmentsTotalBytesMax} bytes in all.`);
  }
  for (const attachment of attachments) ctx.tx.putAttachmentData(id, attachment.id, attachment.dataBase64);
  report.attachments = files.map(({ id: fileId, name, type, size }) => ({ id: fileId, name, type, size }));
  addTimeline(ctx, report, { type: 'reporter-replied', message, ...(attachments.length ? { attachments: attachments.map((file) => file.id) } : {}) });
  const answered = nextState(report.state, 'reporter-reply');
  if (answered) {
    report.state = answered;
    delete report.needsInfoSince;
  }
  ctx.tx.putReport(report);
  await logAction(ctx, holderActor(holder, report), 'report.message', id, [inMode(report.tenant, report.mode)]);
  return success(viewFor(report, holder, links));
}

/** The reporter, or a customer of its tenant, withdraws a report that is not yet triaged. */
export async function withdrawReport(ctx: DomainContext, id: string, holder: ReportHolder, links: Links): Promise<Result<ReportView>> {
  const found = await reportFor(ctx, id, holder);
  if (!found.ok) return found;
  const report = found.value;
  const to = nextState(report.state, 'withdraw');
  if (!to) return failure('conflict', `A ${report.state} report can no longer be withdrawn: only reports not yet triaged can.`);
  report.state = to;
  report.closeReason = 'withdrawn';
  delete report.needsInfoSince;
  addTimeline(ctx, report, { type: 'closed', reason: 'withdrawn' });
  ctx.tx.putReport(report);
  await logAction(ctx, holderActor(holder, report), 'report.withdraw', id, [inMode(report.tenant, report.mode)]);
  return success(viewFor(report, holder, links));
}
