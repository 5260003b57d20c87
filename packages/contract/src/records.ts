import * as z from 'zod/mini';
import { Channel, EmailKind, EmailStatus, ReportState, Severity } from './enums.ts';
import { LIMITS } from './limits.ts';
import { Id, listOf, TenantId, Timestamp } from './primitives.ts';
import { text } from './strings.ts';
import { Mode } from './credentials.ts';

/** Characters of an outbox email's `lastError`: one short line. */
export const EMAIL_ERROR_MAX = 200;

/** An email of the intake, as kept in the outbox (`GET /v1/triage/outbox`) with its delivery state. One recipient each. */
export const OutboxEmail = z.object({
  id: Id,
  to: z.string(),
  subject: z.string(),
  /** Plain text only: nothing a reporter typed becomes markup. */
  text: z.string(),
  kind: EmailKind,
  /** The report, incident or evidence request it is about. */
  relatedId: Id,
  /** When it entered the outbox: in the same unit of work as the change that caused it. */
  createdAt: Timestamp,
  /** `queued` until a mail server accepts it (`sent`), or `failed` after its last attempt. */
  status: EmailStatus,
  /** Delivery attempts started so far. */
  attempts: z.number().check(z.int(), z.gte(0)),
  /** While `queued` after a failed attempt: when the next one is due. */
  nextAttemptAt: z.optional(Timestamp),
  /** Why the last attempt failed, in one short line (no credentials). */
  lastError: z.optional(z.string().check(z.maxLength(EMAIL_ERROR_MAX))),
  /** When a mail server accepted it; only once `sent`. */
  sentAt: z.optional(Timestamp),
  /** The tenant whose contact this is, when the recipient is a support contact. */
  tenant: z.optional(TenantId),
  /** The mode of what caused it (v2): a `test` email is recorded with its intended recipient but delivered only to the tenant's test recipients. */
  mode: Mode,
  /** Once `sent`: the addresses it was actually delivered to (for a `test` email, the test recipients; none when the tenant has none). */
  deliveredTo: z.optional(z.array(z.string())),
});
/** @see OutboxEmail */
export type OutboxEmail = z.infer<typeof OutboxEmail>;

/** `GET /v1/triage/outbox`: oldest first. */
export const Outbox = listOf(OutboxEmail);

/**
 * One staff action (`GET /v1/triage/activity-log`). Entries are append-only and
 * hash-chained: `hash` is the SHA-256 of `prevHash` and the entry's other fields, so
 * changing or removing an entry breaks every hash after it.
 */
export const ActivityLogEntry = z.object({
  seq: z.number().check(z.int(), z.gte(1)),
  at: Timestamp,
  actor: z.string(),
  channel: Channel,
  /** What was done, as `resource.verb` (`report.assess`, `incident.notify`). */
  action: z.string(),
  /** The id acted on. */
  target: z.string(),
  /** Tenants the action concerns: what an evidence request of theirs returns. */
  tenants: z.array(TenantId),
  /** Hex SHA-256 of the previous entry; 64 zeros for the first. */
  prevHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  hash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});
/** @see ActivityLogEntry */
export type ActivityLogEntry = z.infer<typeof ActivityLogEntry>;

/** `GET /v1/triage/activity-log`: oldest first. */
export const ActivityLog = listOf(ActivityLogEntry);

/** What an evidence request asks about (v2): a time window, reports, incidents; at least one of them. */
export const EvidenceScope = z
  .strictObject({
    from: z.optional(Timestamp),
    to: z.optional(Timestamp),
    reports: z.optional(z.array(Id).check(z.minLength(1), z.maxLength(LIMITS.linkedReportsMax))),
    incidents: z.optional(z.array(Id).check(z.minLength(1), z.maxLength(LIMITS.linkedReportsMax))),
  })
  .check(
    z.refine((scope) => Object.values(scope).some((value) => value !== undefined), 'Name at least one of from, to, reports, incidents'),
    z.refine((scope) => !scope.from || !scope.to || scope.from <= scope.to, { message: 'Must not be before from', path: ['to'] }),
  );
/** @see EvidenceScope */
export type EvidenceScope = z.infer<typeof EvidenceScope>;

/** The body of `POST /v1/evidence-requests`. */
export const EvidenceRequestBody = z.strictObject({
  /** Why the evidence is needed: what makes the request reasoned (v2: at least 30 characters). */
  reason: text(LIMITS.messageMax).check(z.minLength(LIMITS.evidenceReasonMin, `Give a reason of at least ${LIMITS.evidenceReasonMin} characters`)),
  scope: EvidenceScope,
});
/** @see EvidenceRequestBody */
export type EvidenceRequestBody = z.infer<typeof EvidenceRequestBody>;

/**
 * An evidence request and, once fulfilled, the activity-log entries in its scope that
 * concern the tenant (each naming no other tenant); or, once declined, why.
 */
export const EvidenceRequest = z.object({
  id: Id,
  tenant: TenantId,
  /** The mode of the customer token that asked (v2). */
  mode: Mode,
  reason: z.string(),
  scope: EvidenceScope,
  state: z.enum(['open', 'fulfilled', 'declined']),
  requestedAt: Timestamp,
  fulfilledAt: z.optional(Timestamp),
  entries: z.optional(z.array(ActivityLogEntry)),
  declinedAt: z.optional(Timestamp),
  declineReason: z.optional(z.string()),
});
/** @see EvidenceRequest */
export type EvidenceRequest = z.infer<typeof EvidenceRequest>;

/** A page of evidence requests. */
export const EvidenceRequestList = listOf(EvidenceRequest);
/** @see EvidenceRequestList */
export type EvidenceRequestList = z.infer<typeof EvidenceRequestList>;

/** The body of `POST /v1/triage/evidence-requests/{id}/decline` (v2). */
export const DeclineBody = z.strictObject({
  /** Why, told to the requester and the tenant's contacts. */
  reason: text(LIMITS.messageMax).check(z.minLength(LIMITS.evidenceReasonMin, `Give a reason of at least ${LIMITS.evidenceReasonMin} characters`)),
});
/** @see DeclineBody */
export type DeclineBody = z.infer<typeof DeclineBody>;

/** One deadline the vendor has promised. */
export const SlaItem = z.object({
  kind: z.enum(['acknowledgement', 'incident-notice', 'remediation', 'stale-close']),
  targetType: z.enum(['report', 'incident']),
  targetId: Id,
  tenant: z.optional(TenantId),
  state: z.optional(ReportState),
  severity: z.optional(Severity),
  /** The mode of the report or incident (v2). */
  mode: Mode,
  dueAt: Timestamp,
  /** `due`: still open; `overdue`: open past `dueAt`; `met-late` (v2): met, after `dueAt`. A breach stays listed. */
  status: z.enum(['due', 'overdue', 'met-late']),
  /** When a `met-late` deadline was met. */
  metAt: z.optional(Timestamp),
  /** By how much a `met-late` deadline was missed. */
  lateBySeconds: z.optional(z.number().check(z.int(), z.gte(0))),
});
/** @see SlaItem */
export type SlaItem = z.infer<typeof SlaItem>;

/** `GET /v1/triage/sla`: every open deadline and every breach, soonest first, as of `now` on the intake's clock; paginated (v2). */
export const SlaView = z.object({
  now: Timestamp,
  items: z.array(SlaItem),
  nextCursor: z.optional(z.string()),
});
/** @see SlaView */
export type SlaView = z.infer<typeof SlaView>;

