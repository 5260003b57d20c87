import * as z from 'zod/mini';
import { EmailKind, EmailStatus, Mode, ReportState, Severity } from './enums.ts';
import { PageQuery } from './query.ts';
import { LIMITS } from './limits.ts';
import { Id, listOf, TenantId, Timestamp } from './primitives.ts';
import { text } from './strings.ts';

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

const HexHash = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'Must be 64 lower-case hex digits'));

/** Where a logged call came from (v2): staff through the console (`web`) or the API (`api`); reporters and customers through theirs. */
export const LogChannel = z.enum(['web', 'api', 'widget', 'sdk', 'support-center', 'email']);
/** @see LogChannel */
export type LogChannel = z.infer<typeof LogChannel>;

/** How a logged call ended (v2): done, refused for its roles (403), or refused for what it asked (`problemType` says why). */
export const LogOutcome = z.enum(['ok', 'denied', 'refused']);
/** @see LogOutcome */
export type LogOutcome = z.infer<typeof LogOutcome>;

/**
 * One entry of the activity log: every staff call (refused and denied ones too) and every
 * reporter and customer write. Append-only and hash-chained (`hash` is the SHA-256 of
 * `prevHash` and the entry's other fields), and (v2) a leaf of a Merkle tree: its leaf
 * hash is SHA-256(0x00 ‖ the entry's canonical JSON, RFC 8785), at index `seq − 1`.
 */
export const ActivityLogEntry = z.object({
  seq: z.number().check(z.int(), z.gte(1)),
  at: Timestamp,
  actor: z.string(),
  channel: LogChannel,
  /** What was done, as `resource.verb` (`report.assess`, `incident.notify`), or the route of a refused call. */
  action: z.string(),
  /** The id acted on. */
  target: z.string(),
  /**
   * The tenants the action concerns, blinded (v2): each a keyed hash of a tenant id. A
   * customer's log view says which is its own; the others stay opaque.
   */
  tenants: z.array(HexHash),
  outcome: LogOutcome,
  /** For `refused`: the problem type of the answer. */
  problemType: z.optional(z.string()),
  /** Hex SHA-256 of the previous entry; 64 zeros for the first. */
  prevHash: HexHash,
  hash: HexHash,
});
/** @see ActivityLogEntry */
export type ActivityLogEntry = z.infer<typeof ActivityLogEntry>;

/** `GET /v1/triage/activity-log`: oldest first. */
export const ActivityLog = listOf(ActivityLogEntry);

/** Query of `GET /v1/triage/activity-log`: `writes=only` leaves out reads (v2). */
export const ActivityLogQuery = z.extend(PageQuery, { writes: z.optional(z.literal('only')) });
/** @see ActivityLogQuery */
export type ActivityLogQuery = z.infer<typeof ActivityLogQuery>;

/**
 * A signed tree head (v2): the log's size and Merkle root at `timestamp`, signed with
 * Ed25519 over the UTF-8 bytes `vuln-report-sth/1\n{size}\n{rootHash}\n{timestamp}`
 * (`signature` base64url without padding).
 */
export const SignedTreeHead = z.object({
  size: z.number().check(z.int(), z.gte(0)),
  rootHash: HexHash,
  timestamp: Timestamp,
  keyId: z.string(),
  signature: z.string(),
});
/** @see SignedTreeHead */
export type SignedTreeHead = z.infer<typeof SignedTreeHead>;

/** A key that signs tree heads: the raw Ed25519 public key, base64url; heads are accepted from it between `validFrom` and `validUntil`. */
export const TreeHeadKey = z.object({ keyId: z.string(), publicKey: z.string(), validFrom: Timestamp, validUntil: z.optional(Timestamp) });
/** @see TreeHeadKey */
export type TreeHeadKey = z.infer<typeof TreeHeadKey>;

/** `GET /v1/activity-log/key`: every key that signed or signs heads. */
export const TreeHeadKeyList = z.object({ items: z.array(TreeHeadKey) });
/** @see TreeHeadKeyList */
export type TreeHeadKeyList = z.infer<typeof TreeHeadKeyList>;

/** RFC 9162's inclusion proof: the hashes from leaf `leafIndex` (`seq − 1`) to the root of the tree of `treeSize` entries, nearest the leaf first. */
export const InclusionProof = z.object({ leafIndex: z.number().check(z.int(), z.gte(0)), treeSize: z.number().check(z.int(), z.gte(1)), hashes: z.array(HexHash) });
/** @see InclusionProof */
export type InclusionProof = z.infer<typeof InclusionProof>;

/** `GET /v1/activity-log/consistency?from=N&to=M`: that the tree of `toSize` entries begins with the tree of `fromSize` (RFC 9162 §2.1.4). */
export const ConsistencyProof = z.object({ fromSize: z.number().check(z.int(), z.gte(0)), toSize: z.number().check(z.int(), z.gte(0)), hashes: z.array(HexHash) });
/** @see ConsistencyProof */
export type ConsistencyProof = z.infer<typeof ConsistencyProof>;

/** Query of the consistency route. */
export const ConsistencyQuery = z.strictObject({
  from: z.coerce.number().check(z.int(), z.gte(0)),
  to: z.coerce.number().check(z.int(), z.gte(0)),
});

/** An entry as a customer receives it: with its inclusion proof against a signed head. */
export const ProvenEntry = z.object({ entry: ActivityLogEntry, proof: InclusionProof });
/** @see ProvenEntry */
export type ProvenEntry = z.infer<typeof ProvenEntry>;

/**
 * `GET /v1/activity-log` (customer token): the tenant's part of the log, oldest first,
 * each entry proven against `head` (signed for this read), and the tenant's own blinded id.
 */
export const CustomerActivityLog = z.object({
  head: SignedTreeHead,
  /** The blinded id that stands for the caller's tenant in `tenants`. */
  tenant: HexHash,
  items: z.array(ProvenEntry),
  nextCursor: z.optional(z.string()),
});
/** @see CustomerActivityLog */
export type CustomerActivityLog = z.infer<typeof CustomerActivityLog>;

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
  /** Once fulfilled (v2): the entries in scope that concern the tenant, each with its inclusion proof against `head`. */
  entries: z.optional(z.array(ProvenEntry)),
  /** The signed head the entries are proven against. */
  head: z.optional(SignedTreeHead),
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

