import * as z from 'zod/mini';
import { CvssVectorShape } from './cvss-shape.ts';
import { CweList } from './cwe.ts';
import { ReportKind } from './kind.ts';
import { LIMITS } from './limits.ts';
import { Email, HttpUrl, line, text } from './strings.ts';

/** The reporter's answers that become triage hints. */
export const ImpactHints = z.strictObject({
  /** Was data exposed? */
  dataExposed: z.optional(z.boolean()),
  /** Can the service be made unavailable? */
  serviceUnavailable: z.optional(z.boolean()),
  /** Does it affect only the reporter's own account? */
  onlyMyAccount: z.optional(z.boolean()),
});
/** @see ImpactHints */
export type ImpactHints = z.infer<typeof ImpactHints>;

/** Who reported, all optional: a report may be anonymous. */
export const Reporter = z.strictObject({
  email: z.optional(Email),
  name: z.optional(line(LIMITS.nameMax)),
  /** The reporter agrees to be contacted about this report. */
  consentToContact: z.optional(z.boolean()),
  /** Whether and how to be credited in the release notes. */
  credit: z.optional(
    z.strictObject({
      /** `false` (the default) keeps the reporter out of the release notes. */
      wanted: z.boolean(),
      /** The name to credit; the reporter's name when absent. */
      name: z.optional(line(LIMITS.nameMax)),
      /** A link to show with the credit. */
      url: z.optional(HttpUrl),
    }),
  ),
});
/** @see Reporter */
export type Reporter = z.infer<typeof Reporter>;

/**
 * A report as its reporter writes it: every field of {@link ReportDraft} but the
 * `context`, which the SDK captures. What a client validates before sending; kept in
 * this module, apart from the context's schema and the CVSS metric tables, so that check
 * stays small in a browser.
 */
export const ReportFields = z.strictObject({
  kind: ReportKind,
  title: line(LIMITS.titleMax),
  description: text(LIMITS.longTextMax),
  stepsToReproduce: z.optional(text(LIMITS.longTextMax, 0)),
  impact: z.optional(ImpactHints),
  /** The reporter saw data they should not have: sets `dataLossSuspected`. */
  sawSensitiveData: z.optional(z.boolean()),
  reporter: z.optional(Reporter),
  /** Checked by shape here; the intake validates the metrics and scores it (see `ReportDraft`). */
  cvss: z.optional(CvssVectorShape),
  cwe: z.optional(CweList),
});
/** @see ReportFields */
export type ReportFields = z.infer<typeof ReportFields>;
/** Report fields as a caller may write them, before trimming. */
export type ReportFieldsInput = z.input<typeof ReportFields>;

/** The body of `POST /v1/reports/{id}/messages` and of `request-info`. */
export const MessageBody = z.strictObject({
  message: text(LIMITS.messageMax),
});
/** @see MessageBody */
export type MessageBody = z.infer<typeof MessageBody>;
