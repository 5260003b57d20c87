import * as z from 'zod/mini';

export { ReportKind } from './kind.ts';

/** Where a report is in triage. `resolved` is final; `closed` may be reopened. */
export const ReportState = z.enum(['received', 'needs-info', 'triaged', 'resolved', 'closed']);
/** @see ReportState */
export type ReportState = z.infer<typeof ReportState>;

/** The vendor's classification, decided at triage by {@link classifySeverity}. */
export const Severity = z.enum(['blocker', 'critical', 'major']);
/** @see Severity */
export type Severity = z.infer<typeof Severity>;

/** Reasons staff may give when closing a report. */
export const StaffCloseReason = z.enum(['duplicate', 'not-applicable', 'informative', 'spam']);
/** @see StaffCloseReason */
export type StaffCloseReason = z.infer<typeof StaffCloseReason>;

/** Every reason a report can be closed for: staff's, the clock's (`stale`) and the reporter's (`withdrawn`). */
export const CloseReason = z.enum([...StaffCloseReason.options, 'stale', 'withdrawn']);
/** @see CloseReason */
export type CloseReason = z.infer<typeof CloseReason>;

/** Who a vulnerability reaches: the whole platform or only the reporting tenant. */
export const Scope = z.enum(['platform', 'reporter-tenant']);
/** @see Scope */
export type Scope = z.infer<typeof Scope>;

/** Lifecycle of a security incident. */
export const IncidentState = z.enum(['detected', 'notified', 'contained', 'analysed', 'closed']);
/** @see IncidentState */
export type IncidentState = z.infer<typeof IncidentState>;

/** What an email in the outbox is for. */
export const EmailKind = z.enum([
  'acknowledgement',
  'info-request',
  'resolution',
  'data-loss',
  'incident',
  'evidence',
  /** To the vendor's staff: a new report (marked urgent when it is), or a deadline breached (v2). */
  'staff-alert',
]);
/** @see EmailKind */
export type EmailKind = z.infer<typeof EmailKind>;

/**
 * Where an email stands in delivery: `queued` until a mail server accepts it, then
 * `sent`; `failed` once its last attempt failed.
 */
export const EmailStatus = z.enum(['queued', 'sent', 'failed']);
/** @see EmailStatus */
export type EmailStatus = z.infer<typeof EmailStatus>;

/** Where a staff action came from. */
export const Channel = z.enum(['web', 'api']);
/** @see Channel */
export type Channel = z.infer<typeof Channel>;

/**
 * How a report came in (v2): the button (`widget`) or the SDK (`sdk`), as the client
 * declares in `X-Report-Channel` (informational); a signed-in customer
 * (`support-center`); or the security mailbox (`email`).
 */
export const ReportChannel = z.enum(['widget', 'sdk', 'support-center', 'email']);
/** @see ReportChannel */
export type ReportChannel = z.infer<typeof ReportChannel>;

/**
 * Whether a record is real or a rehearsal (v2): the mode of the key or token that made it.
 * Test-mode email is recorded like live email but reaches only the tenant's test recipients.
 */
export const Mode = z.enum(['live', 'test']);
/** @see Mode */
export type Mode = z.infer<typeof Mode>;
