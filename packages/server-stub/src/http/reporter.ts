import { delay, http, HttpResponse } from 'msw';
import { EvidenceRequestBody, IdempotencyKey, MessageBody, PageQuery, ReportDraft, validate } from '@vuln-report/contract';
import { sha256Hex } from '../core/sha256.ts';
import { readJson, readSubmission, canonicalJson } from './body.ts';
import { projectKeyAuth, trackingAuth } from './auth.ts';
import { corsHeaders, preflight, withHeaders } from './cors.ts';
import { fromFailure, invalid, problem, PROBLEM_TYPES } from './problem.ts';
import type { RateLimiter } from './rate-limit.ts';
import { CLIENT_HEADER, linksOf, type Runtime } from './runtime.ts';

const anyOrigin = () => true;
const idOf = (params: Record<string, unknown>) => String(params.id);

function rateLimited(retryAfterSeconds: number) {
  return problem(429, `Too many requests: try again in ${retryAfterSeconds} seconds.`, {
    type: PROBLEM_TYPES.rateLimit,
    retryAfter: retryAfterSeconds,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

/** Token buckets per project key and per client address; `undefined` when the request may go on. */
function limit(runtime: Runtime, request: Request, projectKey?: string): Response | undefined {
  const client = request.headers.get(CLIENT_HEADER);
  const checks: Array<[RateLimiter | undefined, string | undefined]> = [
    [runtime.limiters.perKey, projectKey],
    [runtime.limiters.perClient, client ?? undefined],
  ];
  for (const [limiter, key] of checks) {
    if (!limiter || !key) continue;
    const taken = limiter.take(key);
    if (!taken.ok) return rateLimited(taken.retryAfterSeconds);
  }
  return undefined;
}

/**
 * Wraps a reporter route: the clock runs, injected faults apply (a failed status before
 * the work, a dropped connection after it, so the client never learns it was stored),
 * and every answer carries CORS headers for the calling origin.
 */
function reporterRoute(runtime: Runtime, handle: (request: Request, params: Record<string, unknown>) => Promise<Response>) {
  return async ({ request, params }: { request: Request; params: Record<string, unknown> }) => {
    runtime.intake.tick();
    const cors = corsHeaders(request.headers.get('origin'), anyOrigin);
    const fault = runtime.faults;
    const faulty = fault.rate > 0 && Math.random() < fault.rate;
    if (faulty && fault.delayMs) await delay(fault.delayMs);
    if (faulty && !fault.drop) {
      const status = fault.status ?? 503;
      return withHeaders(
        problem(status, 'A fault injected through /__stub/faults.', { type: PROBLEM_TYPES.fault, ...(status === 503 || status === 429 ? { headers: { 'Retry-After': '1' } } : {}) }),
        cors,
      );
    }
    const response = await handle(request, params);
    if (faulty && fault.drop) return HttpResponse.error();
    return withHeaders(response, cors);
  };
}

type Handle<T> = (request: Request, credential: T, params: Record<string, unknown>) => Promise<Response>;

/** A route for the holder of a tracking token (401 without one), rate-limited per client. */
function tracked(runtime: Runtime, handle: Handle<string>) {
  return reporterRoute(runtime, async (request, params) => {
    const token = trackingAuth(request);
    if (!token.ok) return token.response;
    return limit(runtime, request) ?? handle(request, token.value, params);
  });
}

/** A route for a project key's tenant (401/403 as the contract says), rate-limited per key and client. */
function keyed(runtime: Runtime, handle: Handle<{ tenant: string; projectKey: string }>) {
  return reporterRoute(runtime, async (request, params) => {
    const auth = projectKeyAuth(runtime.seed, request);
    if (!auth.ok) return auth.response;
    return limit(runtime, request, auth.value.projectKey) ?? handle(request, auth.value, params);
  });
}

/** The reporter routes: intake, status, messages, withdrawal, release notes, incidents, evidence. */
export function reporterHandlers(runtime: Runtime) {
  const { base, intake } = runtime;
  return [
    http.options(`${base}/v1/*`, ({ request }) => {
      const isStaff = new URL(request.url).pathname.startsWith('/v1/triage/');
      return preflight(request.headers.get('origin'), isStaff ? runtime.staffOriginAllowed : anyOrigin);
    }),

    http.post(
      `${base}/v1/reports`,
      keyed(runtime, async (request, auth) => {
        const key = validate(IdempotencyKey, request.headers.get('idempotency-key') ?? undefined);
        if (!key.ok) {
          return invalid('Send an Idempotency-Key header: a UUID chosen once per report.', [{ path: 'Idempotency-Key', message: key.issues[0]?.message ?? 'Must be a UUID' }]);
        }
        const body = await readSubmission(request, sha256Hex);
        if (!body.ok) return body.response;
        const draft = validate(ReportDraft, body.value.report);
        if (!draft.ok) return invalid('The report does not match the contract.', draft.issues);
        const bodyHash = sha256Hex(canonicalJson([body.value.report, body.value.attachmentDigests]));
        const result = intake.submitReport({ ...auth, idempotencyKey: key.value, bodyHash, draft: draft.value, attachments: body.value.attachments }, linksOf(request));
        if (!result.ok) return fromFailure(result);
        const { receipt, replayed } = result.value;
        return HttpResponse.json(receipt, { status: replayed ? 200 : 201, headers: { Location: receipt.statusUrl, 'Cache-Control': 'no-store' } });
      }),
    ),

    http.get(
      `${base}/v1/reports/:id`,
      tracked(runtime, async (request, token, params) => {
        const result = intake.readAsReporter(idOf(params), token, linksOf(request));
        return result.ok ? HttpResponse.json(result.value, { headers: { 'Cache-Control': 'no-store' } }) : fromFailure(result);
      }),
    ),

    http.post(
      `${base}/v1/reports/:id/messages`,
      tracked(runtime, async (request, token, params) => {
        const body = await readJson(request, MessageBody);
        if (!body.ok) return body.response;
        const result = intake.addReporterMessage(idOf(params), token, body.value.message, linksOf(request));
        return result.ok ? HttpResponse.json(result.value) : fromFailure(result);
      }),
    ),

    http.post(
      `${base}/v1/reports/:id/withdraw`,
      tracked(runtime, async (request, token, params) => {
        const result = intake.withdrawReport(idOf(params), token, linksOf(request));
        return result.ok ? HttpResponse.json(result.value) : fromFailure(result);
      }),
    ),

    http.get(
      `${base}/v1/release-notes`,
      reporterRoute(runtime, async (request) => {
        const query = validate(PageQuery, Object.fromEntries(new URL(request.url).searchParams));
        if (!query.ok) return invalid('The query does not match the contract.', query.issues);
        return HttpResponse.json(intake.releaseNotes(query.value.cursor, query.value.limit));
      }),
    ),

    http.get(
      `${base}/v1/incidents/:id`,
      keyed(runtime, async (_request, auth, params) => {
        const result = intake.readIncidentAsTenant(idOf(params), auth.tenant);
        return result.ok ? HttpResponse.json(result.value) : fromFailure(result);
      }),
    ),

    http.post(
      `${base}/v1/evidence-requests`,
      keyed(runtime, async (request, auth) => {
        const body = await readJson(request, EvidenceRequestBody);
        if (!body.ok) return body.response;
        return HttpResponse.json(intake.requestEvidence(auth.tenant, body.value.reason), { status: 201 });
      }),
    ),

    http.get(
      `${base}/v1/evidence-requests/:id`,
      keyed(runtime, async (_request, auth, params) => {
        const result = intake.readEvidenceAsTenant(idOf(params), auth.tenant);
        return result.ok ? HttpResponse.json(result.value) : fromFailure(result);
      }),
    ),
  ];
}
