import * as z from 'zod/mini';
import { Severity } from './enums.ts';

/**
 * Who is told, named by role rather than address: the intake resolves each to the
 * addresses it knows (a tenant's authorized support contacts, the configured staff alert
 * addresses, the email a reporter or a signed-in user gave).
 */
export const Audience = z.enum([
  /** The reporter, when they gave an email. */
  'reporter',
  /** The vendor's staff alert addresses. */
  'staff-alerts',
  /** Every authorized support contact of every tenant. */
  'all-tenants',
  /** The authorized support contacts of the reporting tenant. */
  'reporting-tenant',
  /** The authorized support contacts of each tenant a declaration or incident names. */
  'affected-tenants',
  /** The signed-in user who asked (an evidence request). */
  'requester',
  /** The authorized support contacts of the requester's tenant. */
  'requesting-tenant',
]);
/** @see Audience */
export type Audience = z.infer<typeof Audience>;

/**
 * What causes a notice. Resolutions are written out per severity, and apart for reports
 * that are not vulnerabilities, so no row falls back to another.
 */
export const NoticeTrigger = z.enum([
  'intake',
  'intake-staff-alert',
  'deadline-breached',
  'request-info',
  'resolve-blocker',
  'resolve-critical',
  'resolve-major',
  'resolve-not-vulnerability',
  'data-loss',
  'data-loss-update',
  'incident-notice',
  'incident-update',
  'evidence-answered',
  'evidence-declined',
]);
/** @see NoticeTrigger */
export type NoticeTrigger = z.infer<typeof NoticeTrigger>;

/** One row of the notification table. */
export const NoticeRule = z.object({
  trigger: NoticeTrigger,
  /** Who is told; an empty list means nobody, written out on purpose. */
  audiences: z.array(Audience),
  /** When, in words (`at once`, `within 24 hours of detection`). */
  when: z.string(),
});
/** @see NoticeRule */
export type NoticeRule = z.infer<typeof NoticeRule>;

/** Every deadline the vendor promises, in the units the contract uses. */
export const Deadlines = z.object({
  /** A report is acknowledged (its first staff action) within this many hours of intake. */
  acknowledgeWithinHours: z.number(),
  /** The same for an urgent report (kind `data-exposure`, or the reporter saw sensitive data). */
  urgentAcknowledgeWithinHours: z.number(),
  /** Affected customers hear of an incident within this many hours of its detection. */
  incidentNoticeWithinHours: z.number(),
  /** A report waiting for its reporter is closed as `stale` after this many days. */
  staleAfterDays: z.number(),
  /** A vulnerability is remediated within this many days of its assessment, by severity (a case may set its own). */
  remediationDays: z.record(Severity, z.number()),
});
/** @see Deadlines */
export type Deadlines = z.infer<typeof Deadlines>;

/** `GET /v1/policy` (v2, public): what the vendor promises, as data a customer and the conformance suite can read. */
export const Policy = z.object({
  contractVersion: z.number(),
  /** The severity rule, row by row, in words. */
  severityRule: z.array(z.object({ severity: Severity, rule: z.string() })),
  /** The notification table: one row per trigger, every trigger written out. */
  notifications: z.array(NoticeRule),
  deadlines: Deadlines,
});
/** @see Policy */
export type Policy = z.infer<typeof Policy>;
