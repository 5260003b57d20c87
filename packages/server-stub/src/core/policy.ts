import type { Severity } from '@vuln-report/contract';

/** Which tenants' support contacts are told of a resolution. */
export type ResolutionAudience = 'all-tenants' | 'reporting-tenant';

/**
 * The deadlines the vendor promises, all measured on the stub's clock. The contract
 * fixes the 24-hour incident notice and the 30-day stale close; the rest are ours,
 * published in the OpenAPI document and the README.
 */
export const POLICY = {
  /** Staff acknowledge a report (any first triage action) within this many hours of intake. */
  acknowledgeWithinHours: 48,
  /** Affected customers are told of an incident within this many hours of detection. */
  incidentNoticeWithinHours: 24,
  /** A report waiting for the reporter's answer is closed as `stale` after this many days. */
  staleAfterDays: 30,
  /** A triaged report is resolved within this many days, by severity. */
  remediationDays: { blocker: 2, critical: 7, major: 30 } satisfies Record<Severity, number>,
  /** Whose support contacts hear of a resolved vulnerability, by severity (the reporter always does). */
  resolutionAudience: {
    blocker: 'all-tenants',
    critical: 'reporting-tenant',
    major: 'all-tenants',
  } satisfies Record<Severity, ResolutionAudience>,
} as const;
