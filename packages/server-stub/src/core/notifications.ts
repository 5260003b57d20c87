import type { Audience, EmailKind, NoticeTrigger, Policy, Severity } from '@vuln-report/contract';
import type { Directory, TenantContacts } from './directory.ts';
import { audiencesOf } from './policy.ts';

/** An email to send, before the outbox gives it an id and a time. */
export interface PlannedEmail {
  to: string;
  subject: string;
  text: string;
  kind: EmailKind;
  relatedId: string;
  tenant?: string;
}

/** One line, no control characters, at most 200 characters: safe as a `Subject` header. */
export function oneLine(value: string): string {
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** Plain text with `\n` line ends and no control characters but tab and newline; bidirectional overrides neutralised. */
export function plainText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Whom one email of a notice is for; the content may differ by recipient (a contact is never sent the reporter's text). */
export type Recipient =
  | { role: 'reporter'; email: string }
  | { role: 'staff'; email: string }
  | { role: 'requester'; email: string }
  | { role: 'contact'; email: string; tenant: TenantContacts };

/** The parties a notice may reach: the policy's audiences pick among them. */
export interface Parties {
  reporterEmail?: string | undefined;
  /** The tenant of the report or of the requester. */
  tenant?: string | undefined;
  /** The tenants a declaration or incident names. */
  affectedTenants?: readonly string[] | undefined;
  requesterEmail?: string | undefined;
}

/** The addresses the policy's audiences for `trigger` resolve to, each once. */
export function recipientsOf(directory: Directory, policy: Policy, trigger: NoticeTrigger, parties: Parties): Recipient[] {
  const contacts = (tenants: readonly TenantContacts[]): Recipient[] =>
    tenants.flatMap((tenant) => tenant.supportContacts.map((contact) => ({ role: 'contact' as const, email: contact.email, tenant })));
  const byAudience: Record<Audience, () => Recipient[]> = {
    reporter: () => (parties.reporterEmail ? [{ role: 'reporter', email: parties.reporterEmail }] : []),
    'staff-alerts': () => directory.staffAlerts.map((address) => ({ role: 'staff', email: address })),
    'all-tenants': () => contacts(directory.tenants),
    'reporting-tenant': () => contacts(directory.tenants.filter((tenant) => tenant.id === parties.tenant)),
    'affected-tenants': () => contacts(directory.tenants.filter((tenant) => parties.affectedTenants?.includes(tenant.id))),
    requester: () => (parties.requesterEmail ? [{ role: 'requester', email: parties.requesterEmail }] : []),
    'requesting-tenant': () => contacts(directory.tenants.filter((tenant) => tenant.id === parties.tenant)),
  };
  const seen = new Set<string>();
  return audiencesOf(policy, trigger)
    .flatMap((audience) => byAudience[audience]())
    .filter((recipient) => !seen.has(recipient.email.toLowerCase()) && seen.add(recipient.email.toLowerCase()));
}

/** An email's content, made safe: the subject one line, the text plain. */
export interface Content {
  subject: string;
  lines: string[];
}

/** The emails of one notice: one per recipient, its content written for that recipient. */
export function planNotice(
  directory: Directory,
  policy: Policy,
  notice: { trigger: NoticeTrigger; kind: EmailKind; relatedId: string; parties: Parties; content: (recipient: Recipient) => Content },
): PlannedEmail[] {
  return recipientsOf(directory, policy, notice.trigger, notice.parties).map((recipient) => {
    const { subject, lines } = notice.content(recipient);
    return {
      to: recipient.email,
      subject: oneLine(subject),
      text: plainText(`${lines.join('\n')}\n`),
      kind: notice.kind,
      relatedId: notice.relatedId,
      ...(recipient.role === 'contact' ? { tenant: recipient.tenant.id } : {}),
    };
  });
}

const greeting = (recipient: Recipient) => (recipient.role === 'contact' ? [`To the authorized support contacts of ${recipient.tenant.name}:`, ''] : []);

/** The reporter's acknowledgement at intake: the reference and how to follow it. */
export function acknowledgement(report: { id: string; title: string; statusUrl: string; trackingToken: string; acknowledgeBy: string }): Content {
  return {
    subject: `[${report.id}] We received your report`,
    lines: [
      'Thank you for your report. We have received it and will acknowledge it by',
      `${report.acknowledgeBy}.`,
      '',
      `Reference: ${report.id}`,
      `Title: ${report.title}`,
      '',
      'To follow its status, request this address with your tracking token as a bearer token:',
      report.statusUrl,
      `Tracking token: ${report.trackingToken}`,
      '',
      'Keep the token private: it is the only key to this report.',
    ],
  };
}

/** To the vendor's staff: a report arrived; urgent ones say so first. */
export function staffAlert(report: { id: string; title: string; tenant: string; kind: string; urgent: boolean; acknowledgeBy: string }): Content {
  return {
    subject: `${report.urgent ? '[URGENT] ' : ''}New report ${report.id} from ${report.tenant}`,
    lines: [
      `${report.urgent ? 'An urgent' : 'A new'} report arrived (${report.kind}) from tenant ${report.tenant}.`,
      `Reference: ${report.id}`,
      `Acknowledge it by ${report.acknowledgeBy}.`,
      ...(report.urgent ? ['', 'It may involve exposed customer data: the reporter marked it so.'] : []),
    ],
  };
}

/** To the vendor's staff: a promised deadline passed. */
export function breachAlert(item: { kind: string; targetType: string; targetId: string; dueAt: string; tenant?: string | undefined }): Content {
  return {
    subject: `Deadline breached: ${item.kind} of ${item.targetType} ${item.targetId}`,
    lines: [
      `The ${item.kind} deadline of ${item.targetType} ${item.targetId}${item.tenant ? ` (tenant ${item.tenant})` : ''} passed at ${item.dueAt}.`,
      'It stays in the SLA view until it is met, and after that as met late.',
    ],
  };
}

/** A request for more information, to the reporter. */
export function infoRequest(report: { id: string; message: string }): Content {
  return {
    subject: `[${report.id}] We need more information about your report`,
    lines: [
      'Our security team needs more information to assess your report:',
      '',
      report.message,
      '',
      `Reply through the report's messages with your tracking token (reference ${report.id}).`,
    ],
  };
}

/**
 * A resolved vulnerability. Contacts get what staff wrote (never the reporter's text,
 * which could hold another tenant's data); the reporter gets their own title too.
 */
export function resolution(
  report: { id: string; title: string; severity: Severity; reportingTenant: string },
  fix: { fixedIn: string; releaseNote: string; details: string; affectedVersions: readonly string[]; releaseNotesUrl: string },
): (recipient: Recipient) => Content {
  const body = [
    `Severity: ${report.severity}`,
    `Fixed in version: ${fix.fixedIn}`,
    `Affected versions: ${fix.affectedVersions.join(', ')}`,
    '',
    fix.releaseNote,
    '',
    'How it was resolved:',
    fix.details,
    '',
    `Release notes: ${fix.releaseNotesUrl}`,
  ];
  return (recipient) =>
    recipient.role === 'contact'
      ? {
          subject: `Security update: a ${report.severity} vulnerability is resolved in ${fix.fixedIn}`,
          lines: [
            ...greeting(recipient),
            `A vulnerability (reference ${report.id}) is resolved.`,
            ...body,
            '',
            recipient.tenant.id === report.reportingTenant && report.severity === 'critical'
              ? 'It affected your organization. Update to this version or later.'
              : 'Update to this version or later. No other action is needed unless the release notes say so.',
          ],
        }
      : {
          subject: `[${report.id}] Your report is resolved in ${fix.fixedIn}`,
          lines: [`Your report "${report.title}" is resolved.`, '', ...body, '', 'Thank you for helping us keep our customers safe.'],
        };
}

/** A report that was not a vulnerability is fixed: to its reporter, as a fix, not a security update. */
export function fixed(report: { id: string; title: string }, fix: { fixedIn: string; releaseNote: string; details: string }): Content {
  return {
    subject: `[${report.id}] Fixed in ${fix.fixedIn}`,
    lines: [`What you reported, "${report.title}", is fixed in version ${fix.fixedIn}.`, '', fix.releaseNote, '', 'What we changed:', fix.details, '', 'Thank you for telling us.'],
  };
}

/** Possible data loss: what the vendor did and what the customer should do. */
export function dataLoss(notice: { reportId: string; declaredAt: string; actionTaken: string; customerMeasures: string }): (recipient: Recipient) => Content {
  return (recipient) => ({
    subject: `Important: possible loss of ${recipient.role === 'contact' ? recipient.tenant.name : 'your'} data`,
    lines: [
      ...greeting(recipient),
      `On ${notice.declaredAt} we found that data of your organization may have been lost or exposed (reference ${notice.reportId}).`,
      '',
      'Action we took:',
      notice.actionTaken,
      '',
      'What you should do:',
      notice.customerMeasures,
      '',
      'We will write again as we learn more. Reply to this email with any question.',
    ],
  });
}

/** A follow-up to a data-loss declaration. */
export function dataLossUpdate(notice: { reportId: string; note: string; actionTaken?: string | undefined; customerMeasures?: string | undefined }): (recipient: Recipient) => Content {
  return (recipient) => ({
    subject: `Update on the possible loss of ${recipient.role === 'contact' ? recipient.tenant.name : 'your'} data (${notice.reportId})`,
    lines: [
      ...greeting(recipient),
      `An update on the possible data loss we told you of (reference ${notice.reportId}):`,
      '',
      notice.note,
      ...(notice.actionTaken ? ['', 'Action we took:', notice.actionTaken] : []),
      ...(notice.customerMeasures ? ['', 'What you should do now:', notice.customerMeasures] : []),
    ],
  });
}

/** An incident notice, first or later: the measures and where to track it (the support center, never a key). */
export function incidentNotice(incident: {
  id: string;
  title: string;
  detectedAt: string;
  recommendedMeasures: string;
  trackingUrl: string;
  note?: string | undefined;
  later: boolean;
}): (recipient: Recipient) => Content {
  return (recipient) => ({
    subject: `${incident.later ? 'Update: ' : ''}Security incident affecting ${recipient.role === 'contact' ? recipient.tenant.name : 'you'}: ${incident.title}`,
    lines: [
      ...greeting(recipient),
      incident.later
        ? `An update on the security incident "${incident.title}" (reference ${incident.id}).`
        : `A security incident detected on ${incident.detectedAt} affects your organization's resources.\nIncident: ${incident.title} (reference ${incident.id})`,
      ...(incident.note ? ['', incident.note] : []),
      '',
      'Recommended measures:',
      incident.recommendedMeasures,
      '',
      'Follow its status in your support center:',
      incident.trackingUrl,
    ],
  });
}

/** An evidence request answered: the entries in its scope. */
export function evidenceAnswered(request: {
  id: string;
  reason: string;
  entries: ReadonlyArray<{ seq: number; at: string; actor: string; channel: string; action: string; target: string; hash: string }>;
}): (recipient: Recipient) => Content {
  return (recipient) => ({
    subject: `Digital evidence for your request ${request.id}`,
    lines: [
      ...greeting(recipient),
      'You asked for digital evidence, giving this reason:',
      request.reason,
      '',
      `These ${request.entries.length} activity-log entries are in the request's scope and concern your organization.`,
      '',
      ...request.entries.map((e) => `#${e.seq} ${e.at} ${e.actor} (${e.channel}) ${e.action} ${e.target} ${e.hash}`),
    ],
  });
}

/** An evidence request declined, with the reason. */
export function evidenceDeclined(request: { id: string; reason: string; declineReason: string }): (recipient: Recipient) => Content {
  return (recipient) => ({
    subject: `Your evidence request ${request.id} was declined`,
    lines: [...greeting(recipient), 'You asked for digital evidence, giving this reason:', request.reason, '', 'We declined it, for this reason:', request.declineReason],
  });
}
