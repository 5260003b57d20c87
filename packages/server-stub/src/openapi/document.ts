import * as z from 'zod/mini';
import * as contract from '@vuln-report/contract';
import { ATTACHMENT_TYPES, CONTRACT_VERSION, LIMITS } from '@vuln-report/contract';
import { ClockUpdate, ClockView, FaultConfig } from '../http/controls-schemas.ts';

type JsonObject = Record<string, unknown>;

/** Request bodies, converted as input (what a client may send). */
const REQUEST_SCHEMAS = {
  ReportDraft: contract.ReportDraft,
  MessageBody: contract.MessageBody,
  AssessBody: contract.AssessBody,
  CloseBody: contract.CloseBody,
  ResolveBody: contract.ResolveBody,
  DataLossBody: contract.DataLossBody,
  IncidentDraft: contract.IncidentDraft,
  IncidentNotifyBody: contract.IncidentNotifyBody,
  IncidentTransitionBody: contract.IncidentTransitionBody,
  EvidenceRequestBody: contract.EvidenceRequestBody,
  ClockUpdate,
  FaultConfig,
};

/** Response bodies, converted as output (what a server answers). */
const RESPONSE_SCHEMAS = {
  Receipt: contract.Receipt,
  TimelineEntry: contract.TimelineEntry,
  Attachment: contract.Attachment,
  ReportView: contract.ReportView,
  Assessment: contract.Assessment,
  StaffReportView: contract.StaffReportView,
  StaffReportList: contract.StaffReportList,
  Release: contract.Release,
  ReleaseNotes: contract.ReleaseNotes,
  Incident: contract.Incident,
  IncidentList: contract.IncidentList,
  OutboxEmail: contract.OutboxEmail,
  Outbox: contract.Outbox,
  ActivityLogEntry: contract.ActivityLogEntry,
  ActivityLog: contract.ActivityLog,
  EvidenceRequest: contract.EvidenceRequest,
  EvidenceRequestList: contract.listOf(contract.EvidenceRequest),
  SlaView: contract.SlaView,
  ClockView,
  Problem: contract.Problem,
};

type SchemaName = keyof typeof REQUEST_SCHEMAS | keyof typeof RESPONSE_SCHEMAS;

function componentSchemas(schemas: Record<string, z.ZodMiniType>, io: 'input' | 'output'): JsonObject {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: converted } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Each component is a fragment of one document, not a document of its own.
  return Object.fromEntries(
    Object.entries(converted).map(([id, { $id: _id, $schema: _schema, ...rest }]) => [id, rest]),
  );
}

function parameterSchema(schema: z.ZodMiniType): JsonObject {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonObject;
  return rest;
}

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: SchemaName) => ({ 'application/json': { schema: ref(name) } });

const PROBLEM_STATUSES: Record<number, string> = {
  400: 'The body or a parameter is invalid; `errors` names each field.',
  401: 'No credential, or an unknown one.',
  403: 'The credential is known but not allowed here (for a project key: an origin it does not list).',
  404: 'No such resource for this credential. Another tenant’s report is a 404 too: no enumeration.',
  409: 'The transition is not allowed from the current state.',
  413: 'The body or an attachment is over the published limits.',
  415: 'The body is neither JSON nor, where allowed, multipart/form-data.',
  422: 'The Idempotency-Key was already used with a different body.',
  429: 'Too many requests for this project key or client; wait `Retry-After` seconds.',
};

function problems(...statuses: number[]): JsonObject {
  return Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]));
}

function ok(status: number, description: string, name: SchemaName, headers?: JsonObject): JsonObject {
  return { [String(status)]: { description, content: json(name), ...(headers ? { headers } : {}) } };
}

const idParam = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: parameterSchema(contract.Id) });
const pageParams = [
  { name: 'cursor', in: 'query', required: false, description: 'The `nextCursor` of the previous page.', schema: { type: 'string' } },
  { name: 'limit', in: 'query', required: false, description: `Page size, 1 to ${LIMITS.pageSizeMax}; 20 when absent.`, schema: { type: 'integer', minimum: 1, maximum: LIMITS.pageSizeMax } },
];
const channelParam = {
  name: 'X-Staff-Channel',
  in: 'header',
  required: false,
  description: 'Where the staff action comes from, recorded in the activity log: `web` for the triage console, `api` (the default) otherwise.',
  schema: parameterSchema(contract.Channel),
};

