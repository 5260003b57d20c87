import {
  ActivityLog,
  AdminTenant,
  AdminTenantList,
  KeyView,
  NewKey,
  EvidenceRequest,
  EvidenceRequestList,
  Incident,
  IncidentList,
  LIMITS,
  Outbox,
  Policy,
  readProblem,
  ReleaseNotes,
  SignedTreeHead,
  SlaView,
  StaffIdentity,
  StaffReportList,
  StaffSession,
  TreeHeadKeyList,
  StaffReportView,
  validate,
  type AssessBody,
  type CloseBody,
  type DataLossBody,
  type DataLossUpdateBody,
  type DeadlineBody,
  type DeclineBody,
  type IncidentDraft,
  type IncidentTransitionBody,
  type IncidentUpdateBody,
  type KeyDraft,
  type TenantDraft,
  type ReassessBody,
  type ReportListQuery,
  type ResolveBody,
  type ValidationIssue,
} from '@vuln-report/contract';
import { ClockView } from '@vuln-report/server-stub/controls';
import * as z from 'zod/mini';

/**
 * The console's client for the intake's staff routes and the stub's clock. Every
 * response body is checked against the contract's schemas; every failure comes back as
 * an {@link ApiError} shaped like RFC 9457 problem details, ready to show beside a form.
 */

