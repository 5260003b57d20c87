/**
 * Field limits of the intake contract. The contract leaves them to us; these are the
 * values the stub enforces and the OpenAPI document publishes. A vendor may be more
 * generous, never stricter, so a client that honours them works against any vendor.
 */
export const LIMITS = {
  /** Title of a report, an incident or a release-note entry (characters, after trimming). */
  titleMax: 200,
  /** Description and steps to reproduce (characters). */
  longTextMax: 20_000,
  /** A message between reporter and staff, a note, a reason (characters). */
  messageMax: 10_000,
  /** Release-note text, action taken, recommended measures (characters). */
  noticeMax: 5_000,
  /** Names: reporter name, credit name, app name (characters). */
  nameMax: 200,
  /** An email address (RFC 5321 path limit). */
  emailMax: 254,
  /** A URL captured as context (characters). */
  urlMax: 2_048,
  /** Any other short string: ids, versions, user agents (characters). */
  shortMax: 512,
  /** CWE ids attached to one report or assessment. */
  cweMax: 10,
  /** A CVSS vector string (characters). */
  cvssMax: 256,
  /** Console errors and uncaught exceptions kept in the captured context. */
  contextErrorsMax: 50,
  /** Keys in `context.extra`, the host's own context. */
  contextExtraKeysMax: 50,
  /** Tenants named in one data-loss declaration or incident. */
  tenantsMax: 100,
  /** Reports linked to one incident. */
  linkedReportsMax: 50,
  /** Attachments on one report. */
  attachmentsMax: 5,
  /** Bytes of one attachment (5 MiB). */
  attachmentBytesMax: 5 * 1024 * 1024,
  /** Bytes of all attachments of one report together (10 MiB). */
  attachmentsTotalBytesMax: 10 * 1024 * 1024,
  /** Bytes of a JSON body, or of the `report` part of a multipart body (256 KiB). */
  jsonBodyBytesMax: 256 * 1024,
  /** Characters of the reason of an evidence request or of its decline (v2): a reason, not a word. */
  evidenceReasonMin: 30,
  /** Page size of any list. */
  pageSizeMax: 100,
} as const;

/** Media types accepted as attachments: screenshots, recordings, logs and documents. */
export const ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'video/mp4',
  'video/webm',
  'text/plain',
  'text/csv',
  'application/json',
  'application/pdf',
  'application/zip',
] as const;
