import * as z from 'zod/mini';
import { ReportContext } from './context.ts';
import { CvssVectorString } from './cvss.ts';
import { CloseReason, Mode, ReportChannel, ReportKind, ReportState, Severity, EmailKind } from './enums.ts';
import { ATTACHMENT_TYPES, LIMITS } from './limits.ts';
import { Id, listOf, Timestamp, Version } from './primitives.ts';
import { ImpactHints, Reporter, ReportFields } from './submission.ts';

/**
 * The body of `POST /v1/reports` (or its `report` part in `multipart/form-data`;
 * attachments travel as file parts beside it): the {@link ReportFields} and the captured
 * `context`, with the CVSS vector validated metric by metric (a browser checks its shape).
 * Unknown members are refused so a typo is an error, not a silently lost field.
 */
export const ReportDraft = z.extend(ReportFields, { context: z.optional(ReportContext), cvss: z.optional(CvssVectorString) });
/** @see ReportDraft */
export type ReportDraft = z.infer<typeof ReportDraft>;
/** A draft as a caller may write it, before trimming. */
export type ReportDraftInput = z.input<typeof ReportDraft>;

/** An attachment's media type, one of {@link ATTACHMENT_TYPES}. */
export const AttachmentType = z.enum(ATTACHMENT_TYPES);

/** An attachment as the server stored it. */
export const Attachment = z.object({
  id: Id,
  name: z.string().check(z.maxLength(255)),
  type: AttachmentType,
  size: z.number().check(z.int(), z.gte(0), z.lte(LIMITS.attachmentBytesMax)),
});
/** @see Attachment */
export type Attachment = z.infer<typeof Attachment>;

/** What `POST /v1/reports` answers: the reporter's proof and credential. */
export const Receipt = z.object({
  /** The report's reference. */
  id: Id,
  /** The only credential that reads this report: keep it. */
  trackingToken: z.string().check(z.minLength(16), z.maxLength(512)),
  state: z.literal('received'),
  receivedAt: Timestamp,
  /** The vendor acknowledges the report by then. */
  acknowledgeBy: Timestamp,
  /** Where to read the report's status, with the tracking token. */
  statusUrl: z.string().check(z.maxLength(LIMITS.urlMax)),
});
/** @see Receipt */
export type Receipt = z.infer<typeof Receipt>;

const event = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z.object({
    at: Timestamp,
    type: z.literal(type),
    /** Who did it: a staff member's name in the staff view, `vendor` in the reporter's. */
    actor: z.optional(z.string()),
    ...shape,
  });

/** One change on a report's timeline. */
export const TimelineEntry = z.discriminatedUnion('type', [
  event('received', {}),
  event('info-requested', { message: z.string() }),
  event('reporter-replied', {
    message: z.string(),
    /** The ids of the files sent with the answer, among the report's `attachments`. */
    attachments: z.optional(z.array(Id)),
  }),
  /** Assessed: a vulnerability has its severity; a report that is not one has none (v2). */
  event('triaged', { severity: z.optional(Severity), vulnerability: z.optional(z.boolean()) }),
  /** The assessment changed (v2), with the staff's reason in the staff view only. */
  event('reassessed', { severity: z.optional(Severity), vulnerability: z.boolean(), reason: z.optional(z.string()) }),
  /** Staff set this case's remediation deadline (v2); the reason in the staff view only. */
  event('deadline-set', { remediateBy: Timestamp, reason: z.optional(z.string()) }),
  event('closed', { reason: CloseReason, duplicateOf: z.optional(Id), /** Staff's note, in the staff view only. */ note: z.optional(z.string()) }),
  event('reopened', {}),
  event('resolved', { fixedIn: Version, releaseNote: z.optional(z.string()) }),
  event('data-loss-declared', { actionTaken: z.string() }),
  /** A follow-up to the data-loss declaration (v2). */
  event('data-loss-updated', { note: z.string() }),
  event('incident-linked', { incidentId: Id }),
  event('notified', {
    kind: EmailKind,
    recipientCount: z.number().check(z.int(), z.gte(0)),
    /** The addresses, in the staff view only. */
    to: z.optional(z.array(z.string())),
  }),
]);
/** @see TimelineEntry */
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** What a report carries besides the draft, in every view. */
const reportStatus = {
  id: Id,
  state: ReportState,
  severity: z.optional(Severity),
  closeReason: z.optional(CloseReason),
  duplicateOf: z.optional(Id),
  fixedIn: z.optional(Version),
  /** Where the fixing release's notes are, once resolved. */
  releaseNoteUrl: z.optional(z.string()),
  dataLossSuspected: z.boolean(),
  /** Kind `data-exposure`, or the reporter saw sensitive data (v2): acknowledged within hours, not days. */
  urgent: z.boolean(),
  receivedAt: Timestamp,
  acknowledgeBy: Timestamp,
  /** When the fix is due, once triaged. */
  remediateBy: z.optional(Timestamp),
  attachments: z.array(Attachment),
  /** When the report last changed: the `id` of its live status events, and what `Last-Event-ID` resumes from. */
  updatedAt: Timestamp,
  /** Live, or sent with a test key or token (v2). */
  mode: Mode,
  /** How it came in (v2): `widget`, `sdk` (as the client declared), `support-center` or `email`. */
  channel: ReportChannel,
  timeline: z.array(TimelineEntry),
};

const draftFields = {
  kind: ReportKind,
  title: z.string(),
  description: z.string(),
  stepsToReproduce: z.optional(z.string()),
  impact: z.optional(ImpactHints),
  sawSensitiveData: z.optional(z.boolean()),
  reporter: z.optional(Reporter),
  context: z.optional(ReportContext),
  cvss: z.optional(z.string()),
  cwe: z.optional(z.array(z.string())),
};

/** `GET /v1/reports/{id}`: the reporter's view, with the public timeline. */
export const ReportView = z.object({ ...reportStatus, ...draftFields });
/** @see ReportView */
export type ReportView = z.infer<typeof ReportView>;

/** `GET /v1/reports` (v2, customer token): the tenant's reports, newest first. */
export const ReportList = listOf(ReportView);
/** @see ReportList */
export type ReportList = z.infer<typeof ReportList>;
