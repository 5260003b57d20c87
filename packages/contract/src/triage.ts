import * as z from 'zod/mini';
import { CvssVectorString } from './cvss.ts';
import { CweList } from './cwe.ts';
import { ReportState, Severity, StaffCloseReason } from './enums.ts';
import { LIMITS } from './limits.ts';
import { Id, TenantId, Timestamp, Version, listOf } from './primitives.ts';
import { PageQuery } from './query.ts';
import { text } from './strings.ts';
import { ReportView } from './report.ts';
import { SeverityFactors } from './severity.ts';

/** The body of `POST /v1/triage/reports/{id}/assess`: the facts; the severity follows. */
export const AssessBody = z.extend(SeverityFactors, {
  cvss: z.optional(CvssVectorString),
  cwe: z.optional(CweList),
  note: z.optional(text(LIMITS.messageMax)),
});
/** @see AssessBody */
export type AssessBody = z.infer<typeof AssessBody>;

/** A recorded assessment: the facts, the severity the rule gave, and the CVSS score when scored. */
export const Assessment = z.extend(AssessBody, {
  severity: Severity,
  /** The CVSS v3.1 base score, when a v3.1 vector was given. Informative only. */
  cvssScore: z.optional(z.number()),
  assessedAt: Timestamp,
  assessedBy: z.string(),
});
/** @see Assessment */
export type Assessment = z.infer<typeof Assessment>;

/** The body of `POST /v1/triage/reports/{id}/close`. */
export const CloseBody = z
  .strictObject({
    reason: StaffCloseReason,
    /** Required with `duplicate`: the report this one repeats. */
    duplicateOf: z.optional(Id),
    note: z.optional(text(LIMITS.messageMax)),
  })
  .check(
    z.superRefine((body, ctx) => {
      if (body.reason === 'duplicate' && !body.duplicateOf) {
        ctx.addIssue({ code: 'custom', path: ['duplicateOf'], message: 'Required when the reason is duplicate', input: body });
      }
      if (body.reason !== 'duplicate' && body.duplicateOf) {
        ctx.addIssue({ code: 'custom', path: ['duplicateOf'], message: 'Only allowed when the reason is duplicate', input: body });
      }
    }),
  );
/** @see CloseBody */
export type CloseBody = z.infer<typeof CloseBody>;

/** The body of `POST /v1/triage/reports/{id}/resolve`. */
export const ResolveBody = z.strictObject({
  /** The version that removes the risk. */
  fixedIn: Version,
  /** The entry published in that version's release notes. */
  releaseNote: text(LIMITS.noticeMax),
  /** How it was resolved, for the resolution email. */
  details: z.optional(text(LIMITS.longTextMax)),
});
/** @see ResolveBody */
export type ResolveBody = z.infer<typeof ResolveBody>;

/** Tenants named by a declaration: at least one, no repeats. */
export const TenantList = z.array(TenantId).check(
  z.minLength(1, 'Name at least one tenant'),
  z.maxLength(LIMITS.tenantsMax),
  z.refine((ids) => new Set(ids).size === ids.length, 'Must not repeat a tenant'),
);

/** The body of `POST /v1/triage/reports/{id}/data-loss`. */
export const DataLossBody = z.strictObject({
  affectedTenants: TenantList,
  actionTaken: text(LIMITS.noticeMax),
});
/** @see DataLossBody */
export type DataLossBody = z.infer<typeof DataLossBody>;

/** `GET /v1/triage/reports/{id}`: everything submitted, the tenant, the assessment, the whole timeline. */
export const StaffReportView = z.extend(ReportView, {
  tenant: TenantId,
  /** The project key the report came through. */
  projectKey: z.string(),
  assessment: z.optional(Assessment),
  /** Tenants told of possible data loss, once declared. */
  dataLoss: z.optional(z.object({ affectedTenants: z.array(TenantId), actionTaken: z.string(), declaredAt: Timestamp })),
  /** When the report was last changed. */
  updatedAt: Timestamp,
});
/** @see StaffReportView */
export type StaffReportView = z.infer<typeof StaffReportView>;

/** Query of `GET /v1/triage/reports`. */
export const ReportListQuery = z.extend(PageQuery, {
  state: z.optional(ReportState),
  severity: z.optional(Severity),
  tenant: z.optional(TenantId),
});
/** @see ReportListQuery */
export type ReportListQuery = z.infer<typeof ReportListQuery>;

/** `GET /v1/triage/reports`: newest first. */
export const StaffReportList = listOf(StaffReportView);
/** @see StaffReportList */
export type StaffReportList = z.infer<typeof StaffReportList>;