const REPORTER = [{ projectKey: [] }];
const TRACKING = [{ trackingToken: [] }];
const STAFF = [{ staffToken: [] }];

interface Operation {
  summary: string;
  description?: string;
  tags: string[];
  security?: JsonObject[];
  parameters?: JsonObject[];
  body?: SchemaName;
  responses: JsonObject;
}

function operation(op: Operation, id: string): JsonObject {
  const isStaff = op.tags.includes('triage');
  return {
    operationId: id,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: op.tags,
    security: op.security ?? [],
    ...(op.parameters || isStaff ? { parameters: [...(op.parameters ?? []), ...(isStaff ? [channelParam] : [])] } : {}),
    ...(op.body ? { requestBody: { required: true, content: json(op.body) } } : {}),
    responses: op.responses,
  };
}

const reportId = idParam('The report id from the receipt.');
const staffReport = (summary: string, body: SchemaName | undefined, description: string): Operation => ({
  summary,
  description,
  tags: ['triage'],
  security: STAFF,
  parameters: [reportId],
  ...(body ? { body } : {}),
  responses: { ...ok(200, 'The report after the change.', 'StaffReportView'), ...problems(400, 401, 404, 409) },
});

const PATHS: Record<string, Record<string, Operation>> = {
  '/v1/reports': {
    post: {
      summary: 'Submit a report',
      description:
        'JSON body, or `multipart/form-data` with a `report` part (JSON) and up to ' +
        `${LIMITS.attachmentsMax} \`attachments\` file parts (each at most ${LIMITS.attachmentBytesMax} bytes, ` +
        `${LIMITS.attachmentsTotalBytesMax} in all). The same Idempotency-Key with the same body answers the ` +
        'same receipt with 200 and stores nothing twice; with another body, 422. A browser request from an ' +
        'origin the project key does not list is refused with 403.',
      tags: ['reporter'],
      security: REPORTER,
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: 'A UUID chosen by the client, one per report, kept across retries and replays.',
          schema: parameterSchema(contract.IdempotencyKey),
        },
      ],
      body: 'ReportDraft',
      responses: {
        ...ok(201, 'Stored: the receipt.', 'Receipt', { Location: { description: 'The report’s status URL.', schema: { type: 'string' } } }),
        ...ok(200, 'A replay of an earlier request with the same Idempotency-Key and body: the same receipt.', 'Receipt'),
        ...problems(400, 401, 403, 413, 415, 422, 429),
      },
    },
  },
  '/v1/reports/{id}': {
    get: {
      summary: 'Read a report as its reporter',
      description: 'State, severity once triaged, the public timeline, fixed-in version and release-note link.',
      tags: ['reporter'],
      security: TRACKING,
      parameters: [reportId],
      responses: { ...ok(200, 'The reporter’s view.', 'ReportView'), ...problems(401, 404, 429) },
    },
  },
  '/v1/reports/{id}/messages': {
    post: {
      summary: 'Add information to a report',
      description: 'Answers a request for information: a report in `needs-info` goes back to `received`. Refused with 409 once resolved or closed.',
      tags: ['reporter'],
      security: TRACKING,
      parameters: [reportId],
      body: 'MessageBody',
      responses: { ...ok(200, 'The report after the message.', 'ReportView'), ...problems(400, 401, 404, 409, 429) },
    },
  },
  '/v1/reports/{id}/withdraw': {
    post: {
      summary: 'Withdraw a report not yet triaged',
      description: 'Closes the report with reason `withdrawn`. Refused with 409 once triaged.',
      tags: ['reporter'],
      security: TRACKING,
      parameters: [reportId],
      responses: { ...ok(200, 'The closed report.', 'ReportView'), ...problems(401, 404, 409, 429) },
    },
  },
  '/v1/release-notes': {
    get: {
      summary: 'Public release notes',
      description: 'Versions, dates and the vulnerabilities each fixed, with severity; newest first. No credential.',
      tags: ['reporter'],
      parameters: pageParams,
      responses: { ...ok(200, 'Release notes.', 'ReleaseNotes'), ...problems(400) },
    },
  },
  '/v1/incidents/{id}': {
    get: {
      summary: 'Track an incident that affects the caller’s tenant',
      tags: ['reporter'],
      security: REPORTER,
      parameters: [idParam('The incident id from the notice email.')],
      responses: { ...ok(200, 'The incident, without other tenants’ names.', 'Incident'), ...problems(401, 403, 404) },
    },
  },
  '/v1/evidence-requests': {
    post: {
      summary: 'Ask for digital evidence',
      description: 'A reasoned request: `reason` is required. Staff fulfil it with the activity-log entries that concern the tenant, sent by email.',
      tags: ['reporter'],
      security: REPORTER,
      body: 'EvidenceRequestBody',
      responses: { ...ok(201, 'The open request.', 'EvidenceRequest'), ...problems(400, 401, 403, 429) },
    },
  },
  '/v1/evidence-requests/{id}': {
    get: {
      summary: 'Read an evidence request of the caller’s tenant',
      tags: ['reporter'],
      security: REPORTER,
      parameters: [idParam('The evidence request id.')],
      responses: { ...ok(200, 'The request, with the entries once fulfilled.', 'EvidenceRequest'), ...problems(401, 403, 404) },
    },
  },
  '/v1/triage/reports': {
    get: {
      summary: 'List reports',
      description: 'Newest first, filtered by state, severity and tenant.',
      tags: ['triage'],
      security: STAFF,
      parameters: [
        ...(['state', 'severity', 'tenant'] as const).map((name) => ({
          name,
          in: 'query',
          required: false,
          schema: parameterSchema(contract.ReportListQuery.def.shape[name]),
        })),
        ...pageParams,
      ],
      responses: { ...ok(200, 'A page of reports.', 'StaffReportList'), ...problems(400, 401) },
    },
  },
  '/v1/triage/reports/{id}': {
    get: {
      summary: 'Read a report as staff',
      description: 'Everything submitted, the tenant, the assessment and the whole timeline with actors.',
      tags: ['triage'],
      security: STAFF,
      parameters: [reportId],
      responses: { ...ok(200, 'The staff view.', 'StaffReportView'), ...problems(401, 404) },
    },
  },
  '/v1/triage/reports/{id}/assess': {
    post: staffReport('Record the assessment', 'AssessBody', 'The severity follows from the contract’s rule; a CVSS vector is scored but never overrides it. State `triaged`; the remediation deadline starts.'),
  },
  '/v1/triage/reports/{id}/request-info': {
    post: staffReport('Ask the reporter for more', 'MessageBody', 'State `needs-info`; the reporter is emailed when they gave an address. Closed as `stale` after 30 days without an answer.'),
  },
  '/v1/triage/reports/{id}/close': {
    post: staffReport('Close a report', 'CloseBody', 'With a reason; `duplicate` needs `duplicateOf`, an existing other report.'),
  },
  '/v1/triage/reports/{id}/reopen': {
    post: staffReport('Reopen a closed report', undefined, 'A closed report goes back to `received`.'),
  },
  '/v1/triage/reports/{id}/resolve': {
    post: staffReport('Resolve a triaged report', 'ResolveBody', 'State `resolved`; publishes the release-note entry and emails every authorized support contact of the tenants concerned (all tenants for `blocker` and `major`, the reporting tenant for `critical`) and the reporter.'),
  },
  '/v1/triage/reports/{id}/data-loss': {
    post: staffReport('Declare possible data loss', 'DataLossBody', 'Sets `dataLossSuspected`; every authorized support contact of each affected tenant is emailed at the same instant.'),
  },
  '/v1/triage/incidents': {
    get: {
      summary: 'List incidents',
      tags: ['triage'],
      security: STAFF,
      parameters: pageParams,
      responses: { ...ok(200, 'A page of incidents, newest first.', 'IncidentList'), ...problems(400, 401) },
    },
    post: {
      summary: 'Open an incident',
      description: 'State `detected`; the customer notice is due 24 hours after `detectedAt`.',
      tags: ['triage'],
      security: STAFF,
      body: 'IncidentDraft',
      responses: { ...ok(201, 'The incident.', 'Incident'), ...problems(400, 401) },
    },
  },
  '/v1/triage/incidents/{id}': {
    get: {
      summary: 'Read an incident as staff',
      tags: ['triage'],
      security: STAFF,
      parameters: [idParam('The incident id.')],
      responses: { ...ok(200, 'The incident.', 'Incident'), ...problems(401, 404) },
    },
  },
  '/v1/triage/incidents/{id}/notify': {
    post: {
      summary: 'Notify the affected customers',
      description: 'Emails every authorized support contact of each affected tenant with the recommended measures and how to track the incident; state `notified`.',
      tags: ['triage'],
      security: STAFF,
      parameters: [idParam('The incident id.')],
      body: 'IncidentNotifyBody',
      responses: { ...ok(200, 'The incident after the notice.', 'Incident'), ...problems(400, 401, 404, 409) },
    },
  },
  '/v1/triage/incidents/{id}/transition': {
    post: {
      summary: 'Move an incident to its next state',
      description: 'detected → notified → contained → analysed → closed; `notified` only through notify.',
      tags: ['triage'],
      security: STAFF,
      parameters: [idParam('The incident id.')],
      body: 'IncidentTransitionBody',
      responses: { ...ok(200, 'The incident after the change.', 'Incident'), ...problems(400, 401, 404, 409) },
    },
  },
  '/v1/triage/sla': {
    get: {
      summary: 'Deadlines due and overdue',
      description: 'Acknowledgement, 24-hour incident notice, remediation by severity and the 30-day stale close, as of the clock’s now.',
      tags: ['triage'],
      security: STAFF,
      responses: { ...ok(200, 'Open deadlines, soonest first.', 'SlaView'), ...problems(401) },
    },
  },
  '/v1/triage/outbox': {
    get: {
      summary: 'Every email sent',
      tags: ['triage'],
      security: STAFF,
      parameters: pageParams,
      responses: { ...ok(200, 'Emails, oldest first.', 'Outbox'), ...problems(400, 401) },
    },
  },
  '/v1/triage/activity-log': {
    get: {
      summary: 'The activity log',
      description: 'Every staff action, append-only and hash-chained.',
      tags: ['triage'],
      security: STAFF,
      parameters: pageParams,
      responses: { ...ok(200, 'Entries, oldest first.', 'ActivityLog'), ...problems(400, 401) },
    },
  },
  '/v1/triage/evidence-requests': {
    get: {
      summary: 'List evidence requests',
      tags: ['triage'],
      security: STAFF,
      parameters: pageParams,
      responses: { ...ok(200, 'Requests, newest first.', 'EvidenceRequestList'), ...problems(400, 401) },
    },
  },
  '/v1/triage/evidence-requests/{id}/fulfil': {
    post: {
      summary: 'Fulfil an evidence request',
      description: 'Attaches the activity-log entries that concern the tenant and emails them to its authorized support contacts.',
      tags: ['triage'],
      security: STAFF,
      parameters: [idParam('The evidence request id.')],
      responses: { ...ok(200, 'The fulfilled request.', 'EvidenceRequest'), ...problems(401, 404, 409) },
    },
  },
  '/__stub/clock': {
    get: {
      summary: 'Read the stub’s clock (stub only)',
      tags: ['stub'],
      responses: ok(200, 'The stub’s now.', 'ClockView'),
    },
    post: {
      summary: 'Move the stub’s clock (stub only)',
      tags: ['stub'],
      body: 'ClockUpdate',
      responses: { ...ok(200, 'The new now.', 'ClockView'), ...problems(400) },
    },
  },
  '/__stub/faults': {
    post: {
      summary: 'Inject faults on reporter routes (stub only)',
      tags: ['stub'],
      body: 'FaultConfig',
      responses: { '204': { description: 'Faults set; `{ "rate": 0 }` ends them.' }, ...problems(400) },
    },
  },
  '/__stub/reset': {
    post: {
      summary: 'Start over from the seed (stub only)',
      tags: ['stub'],
      responses: { '204': { description: 'Reset.' } },
    },
  },
};

