import * as z from 'zod/mini';
import {
  AdminTenant,
  AdminTenantList,
  ApiTokenDraft,
  ApiTokenView,
  ContactList,
  ContactsBody,
  KeyDraft,
  KeyList,
  KeyView,
  NewApiToken,
  NewKey,
  StaffDraft,
  StaffList,
  StaffMember,
  StaffPatch,
  SupportContact,
  TenantDraft,
  TenantPatch,
} from './admin.ts';
import { CustomerReportQuery, ModePageQuery, StaffIdentity, StaffSession, StaffSignIn, type StaffRole } from './credentials.ts';
import { Incident, IncidentDraft, IncidentList, IncidentNotifyBody, IncidentTransitionBody, IncidentUpdateBody } from './incident.ts';
import { Mode } from './enums.ts';
import { LIMITS } from './limits.ts';
import { IdempotencyKey, Timestamp } from './primitives.ts';
import { PageQuery } from './query.ts';
import { Policy } from './policy.ts';
import {
  ActivityLog,
  ActivityLogQuery,
  ConsistencyProof,
  ConsistencyQuery,
  CustomerActivityLog,
  DeclineBody,
  EvidenceRequest,
  EvidenceRequestBody,
  EvidenceRequestList,
  Outbox,
  SignedTreeHead,
  SlaView,
  TreeHeadKeyList,
} from './records.ts';
import { ReleaseNotes } from './release-notes.ts';
import { Receipt, ReportDraft, ReportList, ReportView } from './report.ts';
import { MessageBody } from './submission.ts';
import { AssessBody, CloseBody, DataLossBody, DataLossUpdateBody, DeadlineBody, ReassessBody, ReportListQuery, ResolveBody, StaffReportList, StaffReportView } from './triage.ts';

/**
 * Who may call a route: nobody in particular (`none`), the holder of a publishable
 * project key, of a report's tracking token, of a customer token (v2: a signed-in user
 * of a tenant), of either (`a|b`), or a staff token.
 */
export type Credential = 'none' | 'project-key' | 'tracking-token' | 'customer' | 'project-key|customer' | 'tracking-token|customer' | 'staff';

/** The HTTP methods the contract uses. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One success answer of a route: its description and, unless empty, its body. */
export interface RouteResponse {
  description: string;
  body?: z.ZodMiniType;
  /** Response headers, by name, with their description. */
  headers?: Readonly<Record<string, string>>;
  /** The body's media type when it is not JSON. */
  mediaType?: string;
}

/** A request header a route reads, beyond its credential. */
export interface RouteHeader {
  name: string;
  required: boolean;
  description: string;
  schema: z.ZodMiniType;
}

/**
 * One route of the contract: everything a server needs to mount it and a document
 * needs to describe it. The paths use OpenAPI's `{name}` templates.
 */
export interface RouteSpec {
  method: Method;
  path: string;
  credential: Credential;
  /** `reporter` routes serve the widget, SDK and customers; `triage` routes serve staff. */
  audience: 'reporter' | 'triage';
  /** For staff routes: the roles that may call it (v2); every role when absent. Others get 403. */
  roles?: readonly StaffRole[];
  summary: string;
  description?: string;
  /** Path parameters by name, with their description. */
  params?: Readonly<Record<string, string>>;
  query?: z.ZodMiniObject;
  headers?: readonly RouteHeader[];
  /** A JSON request body. */
  body?: z.ZodMiniType | undefined;
  /** The route also takes `multipart/form-data`: a `report` JSON part and file parts (but see `multipartFields`). */
  multipart?: boolean;
  /** In the multipart form, the body's members travel as text fields beside the file parts, not as a `report` JSON part. */
  multipartFields?: boolean;
  /** Success answers by status. */
  responses: Readonly<Record<number, RouteResponse>>;
  /** Every error status the route may answer, each as RFC 9457 problem details. */
  problems: readonly number[];
}

/** The channels a client may declare for itself. */
const WidgetOrSdk = z.enum(['widget', 'sdk']);

const REPORT_ID = { id: 'The report id from the receipt.' } as const;
const TRIAGER = ['triager'] as const satisfies readonly StaffRole[];
const RESPONDER = ['responder'] as const satisfies readonly StaffRole[];
const LEGAL = ['legal'] as const satisfies readonly StaffRole[];
/** Reading reports: what the triager works, the responder and legal read. */
const REPORT_READERS = ['triager', 'responder', 'legal'] as const satisfies readonly StaffRole[];
const CUSTOMER_NOTE = 'A customer token of another tenant, or of the other mode (test or live), finds nothing: 404.';
const INCIDENT_ID = { id: 'The incident id.' } as const;
const ADMIN = ['admin'] as const satisfies readonly StaffRole[];
const TENANT_ID = { id: 'The tenant id.' } as const;
const LOGGED = ' Logged in the activity log, naming the tenant.';

