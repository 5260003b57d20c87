import type {
  ActivityLogEntry,
  Assessment,
  Attachment,
  CloseReason,
  EvidenceRequest,
  Incident,
  OutboxEmail,
  Receipt,
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
  projectKey: string;
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
  resolvedAt?: string;
  assessment?: Assessment;
  dataLoss?: { affectedTenants: string[]; actionTaken: string; declaredAt: string };
  dataLossSuspected: boolean;
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
