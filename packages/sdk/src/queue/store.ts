import type { ReportDraft } from '@vuln-report/contract';

/** A file travelling with a report, as kept in the queue. */
export interface QueuedAttachment {
  name: string;
  type: string;
  data: Blob;
}

/** A report waiting to be sent: exactly what will go on the wire, and when to try next. */
export interface QueuedReport {
  /** The report's `Idempotency-Key`, kept across retries and replays; also its local id. */
  localId: string;
  /** The body, after capture, redaction and `beforeSend`. */
  report: ReportDraft;
  attachments: QueuedAttachment[];
  /** Size of the body and attachments, for the queue's byte bound. */
  bytes: number;
  /** When it was queued (ms since the epoch). */
  queuedAt: number;
  /** Delivery attempts made from the queue. */
  attempts: number;
  /** Not to be sent before this time (ms since the epoch): backoff, or the server's `Retry-After`. */
  notBefore: number;
}

/**
 * Where queued reports are kept. `name` identifies the storage: clients (and tabs) over
 * the same name share one queue, and take turns draining it.
 */
export interface QueueStore {
  readonly name: string;
  /** Every item, in any order. */
  getAll(): Promise<QueuedReport[]>;
  /** Adds or replaces the item with this `localId`. */
  put(item: QueuedReport): Promise<void>;
  delete(localId: string): Promise<void>;
}