/** What went wrong: the server's problem details, or one made up for a network or contract failure. */
export interface ApiError {
  status?: number;
  title: string;
  detail?: string;
  errors: ValidationIssue[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface ApiOptions {
  /** The intake's base URL, without a trailing slash. */
  baseUrl: () => string;
  /** The staff token sent as a bearer token. */
  token: () => string;
  /** The stub's control token, for its clock (the demo's stub uses the documented default). */
  controlToken: string;
}

/** Page size for reading whole lists: the contract's maximum. */
const PAGE_SIZE = LIMITS.pageSizeMax;
/** A guard against a server that keeps answering with a cursor. */
const MAX_PAGES = 500;

type Query = Record<string, string | number | undefined>;

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function problemOf(response: Response): Promise<ApiError> {
  const { status, title, detail, errors } = await readProblem(response);
  return { status, title, detail: detail ?? `The intake answered ${status}.`, errors: errors ?? [] };
}

export function createApi(options: ApiOptions) {
  /**
   * One request; a staff one carries the console's session token (the activity log
   * records its kind, `web`); a control one, the stub's control token; a public one, nothing.
   */
  async function request<S extends z.ZodMiniType>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    schema: S,
    body?: unknown,
    as: 'staff' | 'control' | 'public' = 'staff',
  ): Promise<ApiResult<z.output<S>>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (as === 'staff') {
      headers.Authorization = `Bearer ${options.token()}`;
    } else if (as === 'control') {
      headers.Authorization = `Bearer ${options.controlToken}`;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl()}${path}`, {
        method,
        headers,
        cache: 'no-store',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      return { ok: false, error: { title: 'Network error', detail: `Could not reach the intake at ${options.baseUrl()}: ${String(error)}`, errors: [] } };
    }
    if (!response.ok) return { ok: false, error: await problemOf(response) };
    if (response.status === 204) return { ok: true, value: undefined as z.output<S> };
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      return { ok: false, error: { status: response.status, title: 'Unreadable response', detail: `${method} ${path} did not answer with JSON.`, errors: [] } };
    }
    const parsed = validate(schema, json);
    if (!parsed.ok) {
      return { ok: false, error: { status: response.status, title: 'Response outside the contract', detail: `${method} ${path} answered with a body that does not match the contract.`, errors: parsed.issues } };
    }
    return { ok: true, value: parsed.value };
  }

  /** Every page of a list route, following `nextCursor`. */
  async function all<T>(path: string, schema: z.ZodMiniType<{ items: T[]; nextCursor?: string | undefined }>, query: Query = {}): Promise<ApiResult<T[]>> {
    const items: T[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages += 1) {
      const page = await request('GET', withQuery(path, { ...query, limit: PAGE_SIZE, cursor }), schema);
      if (!page.ok) return page;
      items.push(...page.value.items);
      cursor = page.value.nextCursor;
      if (!cursor) return { ok: true, value: items };
    }
    return { ok: false, error: { title: 'Too many pages', detail: `${path} kept answering with a next page.`, errors: [] } };
  }

  /** A file the intake serves as a download, read with the staff credential (a link could not carry it). */
  async function file(path: string): Promise<ApiResult<Blob>> {
    try {
      const response = await fetch(`${options.baseUrl()}${path}`, { headers: { Authorization: `Bearer ${options.token()}` }, cache: 'no-store' });
      return response.ok ? { ok: true, value: await response.blob() } : { ok: false, error: await problemOf(response) };
    } catch (error) {
      return { ok: false, error: { title: 'Network error', detail: `Could not reach the intake at ${options.baseUrl()}: ${String(error)}`, errors: [] } };
    }
  }

  const report = (id: string) => `/v1/triage/reports/${encodeURIComponent(id)}`;
  const incident = (id: string) => `/v1/triage/incidents/${encodeURIComponent(id)}`;
  const tenantPath = (id: string) => `/v1/admin/tenants/${encodeURIComponent(id)}`;

  return {
    clock: () => request('GET', '/__stub/clock', ClockView, undefined, 'control'),
    advanceClock: (seconds: number) => request('POST', '/__stub/clock', ClockView, { advanceSeconds: seconds }, 'control'),

    reports: (filters: Pick<ReportListQuery, 'state' | 'severity' | 'tenant'>) => all('/v1/triage/reports', StaffReportList, filters),
    report: (id: string) => request('GET', report(id), StaffReportView),
    attachment: (id: string, attachmentId: string) => file(`${report(id)}/attachments/${encodeURIComponent(attachmentId)}`),
    assess: (id: string, body: AssessBody) => request('POST', `${report(id)}/assess`, StaffReportView, body),
    reassess: (id: string, body: ReassessBody) => request('POST', `${report(id)}/reassess`, StaffReportView, body),
    setDeadline: (id: string, body: DeadlineBody) => request('POST', `${report(id)}/deadline`, StaffReportView, body),
    requestInfo: (id: string, message: string) => request('POST', `${report(id)}/request-info`, StaffReportView, { message }),
    close: (id: string, body: CloseBody) => request('POST', `${report(id)}/close`, StaffReportView, body),
    reopen: (id: string) => request('POST', `${report(id)}/reopen`, StaffReportView),
    resolve: (id: string, body: ResolveBody) => request('POST', `${report(id)}/resolve`, StaffReportView, body),
    declareDataLoss: (id: string, body: DataLossBody) => request('POST', `${report(id)}/data-loss`, StaffReportView, body),
    updateDataLoss: (id: string, body: DataLossUpdateBody) => request('POST', `${report(id)}/data-loss/updates`, StaffReportView, body),

    /** Every deadline due, overdue or met late, across every page. */
    sla: () => all('/v1/triage/sla', SlaView),
    incidents: () => all('/v1/triage/incidents', IncidentList),
    openIncident: (body: IncidentDraft) => request('POST', '/v1/triage/incidents', Incident, body),
    notifyIncident: (id: string) => request('POST', `${incident(id)}/notify`, Incident, {}),
    moveIncident: (id: string, body: IncidentTransitionBody) => request('POST', `${incident(id)}/transition`, Incident, body),
    updateIncident: (id: string, body: IncidentUpdateBody) => request('POST', `${incident(id)}/update`, Incident, body),

    outbox: () => all('/v1/triage/outbox', Outbox),
    releaseNotes: () => all('/v1/release-notes', ReleaseNotes),
    activityLog: () => all('/v1/triage/activity-log', ActivityLog),
    /** The latest signed head of the log, and the keys that sign heads: public. */
    treeHead: () => request('GET', '/v1/activity-log/tree-head', SignedTreeHead, undefined, 'public'),
    treeHeadKeys: () => request('GET', '/v1/activity-log/key', TreeHeadKeyList, undefined, 'public'),
    evidenceRequests: () => all('/v1/triage/evidence-requests', EvidenceRequestList),
    fulfilEvidence: (id: string) => request('POST', `/v1/triage/evidence-requests/${encodeURIComponent(id)}/fulfil`, EvidenceRequest),
    declineEvidence: (id: string, body: DeclineBody) => request('POST', `/v1/triage/evidence-requests/${encodeURIComponent(id)}/decline`, EvidenceRequest, body),
    /** Signs in: a web session for the console. */
    signIn: (email: string, password: string) => request('POST', '/v1/staff/sessions', StaffSession, { email, password }, 'public'),
    /** Who the session belongs to, and their roles. */
    whoAmI: () => request('GET', '/v1/staff/sessions/current', StaffIdentity),
    signOut: () => request('DELETE', '/v1/staff/sessions/current', z.unknown()),
    /** Tenants with their contacts and keys (role admin). */
    tenants: async (): Promise<ApiResult<AdminTenant[]>> => {
      const list = await request('GET', '/v1/admin/tenants', AdminTenantList);
      return list.ok ? { ok: true, value: list.value.items } : list;
    },
    createTenant: (body: TenantDraft) => request('POST', '/v1/admin/tenants', AdminTenant, body),
    /** A new key: its secret is in this answer only. */
    makeKey: (tenant: string, body: KeyDraft) => request('POST', `${tenantPath(tenant)}/keys`, NewKey, body),
    revokeKey: (tenant: string, keyId: string) => request('POST', `${tenantPath(tenant)}/keys/${encodeURIComponent(keyId)}/revoke`, KeyView),
    /** The published policy: public, so read without the staff credential. */
    policy: () => request('GET', '/v1/policy', Policy, undefined, 'public'),
  };
}

export type ConsoleApi = ReturnType<typeof createApi>;