/** An admin route: `admin` only, logged, its errors the admin routes' own. */
function adminRoute<M extends 'GET' | 'POST' | 'PUT' | 'PATCH', P extends string>(method: M, path: P, summary: string, description: string) {
  return { method, path, credential: 'staff', audience: 'triage', roles: ADMIN, summary, description } as const;
}

/** A staff action on one report that answers the report after the change. */
function staffReportAction<B extends z.ZodMiniType | undefined = undefined>(roles: readonly StaffRole[], summary: string, description: string, body?: B) {
  return {
    method: 'POST',
    credential: 'staff',
    audience: 'triage',
    roles,
    summary,
    description,
    params: REPORT_ID,
    body: body as B,
    responses: { 200: { description: 'The report after the change.', body: StaffReportView } },
    problems: [400, 401, 403, 404, 409],
  } as const;
}

/**
 * Every route of the intake contract, by name. Intakes mount their handlers from this
 * table, the OpenAPI document is generated from it, and tests walk it, so a route is
 * declared here once.
 */
export const ROUTES = {
  submitReport: {
    method: 'POST',
    path: '/v1/reports',
    credential: 'project-key|customer',
    audience: 'reporter',
    summary: 'Submit a report',
    description:
      'JSON body, or `multipart/form-data` with a `report` part (JSON) and up to ' +
      `${LIMITS.attachmentsMax} \`attachments\` file parts (each at most ${LIMITS.attachmentBytesMax} bytes, ` +
      `${LIMITS.attachmentsTotalBytesMax} in all). The same Idempotency-Key with the same body answers the ` +
      'same receipt with 200 and stores nothing twice; with another body, 422. A browser request from an ' +
      'origin the project key does not list is refused with 403. With a customer token (v2) instead of a key, the report comes ' +
      'from a signed-in user of the tenant: channel `support-center`. The mode (`test`, `live`) is the key’s or the token’s.',
    headers: [
      {
        name: 'Idempotency-Key',
        required: true,
        description: 'A UUID chosen by the client, one per report, kept across retries and replays; compared case-insensitively.',
        schema: IdempotencyKey,
      },
      {
        name: 'X-Report-Channel',
        required: false,
        description: 'How the report was made, `widget` or `sdk` (the default): informational, recorded as the report’s channel.',
        schema: WidgetOrSdk,
      },
    ],
    body: ReportDraft,
    multipart: true,
    responses: {
      201: { description: 'Stored: the receipt.', body: Receipt, headers: { Location: 'The report’s status URL.' } },
      200: { description: 'A replay of an earlier request with the same Idempotency-Key and body: the same receipt.', body: Receipt },
    },
    problems: [400, 401, 403, 413, 415, 422, 429],
  },
  readReport: {
    method: 'GET',
    path: '/v1/reports/{id}',
    credential: 'tracking-token|customer',
    audience: 'reporter',
    summary: 'Read a report as its reporter, or as a signed-in user of its tenant',
    description:
      'State, severity once triaged, the public timeline, fixed-in version and release-note link. With the tracking token, the ' +
      'reporter’s view; with a customer token of the tenant (v2), the tenant view, which hides the email and the captured context ' +
      'of reports other users sent. ' + CUSTOMER_NOTE,
    params: REPORT_ID,
    responses: { 200: { description: 'The reporter’s view.', body: ReportView } },
    problems: [401, 404, 429],
  },
  watchReport: {
    method: 'GET',
    path: '/v1/reports/{id}/events',
    credential: 'tracking-token|customer',
    audience: 'reporter',
    summary: 'Follow a report live',
    description:
      'The reporter’s view as Server-Sent Events: `event: report`, `id: <updatedAt>`, `data: <the view as JSON>`, once on connect and ' +
      'again on every change; a `: ping` comment every 15 seconds; the stream ends after a final state (`resolved`, `closed`). ' +
      'Read it with `fetch` streaming, the tracking token in `Authorization` (never in the URL). On reconnect, `Last-Event-ID` ' +
      'resumes: the view is sent on connect only if it changed since. Where a proxy drops the stream, poll `GET /v1/reports/{id}`.',
    params: REPORT_ID,
    headers: [
      {
        name: 'Last-Event-ID',
        required: false,
        description: 'The `id` (the view’s `updatedAt`) of the last event received, on reconnect.',
        schema: Timestamp,
      },
    ],
    responses: { 200: { description: 'A stream of `report` events, each with the reporter’s view.', mediaType: 'text/event-stream' } },
    problems: [401, 404, 429],
  },
  addReportMessage: {
    method: 'POST',
    path: '/v1/reports/{id}/messages',
    credential: 'tracking-token|customer',
    audience: 'reporter',
    summary: 'Add information to a report',
    description:
      'Answers a request for information: a report in `needs-info` goes back to `received`. JSON, or `multipart/form-data` with a ' +
      '`message` text field and `attachments` file parts, within the report’s attachment limits (its files before and these together: ' +
      `at most ${LIMITS.attachmentsMax}, each at most ${LIMITS.attachmentBytesMax} bytes, ${LIMITS.attachmentsTotalBytesMax} in all; over them, 413). ` +
      'Refused with 409 once resolved or closed.',
    params: REPORT_ID,
    body: MessageBody,
    multipart: true,
    multipartFields: true,
    responses: { 200: { description: 'The report after the message.', body: ReportView } },
    problems: [400, 401, 404, 409, 413, 415, 429],
  },
  withdrawReport: {
    method: 'POST',
    path: '/v1/reports/{id}/withdraw',
    credential: 'tracking-token|customer',
    audience: 'reporter',
    summary: 'Withdraw a report not yet triaged',
    description: 'Closes the report with reason `withdrawn`. Refused with 409 once triaged.',
    params: REPORT_ID,
    responses: { 200: { description: 'The closed report.', body: ReportView } },
    problems: [401, 404, 409, 429],
  },
  listReleaseNotes: {
    method: 'GET',
    path: '/v1/release-notes',
    credential: 'none',
    audience: 'reporter',
    summary: 'Public release notes',
    description: 'Versions, dates and the vulnerabilities each fixed, with severity; newest first. No credential. Live vulnerabilities only; `?mode=test` lists those resolved in test mode (v2).',
    query: z.extend(PageQuery, { mode: z.optional(Mode) }),
    responses: { 200: { description: 'Release notes.', body: ReleaseNotes } },
    problems: [400],
  },
  readPolicy: {
    method: 'GET',
    path: '/v1/policy',
    credential: 'none',
    audience: 'reporter',
    summary: 'The vendor’s published policy (v2)',
    description: 'The severity rule, who is told of what (one row per trigger, every severity written out), and every deadline. The conformance suite checks the intake against it.',
    responses: { 200: { description: 'The policy.', body: Policy } },
    problems: [],
  },
  listCustomerReports: {
    method: 'GET',
    path: '/v1/reports',
    credential: 'customer',
    audience: 'reporter',
    summary: 'The tenant’s reports (v2)',
    description: 'Every report of the customer token’s tenant in its mode, newest first, as the tenant view (other users’ email and captured context hidden); filter by `state`.',
    query: CustomerReportQuery,
    responses: { 200: { description: 'A page of reports.', body: ReportList } },
    problems: [400, 401, 429],
  },
  listCustomerIncidents: {
    method: 'GET',
    path: '/v1/incidents',
    credential: 'customer',
    audience: 'reporter',
    summary: 'The incidents that affect the tenant (v2)',
    description: 'Newest first, each with every notice sent; other tenants are never named.',
    query: ModePageQuery,
    responses: { 200: { description: 'A page of incidents.', body: IncidentList } },
    problems: [400, 401, 429],
  },
  readIncident: {
    method: 'GET',
    path: '/v1/incidents/{id}',
    credential: 'customer',
    audience: 'reporter',
    summary: 'Track an incident that affects the caller’s tenant',
    description: 'With a customer token of an affected tenant (v2; a publishable key reads nothing of a tenant). ' + CUSTOMER_NOTE,
    params: { id: 'The incident id from the notice email.' },
    responses: { 200: { description: 'The incident, without other tenants’ names.', body: Incident } },
    problems: [401, 404, 429],
  },
  requestEvidence: {
    method: 'POST',
    path: '/v1/evidence-requests',
    credential: 'customer',
    audience: 'reporter',
    summary: 'Ask for digital evidence',
    description:
      'A reasoned request (`reason`, at least 30 characters, and a `scope`), with a customer token (v2). Staff fulfil it with the ' +
      'activity-log entries in scope that concern the tenant, or decline it with a reason; either answer is emailed to the user who ' +
      'asked (the token’s `email`) and to the tenant’s authorized contacts.',
    body: EvidenceRequestBody,
    responses: { 201: { description: 'The open request.', body: EvidenceRequest } },
    problems: [400, 401, 429],
  },
  listCustomerEvidenceRequests: {
    method: 'GET',
    path: '/v1/evidence-requests',
    credential: 'customer',
    audience: 'reporter',
    summary: 'The tenant’s evidence requests (v2)',
    query: ModePageQuery,
    responses: { 200: { description: 'Requests, newest first.', body: EvidenceRequestList } },
    problems: [400, 401, 429],
  },
  readEvidenceRequest: {
    method: 'GET',
    path: '/v1/evidence-requests/{id}',
    credential: 'customer',
    audience: 'reporter',
    summary: 'Read an evidence request of the caller’s tenant',
    description: CUSTOMER_NOTE,
    params: { id: 'The evidence request id.' },
    responses: { 200: { description: 'The request, with the entries once fulfilled.', body: EvidenceRequest } },
    problems: [401, 404, 429],
  },

  readCustomerActivityLog: {
    method: 'GET',
    path: '/v1/activity-log',
    credential: 'customer',
    audience: 'reporter',
    summary: 'The tenant’s part of the activity log, with proofs (v2)',
    description:
      'Every entry that concerns the customer’s tenant, oldest first, each with its inclusion proof against `head`, a tree head signed for ' +
      'this read. `tenant` is the blinded id that stands for the tenant in the entries’ `tenants`. Check them with `@vuln-report/sdk/verify` ' +
      'and a pinned key; keep the head, and prove the next one extends it with the consistency route.',
    query: PageQuery,
    responses: { 200: { description: 'The entries with their proofs, and the head.', body: CustomerActivityLog } },
    problems: [400, 401, 429],
  },
  readTreeHead: {
    method: 'GET',
    path: '/v1/activity-log/tree-head',
    credential: 'none',
    audience: 'reporter',
    summary: 'The latest signed tree head of the activity log (v2)',
    description:
      'While the log grows, the head answered is never more than 60 seconds old: a new one is signed when asked after that. A customer’s ' +
      'log read gets one signed for it.',
    responses: { 200: { description: 'The head.', body: SignedTreeHead } },
    problems: [],
  },
  listTreeHeadKeys: {
    method: 'GET',
    path: '/v1/activity-log/key',
    credential: 'none',
    audience: 'reporter',
    summary: 'The keys that sign tree heads (v2)',
    description: 'Pin one out of band: a key list fetched beside a head proves nothing about that head.',
    responses: { 200: { description: 'The keys.', body: TreeHeadKeyList } },
    problems: [],
  },
  readConsistencyProof: {
    method: 'GET',
    path: '/v1/activity-log/consistency',
    credential: 'none',
    audience: 'reporter',
    summary: 'That the tree of `to` entries extends the tree of `from` entries (v2)',
    description: 'RFC 9162 §2.1.4. `from` ≤ `to` ≤ the current size; otherwise 400.',
    query: ConsistencyQuery,
    responses: { 200: { description: 'The proof.', body: ConsistencyProof } },
    problems: [400],
  },

  createStaffSession: {
    method: 'POST',
    path: '/v1/staff/sessions',
    credential: 'none',
    audience: 'triage',
    summary: 'Sign in as staff (v2)',
    description:
      'A staff member’s email and password give a `web` token: the console’s session, ending at `expiresAt` (8 hours) or at sign-out. ' +
      'A wrong email or password is 401 with the same answer for both; repeated failures from one client are refused with 429.',
    body: StaffSignIn,
    responses: { 201: { description: 'The session.', body: StaffSession } },
    problems: [400, 401, 429],
  },
  readStaffSession: {
    method: 'GET',
    path: '/v1/staff/sessions/current',
    credential: 'staff',
    audience: 'triage',
    summary: 'Who the staff token belongs to (v2)',
    description: 'The name, roles and kind of the token sent, so a console shows only what its user may do.',
    responses: { 200: { description: 'The staff member.', body: StaffIdentity } },
    problems: [401],
  },
  endStaffSession: {
    method: 'DELETE',
    path: '/v1/staff/sessions/current',
    credential: 'staff',
    audience: 'triage',
    summary: 'Sign out (v2)',
    description: 'Ends the `web` session whose token is sent; an `api` token is not a session (409).',
    responses: { 204: { description: 'Signed out: the token no longer works.' } },
    problems: [401, 409],
  },

  listReports: {
    method: 'GET',
    path: '/v1/triage/reports',
    credential: 'staff',
    audience: 'triage',
    roles: REPORT_READERS,
    summary: 'List reports',
    description: 'Newest first, filtered by state, severity and tenant.',
    query: ReportListQuery,
    responses: { 200: { description: 'A page of reports.', body: StaffReportList } },
    problems: [400, 401, 403],
  },
  readReportAsStaff: {
    method: 'GET',
    path: '/v1/triage/reports/{id}',
    credential: 'staff',
    audience: 'triage',
    roles: REPORT_READERS,
    summary: 'Read a report as staff',
    description: 'Everything submitted, the tenant, the assessment and the whole timeline with actors.',
    params: REPORT_ID,
    responses: { 200: { description: 'The staff view.', body: StaffReportView } },
    problems: [401, 403, 404],
  },
  downloadAttachment: {
    method: 'GET',
    path: '/v1/triage/reports/{id}/attachments/{attachmentId}',
    credential: 'staff',
    audience: 'triage',
    roles: TRIAGER,
    summary: 'Download an attachment of a report',
    description:
      'The file as the reporter sent it, as a download: `Content-Disposition: attachment`, `X-Content-Type-Options: nosniff` ' +
      'and a sandboxing `Content-Security-Policy`, so no browser renders it as a page of the intake. Each download is in the activity log.',
    params: { ...REPORT_ID, attachmentId: 'The attachment id from the report’s `attachments`.' },
    responses: { 200: { description: 'The file, with the type it was accepted as.', mediaType: 'application/octet-stream' } },
    problems: [401, 403, 404],
  },
  assessReport: {
    path: '/v1/triage/reports/{id}/assess',
    ...staffReportAction(
      TRIAGER,
      'Record the assessment',
      'The severity follows from the contract’s rule; a CVSS vector is scored but never overrides it. State `triaged`; the remediation deadline starts.',
      AssessBody,
    ),
  },
  reassessReport: {
    path: '/v1/triage/reports/{id}/reassess',
    ...staffReportAction(
      TRIAGER,
      'Change the assessment of a triaged report (v2)',
      'With a `reason`, kept on the timeline. The severity follows the new facts; the remediation deadline follows the new severity unless staff set one by hand, which is kept.',
      ReassessBody,
    ),
  },
  setReportDeadline: {
    path: '/v1/triage/reports/{id}/deadline',
    ...staffReportAction(TRIAGER, 'Set this case’s remediation deadline (v2)', 'Replaces the policy’s deadline for this report, with a `reason`; a later reassessment keeps it.', DeadlineBody),
  },
  requestReportInfo: {
    path: '/v1/triage/reports/{id}/request-info',
    ...staffReportAction(
      TRIAGER,
      'Ask the reporter for more',
      'State `needs-info`; the reporter is emailed when they gave an address. Closed as `stale` after 30 days without an answer.',
      MessageBody,
    ),
  },
  closeReport: {
    path: '/v1/triage/reports/{id}/close',
    ...staffReportAction(TRIAGER, 'Close a report', 'With a reason; `duplicate` needs `duplicateOf`, an existing other report.', CloseBody),
  },
  reopenReport: {
    path: '/v1/triage/reports/{id}/reopen',
    ...staffReportAction(TRIAGER, 'Reopen a closed report', 'A closed report goes back to `received`.'),
  },
  resolveReport: {
    path: '/v1/triage/reports/{id}/resolve',
    ...staffReportAction(
      TRIAGER,
      'Resolve a triaged report',
      'State `resolved`; publishes the release-note entry and emails every authorized support contact of the tenants concerned (all tenants for `blocker` and `major`, the reporting tenant for `critical`) and the reporter.',
      ResolveBody,
    ),
  },
  declareDataLoss: {
    path: '/v1/triage/reports/{id}/data-loss',
    ...staffReportAction(
      RESPONDER,
      'Declare possible data loss',
      'Sets `dataLossSuspected`; every authorized support contact of each affected tenant is emailed at the same instant.',
      DataLossBody,
    ),
  },

  updateDataLoss: {
    path: '/v1/triage/reports/{id}/data-loss/updates',
    ...staffReportAction(
      RESPONDER,
      'Follow up a data-loss declaration (v2)',
      'A note and, when they changed, the action taken and the measures: emailed at once to every authorized contact of the same tenants. 409 before a declaration.',
      DataLossUpdateBody,
    ),
  },

  listIncidents: {
    method: 'GET',
    path: '/v1/triage/incidents',
    credential: 'staff',
    audience: 'triage',
    roles: RESPONDER,
    summary: 'List incidents',
    query: ModePageQuery,
    responses: { 200: { description: 'A page of incidents, newest first.', body: IncidentList } },
    problems: [400, 401, 403],
  },
  createIncident: {
    method: 'POST',
    path: '/v1/triage/incidents',
    credential: 'staff',
    audience: 'triage',
    roles: RESPONDER,
    summary: 'Open an incident',
    description: 'State `detected`; the customer notice is due 24 hours after `detectedAt`.',
    body: IncidentDraft,
    responses: { 201: { description: 'The incident.', body: Incident } },
    problems: [400, 401, 403],
  },
  readIncidentAsStaff: {
    method: 'GET',
    path: '/v1/triage/incidents/{id}',
    credential: 'staff',
    audience: 'triage',
    roles: RESPONDER,
    summary: 'Read an incident as staff',
    params: INCIDENT_ID,
    responses: { 200: { description: 'The incident.', body: Incident } },
    problems: [401, 403, 404],
  },
  notifyIncident: {
    method: 'POST',
    path: '/v1/triage/incidents/{id}/notify',
    credential: 'staff',
    audience: 'triage',
    roles: RESPONDER,
    summary: 'Notify the affected customers',
    description: 'Emails every authorized support contact of each affected tenant with the recommended measures and how to track the incident; state `notified`.',
    params: INCIDENT_ID,
    body: IncidentNotifyBody,
    responses: { 200: { description: 'The incident after the notice.', body: Incident } },
    problems: [400, 401, 403, 404, 409],
  },
  transitionIncident: {
    method: 'POST',
    path: '/v1/triage/incidents/{id}/transition',
    credential: 'staff',
    audience: 'triage',
    roles: RESPONDER,
    summary: 'Move an incident to its next state',
    description: 'detected → notified → contained → analysed → closed; `notified` only through notify.',
    params: INCIDENT_ID,
    body: IncidentTransitionBody,
    responses: { 200: { description: 'The incident after the change.', body: Incident } },
    problems: [400, 401, 403, 404, 409],
  },

  updateIncident: {
    method: 'POST',
    path: '/v1/triage/incidents/{id}/update',
    credential: 'staff',
    audience: 'triage',
    roles: RESPONDER,
    summary: 'Send a later notice about an incident (v2)',
    description: 'A note and, when they changed, new recommended measures: emailed at once to every authorized contact of each affected tenant. 409 before the first notice or once closed.',
    params: INCIDENT_ID,
    body: IncidentUpdateBody,
    responses: { 200: { description: 'The incident after the notice.', body: Incident } },
    problems: [400, 401, 403, 404, 409],
  },

  readSla: {
    method: 'GET',
    path: '/v1/triage/sla',
    credential: 'staff',
    audience: 'triage',
    summary: 'Deadlines due, overdue and met late',
    description:
      'Acknowledgement (4 hours for urgent reports), 24-hour incident notice, remediation and the 30-day stale close, as of the clock’s now. A breach stays listed: `overdue` while open, `met-late` with `metAt` and `lateBySeconds` once met (v2).',
    query: ModePageQuery,
    responses: { 200: { description: 'Open deadlines, soonest first.', body: SlaView } },
    problems: [401],
  },
  listOutbox: {
    method: 'GET',
    path: '/v1/triage/outbox',
    credential: 'staff',
    audience: 'triage',
    summary: 'Every email, with its delivery state',
    description:
      'An email enters the outbox as `queued` in the same unit of work as the change that causes it. It is `sent` (with `sentAt`) once a mail server accepts it; a failed attempt adds to `attempts`, sets `lastError` and `nextAttemptAt`, and is retried after 1, 5, 30, 120 and 600 seconds on the intake’s clock; after the sixth attempt it is `failed`. An intake with no mail server configured (the stub without `--smtp`) never attempts delivery: its emails stay `queued` with no attempts.',
    query: ModePageQuery,
    responses: { 200: { description: 'Emails, oldest first.', body: Outbox } },
    problems: [400, 401],
  },
  listActivityLog: {
    method: 'GET',
    path: '/v1/triage/activity-log',
    credential: 'staff',
    audience: 'triage',
    summary: 'The activity log',
    description:
      'Every staff call with its outcome (`ok`, `denied` for a route outside the caller’s roles, `refused` with the problem type), and every ' +
      'reporter and customer write; append-only, hash-chained, and the leaves of the Merkle tree whose heads `GET /v1/activity-log/tree-head` signs. ' +
      '`writes=only` leaves out reads. Calls with no valid credential are not logged.',
    query: ActivityLogQuery,
    responses: { 200: { description: 'Entries, oldest first.', body: ActivityLog } },
    problems: [400, 401],
  },
  listEvidenceRequests: {
    method: 'GET',
    path: '/v1/triage/evidence-requests',
    credential: 'staff',
    audience: 'triage',
    roles: LEGAL,
    summary: 'List evidence requests',
    query: ModePageQuery,
    responses: { 200: { description: 'Requests, newest first.', body: EvidenceRequestList } },
    problems: [400, 401, 403],
  },
  fulfilEvidenceRequest: {
    method: 'POST',
    path: '/v1/triage/evidence-requests/{id}/fulfil',
    credential: 'staff',
    audience: 'triage',
    roles: LEGAL,
    summary: 'Fulfil an evidence request',
    description: 'Attaches the activity-log entries that concern the tenant and emails them to its authorized support contacts.',
    params: { id: 'The evidence request id.' },
    responses: { 200: { description: 'The fulfilled request.', body: EvidenceRequest } },
    problems: [401, 403, 404, 409],
  },
  declineEvidenceRequest: {
    method: 'POST',
    path: '/v1/triage/evidence-requests/{id}/decline',
    credential: 'staff',
    audience: 'triage',
    roles: LEGAL,
    summary: 'Decline an evidence request (v2)',
    description: 'With a `reason`, emailed to the requester and the tenant’s authorized support contacts.',
    params: { id: 'The evidence request id.' },
    body: DeclineBody,
    responses: { 200: { description: 'The declined request.', body: EvidenceRequest } },
    problems: [400, 401, 403, 404, 409],
  },
  listTenants: {
    ...adminRoute('GET', '/v1/admin/tenants', 'List tenants (v2)', 'Every tenant with its contacts, test recipients and keys (secret keys by their last four characters only).'),
    responses: { 200: { description: 'The tenants, by id.', body: AdminTenantList } },
    problems: [401, 403],
  },
  createTenant: {
    ...adminRoute('POST', '/v1/admin/tenants', 'Create a tenant (v2)', 'A new tenant with its authorized support contacts; it has no key until one is made. An id in use is 409.' + LOGGED),
    body: TenantDraft,
    responses: { 201: { description: 'The tenant.', body: AdminTenant } },
    problems: [400, 401, 403, 409],
  },
  readTenant: {
    ...adminRoute('GET', '/v1/admin/tenants/{id}', 'Read a tenant (v2)', 'The tenant with its contacts, test recipients and keys.'),
    params: TENANT_ID,
    responses: { 200: { description: 'The tenant.', body: AdminTenant } },
    problems: [401, 403, 404],
  },
  updateTenant: {
    ...adminRoute('PATCH', '/v1/admin/tenants/{id}', 'Update a tenant (v2)', 'Its name or test recipients.' + LOGGED),
    params: TENANT_ID,
    body: TenantPatch,
    responses: { 200: { description: 'The tenant after the change.', body: AdminTenant } },
    problems: [400, 401, 403, 404],
  },
  listContacts: {
    ...adminRoute('GET', '/v1/admin/tenants/{id}/contacts', 'List a tenant’s contacts (v2)', 'Its authorized support contacts: every notice to the tenant goes to each.'),
    params: TENANT_ID,
    responses: { 200: { description: 'The contacts.', body: ContactList } },
    problems: [401, 403, 404],
  },
  addContact: {
    ...adminRoute('POST', '/v1/admin/tenants/{id}/contacts', 'Add a contact (v2)', 'One more authorized support contact; an email already listed is 409.' + LOGGED),
    params: TENANT_ID,
    body: SupportContact,
    responses: { 201: { description: 'The contacts after the change.', body: ContactList } },
    problems: [400, 401, 403, 404, 409],
  },
  replaceContacts: {
    ...adminRoute('PUT', '/v1/admin/tenants/{id}/contacts', 'Replace a tenant’s contacts (v2)', 'The whole list, at least one: how a contact is changed or removed.' + LOGGED),
    params: TENANT_ID,
    body: ContactsBody,
    responses: { 200: { description: 'The contacts after the change.', body: ContactList } },
    problems: [400, 401, 403, 404],
  },
  listKeys: {
    ...adminRoute('GET', '/v1/admin/tenants/{id}/keys', 'List a tenant’s keys (v2)', 'Publishable keys whole; secret keys by id and last four characters; revoked keys with `revokedAt`.'),
    params: TENANT_ID,
    responses: { 200: { description: 'The keys.', body: KeyList } },
    problems: [401, 403, 404],
  },
  createKey: {
    ...adminRoute(
      'POST',
      '/v1/admin/tenants/{id}/keys',
      'Make a key (v2)',
      'A publishable key (with its allowed origins) or a secret key, in test or live mode. The secret is in this answer and never again: the intake keeps a secret key encrypted.' + LOGGED,
    ),
    params: TENANT_ID,
    body: KeyDraft,
    responses: { 201: { description: 'The key, and its secret this once.', body: NewKey } },
    problems: [400, 401, 403, 404],
  },
  rotateKey: {
    ...adminRoute(
      'POST',
      '/v1/admin/tenants/{id}/keys/{keyId}/rotate',
      'Rotate a key (v2)',
      'A new key of the same kind, mode and origins. The old one keeps working until it is revoked, so hosts can move over.' + LOGGED,
    ),
    params: { ...TENANT_ID, keyId: 'The key’s id.' },
    responses: { 201: { description: 'The new key, and its secret this once.', body: NewKey } },
    problems: [401, 403, 404, 409],
  },
  revokeKey: {
    ...adminRoute('POST', '/v1/admin/tenants/{id}/keys/{keyId}/revoke', 'Revoke a key (v2)', 'The key stops working in every process at once; revoking it again is 409.' + LOGGED),
    params: { ...TENANT_ID, keyId: 'The key’s id.' },
    responses: { 200: { description: 'The revoked key.', body: KeyView } },
    problems: [401, 403, 404, 409],
  },
  listStaff: {
    ...adminRoute('GET', '/v1/admin/staff', 'List staff (v2)', 'Every staff member with roles and `api` tokens (never a password or a token).'),
    responses: { 200: { description: 'The staff.', body: StaffList } },
    problems: [401, 403],
  },
  createStaff: {
    ...adminRoute('POST', '/v1/admin/staff', 'Add a staff member (v2)', 'With roles, and an email and password to sign in to the console (an email in use is 409).' + LOGGED),
    body: StaffDraft,
    responses: { 201: { description: 'The staff member.', body: StaffMember } },
    problems: [400, 401, 403, 409],
  },
  updateStaff: {
    ...adminRoute(
      'PATCH',
      '/v1/admin/staff/{id}',
      'Update a staff member (v2)',
      'Name, roles, password, or `disabled`. A change of roles or password, or disabling, ends their sessions; disabling also stops their `api` tokens. ' +
        'An admin cannot take away the last admin’s role (409).' +
        LOGGED,
    ),
    params: { id: 'The staff member’s id.' },
    body: StaffPatch,
    responses: { 200: { description: 'The staff member after the change.', body: StaffMember } },
    problems: [400, 401, 403, 404, 409],
  },
  createApiToken: {
    ...adminRoute('POST', '/v1/admin/staff/{id}/tokens', 'Make an api token (v2)', 'A token for a script, acting as this staff member with their roles. Shown in this answer only: the intake keeps its hash.' + LOGGED),
    params: { id: 'The staff member’s id.' },
    body: ApiTokenDraft,
    responses: { 201: { description: 'The token, this once.', body: NewApiToken } },
    problems: [400, 401, 403, 404],
  },
  revokeApiToken: {
    ...adminRoute('POST', '/v1/admin/staff/{id}/tokens/{tokenId}/revoke', 'Revoke an api token (v2)', 'The token stops working in every process at once; again is 409.' + LOGGED),
    params: { id: 'The staff member’s id.', tokenId: 'The token’s id.' },
    responses: { 200: { description: 'The revoked token.', body: ApiTokenView } },
    problems: [401, 403, 404, 409],
  },
} as const satisfies Record<string, RouteSpec>;

/** The name of a route of the contract. */
export type RouteName = keyof typeof ROUTES;

/** The routes of the contract for one audience: `reporter` or `triage`. */
export type RoutesFor<A extends RouteSpec['audience']> = {
  [K in RouteName as (typeof ROUTES)[K]['audience'] extends A ? K : never]: (typeof ROUTES)[K];
};
