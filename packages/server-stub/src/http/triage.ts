import type { RoutesFor } from '@vuln-report/contract/routes';
import type { Result } from '../core/result.ts';
import { bearerToken, rateLimited } from './auth.ts';
import { adminHandlers } from './admin.ts';
import { fromFailure, problem } from './problem.ts';
import type { RouteHandlers } from './router.ts';
import { CLIENT_HEADER, type Credentials, type Runtime } from './runtime.ts';

/** A domain result as a `200`, or its refusal. */
async function ok<T>(result: Result<T> | Promise<Result<T>>) {
  const settled = await result;
  return settled.ok ? { status: 200 as const, body: settled.value } : fromFailure(settled);
}

/** `attachment` with the name as sent (RFC 6266 `filename*`) and a plain ASCII fallback. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The staff routes: triage, incidents, deadlines, outbox, activity log, evidence. */
export function triageHandlers(runtime: Runtime): RouteHandlers<RoutesFor<'triage'>, Credentials> {
  const { intake } = runtime;
  return {
    ...adminHandlers(runtime),
    listReports: async ({ request, query, auth }) => ({ status: 200, body: await intake.listReports(query, auth, runtime.links(request)) }),
    readReportAsStaff: ({ request, params, auth }) => ok(intake.readAsStaff(params.id, auth, runtime.links(request))),
    downloadAttachment: async ({ params, auth }) => {
      const result = await intake.readAttachment(params.id, params.attachmentId, auth);
      if (!result.ok) return fromFailure(result);
      const { attachment, dataBase64 } = result.value;
      return new Response(Uint8Array.from(atob(dataBase64), (char) => char.charCodeAt(0)), {
        headers: {
          'Content-Type': attachment.type,
          'Content-Disposition': contentDisposition(attachment.name),
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "sandbox; default-src 'none'",
          'Cache-Control': 'no-store',
        },
      });
    },
    assessReport: ({ request, params, auth, body }) => ok(intake.assess(params.id, body, auth, runtime.links(request))),
    reassessReport: ({ request, params, auth, body }) => ok(intake.reassess(params.id, body, auth, runtime.links(request))),
    setReportDeadline: ({ request, params, auth, body }) => ok(intake.setDeadline(params.id, body, auth, runtime.links(request))),
    requestReportInfo: ({ request, params, auth, body }) => ok(intake.requestInfo(params.id, body.message, auth, runtime.links(request))),
    closeReport: ({ request, params, auth, body }) => ok(intake.close(params.id, body, auth, runtime.links(request))),
    reopenReport: ({ request, params, auth }) => ok(intake.reopen(params.id, auth, runtime.links(request))),
    resolveReport: ({ request, params, auth, body }) => ok(intake.resolve(params.id, body, auth, runtime.links(request))),
    declareDataLoss: ({ request, params, auth, body }) => ok(intake.declareDataLoss(params.id, body, auth, runtime.links(request))),
    updateDataLoss: ({ request, params, auth, body }) => ok(intake.updateDataLoss(params.id, body, auth, runtime.links(request))),

    listIncidents: async ({ query, auth }) => ({ status: 200, body: await intake.listIncidents(query, auth) }),
    createIncident: async ({ auth, body }) => {
      const result = await intake.createIncident(body, auth);
      return result.ok ? { status: 201, body: result.value } : fromFailure(result);
    },
    readIncidentAsStaff: ({ params, auth }) => ok(intake.readIncident(params.id, auth)),
    notifyIncident: ({ request, params, auth, body }) => ok(intake.notifyIncident(params.id, body, auth, runtime.links(request))),
    updateIncident: ({ request, params, auth, body }) => ok(intake.updateIncident(params.id, body, auth, runtime.links(request))),
    transitionIncident: ({ request, params, auth, body }) => ok(intake.transitionIncident(params.id, body, auth, runtime.links(request))),

    readSla: async ({ query, auth }) => ({ status: 200, body: await intake.sla(query, auth) }),
    listOutbox: async ({ query, auth }) => ({ status: 200, body: await intake.outbox(query, auth) }),
    listActivityLog: async ({ query, auth }) => ({ status: 200, body: await intake.activityLog(query, auth) }),
    listEvidenceRequests: async ({ query, auth }) => ({ status: 200, body: await intake.listEvidenceRequests(query, auth) }),
    fulfilEvidenceRequest: ({ params, auth }) => ok(intake.fulfilEvidence(params.id, auth)),
    declineEvidenceRequest: ({ params, auth, body }) => ok(intake.declineEvidence(params.id, body.reason, auth)),

    createStaffSession: async ({ request, body }) => {
      // Wrong passwords count against the client like wrong tokens. The token is taken before the password is checked,
      // so sign-ins sent all at once cannot each pass a check made before any of them failed; a right password gives it back.
      const client = request.headers.get(CLIENT_HEADER) ?? undefined;
      const failures = client ? runtime.limiters.staffFailures : undefined;
      const taken = await failures?.take(client!);
      if (taken && !taken.ok) {
        return rateLimited(taken.retryAfterSeconds, 'failed sign-ins');
      }
      const signedIn = await runtime.staff.signIn(body.email, body.password);
      if (!signedIn) return problem(401, 'Wrong email or password.');
      await failures?.giveBack(client!);
      await intake.logCall(signedIn.staff, 'staff.session.create', 'staff-session');
      return { status: 201, body: signedIn.session, headers: { 'Cache-Control': 'no-store' } };
    },
    readStaffSession: async ({ auth }) => {
      await intake.logCall(auth, 'staff.session.read', 'staff-session');
      return { status: 200, body: runtime.staff.identity(auth) };
    },
    endStaffSession: async ({ request, auth }) => {
      if (auth.kind !== 'web') return problem(409, 'An api token is not a session: it ends when an admin revokes it.');
      await runtime.staff.signOut(bearerToken(request)!);
      await intake.logCall(auth, 'staff.session.end', 'staff-session');
      return { status: 204, body: null };
    },
  };
}
