import { IdempotencyKey, MessageBody, ReportChannel, ReportDraft, validate } from '@vuln-report/contract';
import type { RoutesFor } from '@vuln-report/contract/routes';
import { sha256Hex } from '../core/sha256.ts';
import { canonicalize } from '../core/merkle.ts';
import { readMessage, readSubmission } from './body.ts';
import { reportEventStream } from './events.ts';
import { fromFailure, invalid } from './problem.ts';
import type { RouteHandlers } from './router.ts';
import type { Credentials, Runtime } from './runtime.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** The reporter routes: intake, status, messages, withdrawal, release notes, incidents, evidence. */
export function reporterHandlers(runtime: Runtime): RouteHandlers<RoutesFor<'reporter'>, Credentials> {
  const { intake } = runtime;
  return {
    async submitReport({ request, auth }) {
      const key = validate(IdempotencyKey, request.headers.get('idempotency-key') ?? undefined);
      if (!key.ok) {
        return invalid('Send an Idempotency-Key header: a UUID chosen once per report.', [{ path: 'Idempotency-Key', message: key.issues[0]?.message ?? 'Must be a UUID' }]);
      }
      const body = await readSubmission(request, sha256Hex);
      if (!body.ok) return body.response;
      const draft = validate(ReportDraft, body.value.report);
      if (!draft.ok) return invalid('The report does not match the contract.', draft.issues);
      const bodyHash = sha256Hex(canonicalize([body.value.report, body.value.attachmentDigests]));
      const declared = validate(ReportChannel, request.headers.get('x-report-channel') ?? 'sdk');
      if (!declared.ok || declared.value === 'support-center' || declared.value === 'email') {
        return invalid('X-Report-Channel must be widget or sdk.', [{ path: 'X-Report-Channel', message: 'Must be one of widget, sdk' }]);
      }
      const channel = 'customer' in auth.from ? 'support-center' : declared.value;
      const submission = { ...auth, channel, idempotencyKey: key.value, bodyHash, draft: draft.value, attachments: body.value.attachments } as const;
      const result = await intake.submitReport(submission, runtime.links(request));
      if (!result.ok) return fromFailure(result);
      const { receipt, replayed } = result.value;
      const headers = { Location: receipt.statusUrl, ...NO_STORE };
      return replayed ? { status: 200, body: receipt, headers } : { status: 201, body: receipt, headers };
    },

    async readReport({ request, params, auth }) {
      const result = await intake.readAsReporter(params.id, auth, runtime.links(request));
      return result.ok ? { status: 200, body: result.value, headers: NO_STORE } : fromFailure(result);
    },

    async watchReport({ request, params, auth }) {
      const links = runtime.links(request);
      const read = () => intake.readAsReporter(params.id, auth, links);
      const first = await read();
      if (!first.ok) return fromFailure(first);
      const stream = reportEventStream(first.value, {
        read,
        subscribe: (listener) => runtime.feed.subscribe(params.id, listener),
        lastEventId: request.headers.get('last-event-id'),
        pingIntervalMs: runtime.pingIntervalMs,
        // A customer token's stream ends when the token does; a tracking token does not expire.
        endsInMs: auth.kind === 'customer' && auth.customer.expiresAt !== undefined ? auth.customer.expiresAt * 1000 - runtime.clock.now().getTime() : undefined,
      });
      // No buffering on the way (X-Accel-Buffering is nginx's switch for it), no caching.
      return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'X-Accel-Buffering': 'no', ...NO_STORE } });
    },

    async addReportMessage({ request, params, auth }) {
      const body = await readMessage(request, sha256Hex);
      if (!body.ok) return body.response;
      const message = validate(MessageBody, body.value.body);
      if (!message.ok) return invalid('The message does not match the contract.', message.issues);
      const result = await intake.addReporterMessage(params.id, auth, message.value.message, runtime.links(request), body.value.attachments);
      return result.ok ? { status: 200, body: result.value } : fromFailure(result);
    },

    async withdrawReport({ request, params, auth }) {
      const result = await intake.withdrawReport(params.id, auth, runtime.links(request));
      return result.ok ? { status: 200, body: result.value } : fromFailure(result);
    },

    async listReleaseNotes({ query }) {
      return { status: 200, body: await intake.releaseNotes(query.mode ?? 'live', query.cursor, query.limit) };
    },

    readPolicy: () => ({ status: 200, body: intake.readPolicy() }),

    async listCustomerReports({ request, query, auth }) {
      return { status: 200, body: await intake.listReportsForCustomer(auth, query, runtime.links(request)), headers: NO_STORE };
    },

    async listCustomerIncidents({ query, auth }) {
      return { status: 200, body: await intake.listIncidentsForCustomer(auth, query), headers: NO_STORE };
    },

    async readIncident({ params, auth }) {
      const result = await intake.readIncidentAsCustomer(params.id, auth);
      return result.ok ? { status: 200, body: result.value, headers: NO_STORE } : fromFailure(result);
    },

    async requestEvidence({ auth, body }) {
      return { status: 201, body: await intake.requestEvidence(auth, body) };
    },

    async listCustomerEvidenceRequests({ query, auth }) {
      return { status: 200, body: await intake.listEvidenceForCustomer(auth, query), headers: NO_STORE };
    },

    async readCustomerActivityLog({ query, auth }) {
      return { status: 200, body: await intake.activityForCustomer(auth, query), headers: NO_STORE };
    },

    readTreeHead: async () => ({ status: 200, body: await intake.ledger.head(), headers: NO_STORE }),

    listTreeHeadKeys: async () => ({ status: 200, body: { items: await intake.ledger.publishedKeys() } }),

    async readConsistencyProof({ query }) {
      const proof = await intake.ledger.consistency(query.from, query.to);
      if (!proof) return invalid('from and to must satisfy from ≤ to ≤ the log’s size.', [{ path: 'to', message: 'Must be at least from and at most the log’s size' }]);
      return { status: 200, body: proof };
    },

    async readEvidenceRequest({ params, auth }) {
      const result = await intake.readEvidenceAsCustomer(params.id, auth);
      return result.ok ? { status: 200, body: result.value, headers: NO_STORE } : fromFailure(result);
    },
  };
}
