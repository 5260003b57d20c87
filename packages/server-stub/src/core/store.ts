import type { ActivityLogEntry, EvidenceRequest, Mode, OutboxEmail, ReportState, Severity } from '@vuln-report/contract';
import type { ActivityRecord } from './activity-log.ts';
import type { IdempotencyRecord, MissedDeadline, StoredEvidenceRequest, StoredIncident, StoredReport } from './records.ts';

/** A page of a list, as the contract shapes it. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Where a list starts (an opaque cursor from the previous page) and how much it holds. */
export interface PageRequest {
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** What lists filter by: a mode (every mode when absent), a tenant (for incidents: one of those affected). */
export interface RecordFilter {
  mode?: Mode | undefined;
  tenant?: string | undefined;
}

/** What the report list filters by. */
export interface ReportFilter extends RecordFilter {
  state?: ReportState | undefined;
  severity?: Severity | undefined;
}

/**
 * One unit of work, as the domain sees a store: it reads what a command touches and
 * records what the command changes. Reads see the unit's own writes. Records handed
 * out are the unit's own copies: changing one changes nothing until it is put back.
 */
export interface StoreTx {
  report(id: string): Promise<StoredReport | undefined>;
  /** The bytes of an attachment, base64, if `reportId` has it. */
  attachmentData(reportId: string, attachmentId: string): Promise<string | undefined>;
  idempotency(key: string): Promise<IdempotencyRecord | undefined>;
  incident(id: string): Promise<StoredIncident | undefined>;
  evidenceRequest(id: string): Promise<StoredEvidenceRequest | undefined>;
  /** Reports, newest first. */
  listReports(filter: ReportFilter, page: PageRequest): Promise<Page<StoredReport>>;
  /** Incidents, newest first. */
  listIncidents(filter: RecordFilter, page: PageRequest): Promise<Page<StoredIncident>>;
  /** Evidence requests, newest first. */
  listEvidenceRequests(filter: RecordFilter, page: PageRequest): Promise<Page<StoredEvidenceRequest>>;
  /** Emails, oldest first (the tenant filter is ignored). */
  listOutbox(filter: RecordFilter, page: PageRequest): Promise<Page<OutboxEmail>>;
  /** The email with `id`, if the outbox has it. */
  email(id: string): Promise<OutboxEmail | undefined>;
  /** Up to `limit` `queued` emails due at `now` (ISO): `nextAttemptAt`, or `createdAt` before any attempt; soonest due first. */
  emailsDue(now: string, limit: number): Promise<OutboxEmail[]>;
  /** When the soonest `queued` email is due, if any is. */
  nextEmailDue(): Promise<string | undefined>;
  /** Activity-log entries, oldest first (the cursor of a whole log is the last `seq` read); `writesOnly` leaves out reads (see `READ_ACTION`). */
  listActivity(page: PageRequest, filter?: { writesOnly?: boolean }): Promise<Page<ActivityLogEntry>>;
  /** Every activity-log entry that names `tenant` (blinded, as the entries do), oldest first. */
  activityOfTenant(tenant: string): Promise<ActivityLogEntry[]>;
  /** Resolved reports, oldest resolution first (the release notes). */
  resolvedReports(): Promise<StoredReport[]>;
  /** Reports with an open deadline: received and not acknowledged, triaged, or waiting for the reporter. */
  reportsWithDeadlines(): Promise<StoredReport[]>;
  /** Incidents whose customers have not been notified yet, and not closed. */
  incidentsAwaitingNotice(): Promise<StoredIncident[]>;

  /** A missed deadline by its id (`targetType:targetId:kind`). */
  missedDeadline(id: string): Promise<MissedDeadline | undefined>;
  /** Missed deadlines that were met late, soonest due first. */
  deadlinesMetLate(): Promise<MissedDeadline[]>;

  putReport(report: StoredReport): void;
  putMissedDeadline(deadline: MissedDeadline): void;
  putAttachmentData(reportId: string, attachmentId: string, dataBase64: string): void;
  putIdempotency(key: string, record: IdempotencyRecord): void;
  putIncident(incident: StoredIncident): void;
  putEvidenceRequest(request: StoredEvidenceRequest): void;
  addEmail(email: OutboxEmail): void;
  /** Replaces the email with the same id (its delivery state). */
  putEmail(email: OutboxEmail): void;
  /**
   * Adds an entry to the activity log. The store gives it its place (`seq`) and chain
   * hashes: at once (in memory), or when its sealer runs after the unit commits
   * (PostgreSQL), so intake units never wait on one another for the log. Reads of the
   * log see only placed entries.
   */
  appendActivity(record: ActivityRecord): void;
}

/**
 * Where the intake keeps its records: in memory, in a file, or in a database. The
 * domain loads what a command touches, decides, and records its changes and the
 * notices they cause in one unit; the store commits them together, or none of them.
 */
export interface IntakeStore {
  /**
   * Runs `work` as one unit of work. Its writes commit together once it returns, and
   * the promise settles only when they are durable; if it throws, nothing is kept.
   */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
}
