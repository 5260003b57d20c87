import { http, HttpResponse } from 'msw';
import {
  AssessBody,
  CloseBody,
  DataLossBody,
  IncidentDraft,
  IncidentNotifyBody,
  IncidentTransitionBody,
  MessageBody,
  PageQuery,
  ReportListQuery,
  ResolveBody,
  validate,
} from '@vuln-report/contract';
import * as z from 'zod/mini';
import type { Actor } from '../core/context.ts';
import type { Links } from '../core/reports.ts';
import type { Result } from '../core/result.ts';
import { staffAuth } from './auth.ts';
import { readJson } from './body.ts';
import { corsHeaders, withHeaders } from './cors.ts';
import { fromFailure, invalid } from './problem.ts';
import { linksOf, type Runtime } from './runtime.ts';

interface StaffRequest {
  request: Request;
  id: string;
  actor: Actor;
  links: Links;
}

/** Wraps a staff route: the clock runs, the staff token and channel are checked, and the console's origin may read the answer. */
function staffRoute(runtime: Runtime, handle: (staff: StaffRequest) => Promise<Response>) {
  return async ({ request, params }: { request: Request; params: Record<string, unknown> }) => {
    runtime.intake.tick();
    const cors = corsHeaders(request.headers.get('origin'), runtime.staffOriginAllowed);
    const auth = staffAuth(runtime.seed, request);
    if (!auth.ok) return withHeaders(auth.response, cors);
    const response = await handle({ request, id: String(params.id ?? ''), actor: auth.value, links: linksOf(request) });
    return withHeaders(response, { ...cors, 'Cache-Control': 'no-store' });
  };
}

const answer = <T>(result: Result<T>, status = 200) => (result.ok ? HttpResponse.json(result.value as object, { status }) : fromFailure(result));

function query<S extends z.ZodMiniType>(request: Request, schema: S) {
  return validate(schema, Object.fromEntries(new URL(request.url).searchParams));
}

/** A staff action with a JSON body validated by `schema`. */
function withBody<S extends z.ZodMiniType>(runtime: Runtime, schema: S, act: (staff: StaffRequest, body: z.output<S>) => Response) {
  return staffRoute(runtime, async (staff) => {
    const body = await readJson(staff.request, schema);
    return body.ok ? act(staff, body.value) : body.response;
  });
}

/** The staff routes: triage, incidents, deadlines, outbox, activity log, evidence. */
export function triageHandlers(runtime: Runtime) {
  const { base, intake } = runtime;
  const pageOf = <T>(request: Request, list: (cursor: string | undefined, limit: number | undefined) => T) => {
    const page = query(request, PageQuery);
    return page.ok ? HttpResponse.json(list(page.value.cursor, page.value.limit) as object) : invalid('The query does not match the contract.', page.issues);
  };
  return [
    http.get(
      `${base}/v1/triage/reports`,
      staffRoute(runtime, async ({ request, actor, links }) => {
        const parsed = query(request, ReportListQuery);
        return parsed.ok ? HttpResponse.json(intake.listReports(parsed.value, actor, links)) : invalid('The query does not match the contract.', parsed.issues);
      }),
    ),
    http.get(`${base}/v1/triage/reports/:id`, staffRoute(runtime, async ({ id, actor, links }) => answer(intake.readAsStaff(id, actor, links)))),
    http.post(`${base}/v1/triage/reports/:id/assess`, withBody(runtime, AssessBody, ({ id, actor, links }, body) => answer(intake.assess(id, body, actor, links)))),
    http.post(
      `${base}/v1/triage/reports/:id/request-info`,
      withBody(runtime, MessageBody, ({ id, actor, links }, body) => answer(intake.requestInfo(id, body.message, actor, links))),
    ),
    http.post(`${base}/v1/triage/reports/:id/close`, withBody(runtime, CloseBody, ({ id, actor, links }, body) => answer(intake.close(id, body, actor, links)))),
    http.post(`${base}/v1/triage/reports/:id/reopen`, staffRoute(runtime, async ({ id, actor, links }) => answer(intake.reopen(id, actor, links)))),
    http.post(`${base}/v1/triage/reports/:id/resolve`, withBody(runtime, ResolveBody, ({ id, actor, links }, body) => answer(intake.resolve(id, body, actor, links)))),
    http.post(
      `${base}/v1/triage/reports/:id/data-loss`,
      withBody(runtime, DataLossBody, ({ id, actor, links }, body) => answer(intake.declareDataLoss(id, body, actor, links))),
    ),

    http.get(`${base}/v1/triage/incidents`, staffRoute(runtime, async ({ request, actor }) => pageOf(request, (cursor, limit) => intake.listIncidents(cursor, limit, actor)))),
    http.post(`${base}/v1/triage/incidents`, withBody(runtime, IncidentDraft, ({ actor }, body) => answer(intake.createIncident(body, actor), 201))),
    http.get(`${base}/v1/triage/incidents/:id`, staffRoute(runtime, async ({ id, actor }) => answer(intake.readIncident(id, actor)))),
    http.post(
      `${base}/v1/triage/incidents/:id/notify`,
      withBody(runtime, IncidentNotifyBody, ({ id, actor, links }, body) => answer(intake.notifyIncident(id, body, actor, links))),
    ),
    http.post(
      `${base}/v1/triage/incidents/:id/transition`,
      withBody(runtime, IncidentTransitionBody, ({ id, actor }, body) => answer(intake.transitionIncident(id, body, actor))),
    ),

    http.get(`${base}/v1/triage/sla`, staffRoute(runtime, async ({ actor }) => HttpResponse.json(intake.sla(actor)))),
    http.get(`${base}/v1/triage/outbox`, staffRoute(runtime, async ({ request, actor }) => pageOf(request, (cursor, limit) => intake.outbox(cursor, limit, actor)))),
    http.get(
      `${base}/v1/triage/activity-log`,
      staffRoute(runtime, async ({ request, actor }) => pageOf(request, (cursor, limit) => intake.activityLog(cursor, limit, actor))),
    ),
    http.get(
      `${base}/v1/triage/evidence-requests`,
      staffRoute(runtime, async ({ request, actor }) => pageOf(request, (cursor, limit) => intake.listEvidenceRequests(cursor, limit, actor))),
    ),
    http.post(`${base}/v1/triage/evidence-requests/:id/fulfil`, staffRoute(runtime, async ({ id, actor }) => answer(intake.fulfilEvidence(id, actor)))),
  ];
}
