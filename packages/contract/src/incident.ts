import * as z from 'zod/mini';
import { IncidentState } from './enums.ts';
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
});
/** @see IncidentDraft */
export type IncidentDraft = z.infer<typeof IncidentDraft>;

/** The body of `POST /v1/triage/incidents/{id}/transition`. */
export const IncidentTransitionBody = z.strictObject({
  state: IncidentState,
  note: z.optional(text(LIMITS.messageMax)),
});
/** @see IncidentTransitionBody */
export type IncidentTransitionBody = z.infer<typeof IncidentTransitionBody>;

/** The body of `POST /v1/triage/incidents/{id}/notify`: an optional note added to the notice. */
export const IncidentNotifyBody = z.strictObject({
  note: z.optional(text(LIMITS.messageMax)),
});
/** @see IncidentNotifyBody */
export type IncidentNotifyBody = z.infer<typeof IncidentNotifyBody>;

/** One change in an incident's life. */
export const IncidentEvent = z.object({
  at: Timestamp,
  state: IncidentState,
  actor: z.optional(z.string()),
  note: z.optional(z.string()),
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
  /** Only in the staff view: a customer sees no other tenant. */
  affectedTenants: z.optional(z.array(z.string())),
  linkedReports: z.optional(z.array(Id)),
  timeline: z.array(IncidentEvent),
});
/** @see Incident */
export type Incident = z.infer<typeof Incident>;

/** `GET /v1/triage/incidents`. */
export const IncidentList = listOf(Incident);
