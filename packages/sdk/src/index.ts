/**
 * `@vuln-report/sdk`: the reporter's client for the vuln-report intake contract. Capture,
 * redaction, validation, retries and an offline queue; the contract itself (schemas,
 * types, severity rule) is at `@vuln-report/contract`.
 *
 * @packageDocumentation
 */
export { init, report } from './default-client.ts';
export { createClient } from './client.ts';
export type { Client, ClientEvents, ReplyOptions, ReportOptions, ReportResult } from './client.ts';
export type { BeforeSend, ClientOptions } from './options.ts';
export { checkAttachments, type AttachmentFile } from './attachments.ts';
export type { CapturePart } from './capture/environment.ts';
export type { ExtraContext } from './capture/context.ts';
export { REDACTED, redactText, type Redactor } from './redact.ts';
export type { RetryPolicy, ReportRef } from './transport.ts';
export type { PendingReport, QueueBackoff, QueueLimits } from './queue/queue.ts';
export type { QueuedAttachment, QueuedReport, QueueStore } from './queue/store.ts';
export { indexedDbQueue } from './queue/indexeddb.ts';
export { memoryQueue } from './queue/memory.ts';
export {
  AuthError,
  NetworkError,
  QueueFullError,
  RateLimitError,
  RequestError,
  ServerError,
  TooLargeError,
  ValidationError,
  VulnReportError,
} from './errors.ts';
export type {
  Problem,
  Receipt,
  ReportContext,
  ReportDraft,
  ReportDraftInput,
  ReportFields,
  ReportFieldsInput,
  ReportView,
  ValidationIssue,
} from '@vuln-report/contract';