function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/(v1\/)?/, '')
    .replace(/\{id\}/g, 'by-id')
    .split(/[/_-]+/)
    .filter(Boolean);
  return [method, ...words].map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('');
}

/**
 * Builds the OpenAPI 3.1 document of the intake contract from the zod schemas. The
 * committed `openapi.json` is this function's output; `GET /openapi.json` serves it.
 */
export function buildOpenApiDocument(): JsonObject {
  const requestComponents = componentSchemas(REQUEST_SCHEMAS, 'input');
  const responseComponents = componentSchemas(RESPONSE_SCHEMAS, 'output');
  const paths = Object.fromEntries(
    Object.entries(PATHS).map(([path, methods]) => [
      path,
      Object.fromEntries(Object.entries(methods).map(([method, op]) => [method, operation(op, operationId(method, path))])),
    ]),
  );
  const reportPost = (paths['/v1/reports'] as JsonObject).post as { requestBody: { content: JsonObject } };
  reportPost.requestBody.content['multipart/form-data'] = {
    schema: {
      type: 'object',
      required: ['report'],
      properties: {
        report: ref('ReportDraft'),
        attachments: {
          type: 'array',
          maxItems: LIMITS.attachmentsMax,
          items: { type: 'string', contentMediaType: 'application/octet-stream' },
        },
      },
    },
    encoding: {
      report: { contentType: 'application/json' },
      attachments: { contentType: ATTACHMENT_TYPES.join(', ') },
    },
  };
  paths['/openapi.json'] = {
    get: {
      operationId: 'getOpenapi',
      summary: 'This document',
      tags: ['meta'],
      security: [],
      responses: { '200': { description: 'The OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'vuln-report intake API',
      version: CONTRACT_VERSION,
      summary: 'Report intake, triage and notification for cloud vendors.',
      description: [
        'The contract between the embedded reporter (widget and SDK), a vendor’s intake API, and the people it notifies.',
        'Generated from the zod schemas of `@vuln-report/contract`; do not edit by hand.',
        '',
        'Errors are RFC 9457 `application/problem+json`. Times are ISO 8601 in UTC. Lists are `{ items, nextCursor? }`.',
        'Reporter routes answer CORS preflight for any origin; a browser request whose `Origin` the project key does not list gets 403.',
        '',
        `Limits: title ${LIMITS.titleMax} characters; description and steps ${LIMITS.longTextMax}; messages ${LIMITS.messageMax};`,
        `JSON body ${LIMITS.jsonBodyBytesMax} bytes; ${LIMITS.attachmentsMax} attachments of at most ${LIMITS.attachmentBytesMax} bytes each and ${LIMITS.attachmentsTotalBytesMax} in all;`,
        `pages of at most ${LIMITS.pageSizeMax} items. \`/__stub/\` routes exist only in the stub.`,
      ].join('\n'),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:4010', description: 'The local stub (`npx vuln-report-stub`).' }],
    tags: [
      { name: 'reporter', description: 'Used by the widget and the SDK: project key or tracking token.' },
      { name: 'triage', description: 'Vendor staff; every call is recorded in the activity log.' },
      { name: 'stub', description: 'Test controls of the stub; not part of a vendor’s API.' },
      { name: 'meta', description: 'About the API itself.' },
    ],
    paths,
    components: {
      schemas: { ...requestComponents, ...responseComponents },
      responses: Object.fromEntries(
        Object.entries(PROBLEM_STATUSES).map(([status, description]) => [
          `Problem${status}`,
          {
            description,
            ...(status === '429'
              ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer', minimum: 0 } } } }
              : {}),
            content: { 'application/problem+json': { schema: ref('Problem') } },
          },
        ]),
      ),
      securitySchemes: {
        projectKey: { type: 'apiKey', in: 'header', name: 'X-Project-Key', description: 'A publishable project key (`pk_...`): public, limited to the origins it lists.' },
        trackingToken: { type: 'http', scheme: 'bearer', description: 'The `trackingToken` of a receipt: reads that report only.' },
        staffToken: { type: 'http', scheme: 'bearer', description: 'A vendor staff token.' },
      },
    },
  };
}

/** The document as committed: two-space JSON with a final newline. */
export function serializeOpenApiDocument(document: JsonObject = buildOpenApiDocument()): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
