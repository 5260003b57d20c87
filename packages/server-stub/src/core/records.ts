import type {
  ActivityLogEntry,
  Assessment,
  Attachment,
  CloseReason,
  DataLoss,
  EvidenceRequest,
  Incident,
  Mode,
  OutboxEmail,
  Receipt,
  ReportChannel,
  ReportDraft,
  ReportState,
  Severity,
  TimelineEntry,
} from '@vuln-report/contract';

/** An attachment with its bytes, base64, as a submission brings it. */
export interface StoredAttachment extends Attachment {
  dataBase64: string;
}

/** A report as the stub stores it: the draft, its triage, and the whole timeline. */
export interface StoredReport {
  id: string;
  tenant: string;
  /** Live, or made with a test key or token. */
  mode: Mode;
  channel: ReportChannel;
  /** The publishable key it came through; none when a signed-in customer sent it. */
  projectKey?: string;
  /** The signed-in customer who sent it (channel `support-center`). */
  submittedBy?: { sub: string; email: string };
  trackingToken: string;
  draft: ReportDraft;
  /** What is known of each attachment; the store keeps the bytes apart. */
  attachments: Attachment[];
  state: ReportState;
  severity?: Severity;
  closeReason?: CloseReason;
  duplicateOf?: string;
  fixedIn?: string;
  releaseNote?: string;
  /** The versions a resolved vulnerability affected. */
  affectedVersions?: string[];
  resolvedAt?: string;
  assessment?: Assessment;
  dataLoss?: DataLoss;
  dataLossSuspected: boolean;
  /** Kind `data-exposure`, or the reporter saw sensitive data: acknowledged sooner, and staff alerted as urgent. */
  urgent: boolean;
  /** The remediation deadline staff set by hand for this case, kept across reassessments. */
  deadline?: { remediateBy: string; reason: string; setBy: string; setAt: string };
  receivedAt: string;
  acknowledgeBy: string;
  acknowledgedAt?: string;
  remediateBy?: string;
  needsInfoSince?: string;
  updatedAt: string;
  timeline: TimelineEntry[];
}

/** An incident with the tenants it affects (never shown to another tenant). */
export interface StoredIncident extends Incident {
  affectedTenants: string[];
  linkedReports: string[];
}

/** What an `Idempotency-Key` was first used for. */
export interface IdempotencyRecord {
  bodyHash: string;
  receipt: Receipt;
}

/** What a deadline is for; the kinds the SLA view lists. */
export type DeadlineKind = 'acknowledgement' | 'incident-notice' | 'remediation' | 'stale-close';

/**
 * A promised deadline that passed before it was met: recorded when it passes (and staff
 * are alerted), completed with `metAt` when it is met late. The SLA view keeps listing it.
 */
export interface MissedDeadline {
  /** `targetType:targetId:kind`: one record per deadline. */
  id: string;
  kind: DeadlineKind;
  targetType: 'report' | 'incident';
  targetId: string;
  tenant?: string;
  severity?: Severity;
  mode: Mode;
  dueAt: string;
  metAt?: string;
}

/**
 * An evidence request as the intake keeps it: who asked (a signed-in user's email) stays
 * here, off the wire; the entries as logged, their proofs added when it is read.
 */
export type StoredEvidenceRequest = Omit<EvidenceRequest, 'entries' | 'head'> & { requesterEmail?: string; entries?: ActivityLogEntry[] };

/** An evidence request as the domain answers it, before its entries are proven: what the HTTP layer turns into the wire's `EvidenceRequest`. */
export type EvidenceRecord = Omit<StoredEvidenceRequest, 'requesterEmail'>;
