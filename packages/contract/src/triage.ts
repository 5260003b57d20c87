import * as z from 'zod/mini';
import { CvssVectorString } from './cvss.ts';
import { CweList } from './cwe.ts';
import { Mode, ReportState, Severity, StaffCloseReason } from './enums.ts';
import { LIMITS } from './limits.ts';
import { Id, TenantId, Timestamp, Version, listOf } from './primitives.ts';
import { PageQuery } from './query.ts';
import { modeQuery } from './credentials.ts';
import { line, text } from './strings.ts';
import { ReportView } from './report.ts';
import { SeverityFactors } from './severity.ts';

/**
 * What an assessment says: whether the report is a vulnerability and, when it is, the
 * four facts the severity follows from.
 */
const assessShape = {
  /** Whether the report is a vulnerability. When false, none of the four severity facts is sent. */
  vulnerability: z.boolean(),
  ...SeverityFactors.def.shape,
  cvss: z.optional(CvssVectorString),
  cwe: z.optional(CweList),
  note: z.optional(text(LIMITS.messageMax)),
};

const FACTOR_NAMES = ['dataCompromised', 'serverCompromised', 'denialOfService', 'scope'] as const;

/** The four facts are required for a vulnerability and refused otherwise: one rule for assess and reassess. */
const factorsFollowVulnerability = z.superRefine((body: { vulnerability: boolean } & Partial<SeverityFactors>, ctx) => {
  for (const name of FACTOR_NAMES) {
    if (body.vulnerability && body[name] === undefined) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'Required for a vulnerability', input: body });
    }
    if (!body.vulnerability && body[name] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'Only sent for a vulnerability', input: body });
    }
  }
});

const optionalFactors = Object.fromEntries(FACTOR_NAMES.map((name) => [name, z.optional(SeverityFactors.def.shape[name])])) as {
  [K in (typeof FACTOR_NAMES)[number]]: z.ZodMiniOptional<(typeof SeverityFactors.def.shape)[K]>;
};

/** The body of `POST /v1/triage/reports/{id}/assess`: whether it is a vulnerability, and the facts its severity follows from. */
export const AssessBody = z.strictObject({ ...assessShape, ...optionalFactors }).check(factorsFollowVulnerability);
/** @see AssessBody */
export type AssessBody = z.infer<typeof AssessBody>;

/** The body of `POST /v1/triage/reports/{id}/reassess` (v2): a new assessment of a triaged report, and why. */
export const ReassessBody = z
  .strictObject({ ...assessShape, ...optionalFactors, reason: text(LIMITS.messageMax) })
  .check(factorsFollowVulnerability);
/** @see ReassessBody */
export type ReassessBody = z.infer<typeof ReassessBody>;

/** A recorded assessment: what staff said, the severity the rule gave a vulnerability, and the CVSS score when scored. */
export const Assessment = z.object({
  ...assessShape,
  ...optionalFactors,
  /** Only for a vulnerability. */
  severity: z.optional(Severity),
  /** The CVSS v3.1 base score, when a v3.1 vector was given. Informative only. */
  cvssScore: z.optional(z.number()),
  assessedAt: Timestamp,
  assessedBy: z.string(),
});
/** @see Assessment */
export type Assessment = z.infer<typeof Assessment>;

/** The body of `POST /v1/triage/reports/{id}/deadline` (v2): this case's remediation deadline, and why. */
export const DeadlineBody = z.strictObject({
  remediateBy: Timestamp,
  reason: text(LIMITS.messageMax),
});
/** @see DeadlineBody */
export type DeadlineBody = z.infer<typeof DeadlineBody>;

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

/** Versions a vulnerability affected, as ranges or single versions (`< 2.4.1`, `2.0.0 – 2.4.0`). */
export const AffectedVersions = z.array(line(100)).check(z.minLength(1, 'Name at least one affected version'), z.maxLength(20));

/** The body of `POST /v1/triage/reports/{id}/resolve`. */
export const ResolveBody = z.strictObject({
  /** The version that removes the risk. */
  fixedIn: Version,
  /** The entry published in that version's release notes. */
  releaseNote: text(LIMITS.noticeMax),
  /** How it was resolved, for the resolution email (v2: required). */
  details: text(LIMITS.longTextMax),
  /** Required for a vulnerability (v2): published in the release notes and the resolution email. */
  affectedVersions: z.optional(AffectedVersions),
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
  /** What the vendor did. */
  actionTaken: text(LIMITS.noticeMax),
  /** What the affected customers should do to resolve their situation (v2). */
  customerMeasures: text(LIMITS.noticeMax),
});
/** @see DataLossBody */
export type DataLossBody = z.infer<typeof DataLossBody>;

/** The body of `POST /v1/triage/reports/{id}/data-loss/updates` (v2): a follow-up to the same tenants. */
export const DataLossUpdateBody = z.strictObject({
  actionTaken: z.optional(text(LIMITS.noticeMax)),
  customerMeasures: z.optional(text(LIMITS.noticeMax)),
  /** What changed since the last notice. */
  note: text(LIMITS.noticeMax),
});
/** @see DataLossUpdateBody */
export type DataLossUpdateBody = z.infer<typeof DataLossUpdateBody>;

/** A data-loss declaration and its follow-ups, as staff see it. */
export const DataLoss = z.object({
  affectedTenants: z.array(TenantId),
  actionTaken: z.string(),
  customerMeasures: z.string(),
  declaredAt: Timestamp,
  /** The report's mode (v2): a test declaration's notices reach only test recipients. */
  mode: Mode,
  updates: z.array(z.object({ at: Timestamp, note: z.string(), actionTaken: z.optional(z.string()), customerMeasures: z.optional(z.string()) })),
});
/** @see DataLoss */
export type DataLoss = z.infer<typeof DataLoss>;

/** `GET /v1/triage/reports/{id}`: everything submitted, the tenant, the assessment, the whole timeline. */
export const StaffReportView = z.extend(ReportView, {
  tenant: TenantId,
  /** The project key the report came through; absent when a signed-in customer sent it (channel `support-center`). */
  projectKey: z.optional(z.string()),
  /** The signed-in customer who sent it through the support center (v2). */
  submittedBy: z.optional(z.object({ sub: z.string(), email: z.string() })),
  assessment: z.optional(Assessment),
  /** Tenants told of possible data loss, once declared, and every follow-up. */
  dataLoss: z.optional(DataLoss),
  /** This case's remediation deadline, when staff set one by hand (v2), and why. */
  deadline: z.optional(z.object({ remediateBy: Timestamp, reason: z.string(), setBy: z.string(), setAt: Timestamp })),
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
  ...modeQuery,
});
/** @see ReportListQuery */
export type ReportListQuery = z.infer<typeof ReportListQuery>;

/** `GET /v1/triage/reports`: newest first. */
export const StaffReportList = listOf(StaffReportView);
/** @see StaffReportList */
export type StaffReportList = z.infer<typeof StaffReportList>;
