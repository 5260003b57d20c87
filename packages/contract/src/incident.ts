import * as z from 'zod/mini';
import { IncidentState, Mode } from './enums.ts';
import { LIMITS } from './limits.ts';
import { Id, listOf, Timestamp } from './primitives.ts';
import { line, text } from './strings.ts';
import { TenantList } from './triage.ts';

/** The body of `POST /v1/triage/incidents`. */
export const IncidentDraft = z.strictObject({
  title: line(LIMITS.titleMax),
  affectedTenants: TenantList,
  /** When the incident was detected: the 24-hour notice clock starts here. */
  detectedAt: Timestamp,
  recommendedMeasures: text(LIMITS.noticeMax),
  linkedReports: z.optional(z.array(Id).check(z.maxLength(LIMITS.linkedReportsMax))),
  /** `test` for a rehearsal (v2): its notices reach only the tenants' test recipients. Default `live`. */
  mode: z.optional(Mode),
});
/** @see IncidentDraft */
export type IncidentDraft = z.infer<typeof IncidentDraft>;

/** The body of `POST /v1/triage/incidents/{id}/transition`. `analysed` carries the analysis and the improvements (v2). */
export const IncidentTransitionBody = z
  .strictObject({
    state: IncidentState,
    note: z.optional(text(LIMITS.messageMax)),
    /** What happened and why: required to enter `analysed`. */
    analysis: z.optional(text(LIMITS.longTextMax)),
    /** What will change so it does not happen again: required to enter `analysed`. */
    improvements: z.optional(text(LIMITS.longTextMax)),
  })
  .check(
    z.superRefine((body, ctx) => {
      for (const name of ['analysis', 'improvements'] as const) {
        if (body.state === 'analysed' && !body[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'Required to enter analysed', input: body });
        if (body.state !== 'analysed' && body[name] !== undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'Only sent to enter analysed', input: body });
      }
    }),
  );
/** @see IncidentTransitionBody */
export type IncidentTransitionBody = z.infer<typeof IncidentTransitionBody>;

/** The body of `POST /v1/triage/incidents/{id}/notify`: an optional note added to the notice. */
export const IncidentNotifyBody = z.strictObject({
  note: z.optional(text(LIMITS.messageMax)),
});
/** @see IncidentNotifyBody */
export type IncidentNotifyBody = z.infer<typeof IncidentNotifyBody>;

/** The body of `POST /v1/triage/incidents/{id}/update` (v2): a later notice to the affected customers. */
export const IncidentUpdateBody = z.strictObject({
  /** New recommended measures, replacing the earlier ones. */
  recommendedMeasures: z.optional(text(LIMITS.noticeMax)),
  /** What changed. */
  note: text(LIMITS.noticeMax),
});
/** @see IncidentUpdateBody */
export type IncidentUpdateBody = z.infer<typeof IncidentUpdateBody>;

/** One change in an incident's life; `notified` marks the ones the customers were emailed about. */
export const IncidentEvent = z.object({
  at: Timestamp,
  state: IncidentState,
  actor: z.optional(z.string()),
  note: z.optional(z.string()),
  /** The customers were emailed about this change (v2: every notice after the first is too). */
  notified: z.optional(z.boolean()),
});

/** An incident: `GET /v1/incidents/{id}` (customer) and the triage routes (staff). */
export const Incident = z.object({
  id: Id,
  title: z.string(),
  state: IncidentState,
  detectedAt: Timestamp,
  /** The 24-hour notice deadline: `detectedAt` plus 24 hours. */
  noticeDueBy: Timestamp,
  notifiedAt: z.optional(Timestamp),
  recommendedMeasures: z.string(),
  /** Once `analysed` (v2): what happened and why. */
  analysis: z.optional(z.string()),
  /** Once `analysed` (v2): what will change. */
  improvements: z.optional(z.string()),
  /** Only in the staff view: a customer sees no other tenant. */
  affectedTenants: z.optional(z.array(z.string())),
  linkedReports: z.optional(z.array(Id)),
  /** Live, or a rehearsal (v2). */
  mode: Mode,
  timeline: z.array(IncidentEvent),
});
/** @see Incident */
export type Incident = z.infer<typeof Incident>;

/** `GET /v1/triage/incidents`. */
export const IncidentList = listOf(Incident);
