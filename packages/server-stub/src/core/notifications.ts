import type { EmailKind, Severity } from '@vuln-report/contract';
import type { Directory, TenantContacts } from './directory.ts';
import { POLICY } from './policy.ts';

/** An email to send, before the outbox gives it an id and a time. */
export interface PlannedEmail {
  to: string;
  subject: string;
  text: string;
  kind: EmailKind;
  relatedId: string;
  tenant?: string;
}

type Tenant = TenantContacts;

/** One line, no control characters, at most 200 characters: safe as a `Subject` header. */
export function oneLine(value: string): string {
  const flat = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** Plain text with `\n` line ends and no control characters but tab and newline. */
export function plainText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

function toContacts(tenants: readonly Tenant[], build: (tenant: Tenant) => Omit<PlannedEmail, 'to' | 'tenant'>): PlannedEmail[] {
  return tenants.flatMap((tenant) => {
    const email = build(tenant);
    return tenant.supportContacts.map((contact) => ({ ...email, to: contact.email, tenant: tenant.id }));
  });
}

/** An email's content, made safe: the subject one line, the text plain. Recipients are added by the caller. */
function email(parts: { subject: string; lines: string[]; kind: EmailKind; relatedId: string }): Omit<PlannedEmail, 'to' | 'tenant'> {
  const { lines, subject, ...rest } = parts;
  return { ...rest, subject: oneLine(subject), text: plainText(`${lines.join('\n')}\n`) };
}

/** The reporter's acknowledgement at intake: the reference and how to track it. Only when they gave an email. */
export function planAcknowledgement(report: {
  id: string;
  title: string;
  reporterEmail?: string;
  statusUrl: string;
  trackingToken: string;
  acknowledgeBy: string;
}): PlannedEmail[] {
  if (!report.reporterEmail) return [];
  return [
    {
      to: report.reporterEmail,
      ...email({
        kind: 'acknowledgement',
        relatedId: report.id,
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
      }),
    },
  ];
}

/** A request for more information, to the reporter when they gave an email. */
export function planInfoRequest(report: { id: string; reporterEmail?: string; message: string }): PlannedEmail[] {
  if (!report.reporterEmail) return [];
  return [
    {
      to: report.reporterEmail,
      ...email({
        kind: 'info-request',
        relatedId: report.id,
        subject: `[${report.id}] We need more information about your report`,
        lines: [
          'Our security team needs more information to assess your report:',
          '',
          report.message,
          '',
          `Reply through the report's messages with your tracking token (reference ${report.id}).`,
        ],
      }),
    },
  ];
}

/**
 * Who hears of a resolution: the support contacts of the tenants the policy's
 * `resolutionAudience` names for the severity, and the reporter.
 * The contacts' email carries only what staff wrote, never the reporter's text, which
 * could hold another tenant's data.
 */
export function planResolution(
  directory: Directory,
  report: { id: string; tenant: string; severity: Severity; title: string; reporterEmail?: string },
  fix: { fixedIn: string; releaseNote: string; details?: string; releaseNotesUrl: string },
): PlannedEmail[] {
  const audience = POLICY.resolutionAudience[report.severity];
  const concerned = audience === 'all-tenants' ? directory.tenants : directory.tenants.filter((tenant) => tenant.id === report.tenant);
  const body = [
    `Fixed in version: ${fix.fixedIn}`,
    `Severity: ${report.severity}`,
    '',
    fix.releaseNote,
    ...(fix.details ? ['', 'How it was resolved:', fix.details] : []),
    '',
    `Release notes: ${fix.releaseNotesUrl}`,
  ];
  const contacts = toContacts(concerned, (tenant) =>
    email({
      kind: 'resolution',
      relatedId: report.id,
      subject: `Security update: a ${report.severity} vulnerability is resolved in ${fix.fixedIn}`,
      lines: [
        `To the authorized support contacts of ${tenant.name}:`,
        '',
        `A vulnerability (reference ${report.id}) is resolved.`,
        ...body,
        '',
        ...(report.severity === 'critical'
          ? ['It affected only your organization.']
          : ['Update to this version or later. No other action is needed unless the release notes say so.']),
      ],
    }),
  );
  const reporter = report.reporterEmail
    ? [
        {
          to: report.reporterEmail,
          ...email({
            kind: 'resolution',
            relatedId: report.id,
            subject: `[${report.id}] Your report is resolved in ${fix.fixedIn}`,
            lines: [`Your report "${report.title}" is resolved.`, '', ...body, '', 'Thank you for helping us keep our customers safe.'],
          }),
        },
      ]
    : [];
  return [...contacts, ...reporter];
}

/** Possible data loss: every authorized support contact of each affected tenant, at once. */
export function planDataLoss(
  directory: Directory,
  notice: { reportId: string; affectedTenants: readonly string[]; actionTaken: string; declaredAt: string },
): PlannedEmail[] {
  const affected = directory.tenants.filter((tenant) => notice.affectedTenants.includes(tenant.id));
  return toContacts(affected, (tenant) =>
    email({
      kind: 'data-loss',
      relatedId: notice.reportId,
      subject: `Important: possible loss of ${tenant.name} data`,
      lines: [
        `To the authorized support contacts of ${tenant.name}:`,
        '',
        `On ${notice.declaredAt} we found that data of your organization may have been lost or exposed`,
        `(reference ${notice.reportId}).`,
        '',
        'Action taken:',
        notice.actionTaken,
        '',
        'We will write again as we learn more. Reply to this email with any question.',
      ],
    }),
  );
}

/** An incident notice: every contact of each affected tenant, with the measures and how to track it. */
export function planIncidentNotice(
  directory: Directory,
  incident: { id: string; title: string; affectedTenants: readonly string[]; detectedAt: string; recommendedMeasures: string; trackingUrl: string; note?: string },
): PlannedEmail[] {
  const affected = directory.tenants.filter((tenant) => incident.affectedTenants.includes(tenant.id));
  return toContacts(affected, (tenant) =>
    email({
      kind: 'incident',
      relatedId: incident.id,
      subject: `Security incident affecting ${tenant.name}: ${incident.title}`,
      lines: [
        `To the authorized support contacts of ${tenant.name}:`,
        '',
        `A security incident detected on ${incident.detectedAt} affects your organization's resources.`,
        `Incident: ${incident.title} (reference ${incident.id})`,
        ...(incident.note ? ['', incident.note] : []),
        '',
        'Recommended measures:',
        incident.recommendedMeasures,
        '',
        'Track its status at this address with your project key in the X-Project-Key header:',
        incident.trackingUrl,
      ],
    }),
  );
}

/** Digital evidence for a reasoned request: the requesting tenant's contacts. */
export function planEvidence(
  directory: Directory,
  request: { id: string; tenant: string; reason: string; entries: ReadonlyArray<{ seq: number; at: string; actor: string; channel: string; action: string; target: string; hash: string }> },
): PlannedEmail[] {
  const tenant = directory.tenants.filter((candidate) => candidate.id === request.tenant);
  return toContacts(tenant, (t) =>
    email({
      kind: 'evidence',
      relatedId: request.id,
      subject: `Digital evidence for ${t.name} (request ${request.id})`,
      lines: [
        `To the authorized support contacts of ${t.name}:`,
        '',
        'You asked for digital evidence, giving this reason:',
        request.reason,
        '',
        `These ${request.entries.length} activity-log entries concern your organization. Each entry's hash`,
        'chains to the previous one, so the log can be checked for tampering.',
        '',
        ...request.entries.map((e) => `#${e.seq} ${e.at} ${e.actor} (${e.channel}) ${e.action} ${e.target} ${e.hash}`),
      ],
    }),
  );
}
