import * as z from 'zod/mini';
import * as contract from '@vuln-report/contract';
import { ATTACHMENT_TYPES, CONTRACT_VERSION, LIMITS } from '@vuln-report/contract';
import { ROUTES } from '@vuln-report/contract/routes';
import * as controls from '../http/controls-schemas.ts';
import { STUB_ROUTES } from '../http/controls.ts';
import type { MountableRoute } from '../http/router.ts';

type JsonObject = Record<string, unknown>;

/** What version 2 of the contract changed from version 1, for a vendor who implemented version 1. */
const CHANGES_IN_VERSION_2 = [
  'Changes in version 2:',
  '- `GET /v1/policy` publishes the severity rule, the notification table (one row per trigger, every severity written out) and every deadline.',
  '- An assessment says whether the report is a `vulnerability`; only a vulnerability has severity facts, a severity, a release-note entry and a resolution email to support contacts. Others are resolved to their reporter only, as fixed.',
  '- A resolved vulnerability is emailed to every authorized support contact of every tenant, whatever its severity (v1 told a critical to the reporting tenant only); resolve requires `details`, and `affectedVersions` for a vulnerability, both in the email and the release notes.',
  '- New staff routes: `reassess` (with a `reason`; a deadline set by hand is kept), `deadline` (a case’s remediation deadline), `data-loss/updates` (follow-ups to the same tenants), incident `update` (later notices), evidence request `decline`.',
  '- Data loss carries `customerMeasures`; every incident notice after the first is emailed; `analysed` requires `analysis` and `improvements`.',
  '- Reports of kind `data-exposure`, or whose reporter saw sensitive data, are `urgent`: acknowledged within 4 hours, and staff are alerted as urgent. Staff alert addresses hear of every new report and every breached deadline (email kind `staff-alert`).',
  '- The SLA view keeps a breach: `overdue` while open, `met-late` with `metAt` and `lateBySeconds` once met; it is paginated.',
  '- An evidence request needs a `reason` of at least 30 characters and a `scope`; its answer holds the entries in scope, each naming the requesting tenant alone.',
  '- Outbox emails carry their delivery state: `status`, `attempts`, `lastError`, `nextAttemptAt`, `sentAt` once a mail server accepted them, `createdAt`.',
  '- Staff download a report’s attachments: `GET /v1/triage/reports/{id}/attachments/{attachmentId}` serves one as a download.',
  '- Credentials: a customer token (HS256 JWT signed with the tenant’s secret key) reads what belongs to the tenant: `GET /v1/reports` (the tenant view hides other users’ email and captured context), the report routes, `POST /v1/reports` (channel `support-center`), `GET /v1/incidents`, the evidence requests. A publishable key alone reads nothing of a tenant (v1 let it read incidents and evidence).',
  '- Staff tokens have a kind (`api`, or `web` from `POST /v1/staff/sessions`, ended by `DELETE /v1/staff/sessions/current`) and roles (`triager`, `responder`, `legal`, `admin`; `x-roles` on each route; 403 outside them). The activity log’s channel is the token’s kind: `X-Staff-Channel` is gone.',
  '- Test and live mode: reports, incidents, data-loss declarations, evidence requests, SLA items and emails carry `mode`, from the key or token that made them (`pk_test_…`, `sk_test_…`); staff and customer lists take `?mode=live|test|all` (default `live`); a test-mode email is recorded with its intended recipient and `deliveredTo` only the tenant’s test recipients; release notes list live vulnerabilities (`?mode=test` the others). Reports record their `channel` (`X-Report-Channel: widget|sdk`).',
  '- Admin (role `admin`): `/v1/admin/tenants` (list, create, read, `PATCH` update), `/v1/admin/tenants/{id}/contacts` (list, add, `PUT` to replace), `/v1/admin/tenants/{id}/keys` (list, make, `rotate`, `revoke`: a new secret is in its answer once; old and new keys overlap until the old is revoked), `/v1/admin/staff` (list, add, `PATCH` roles, password or `disabled`; `tokens` to make and `revoke` api tokens, shown once). Every change is in the activity log. A secret key is kept encrypted and shown by its last four characters; tokens and passwords only as hashes.',
  '- Live status: `GET /v1/reports/{id}/events` streams the reporter’s view as Server-Sent Events (`event: report`, `id: <updatedAt>`), on connect and on every change, `Last-Event-ID` resuming; the view gains `updatedAt`. A reporter’s message takes file parts (multipart, a `message` field), within the report’s attachment limits.',
].join('\n');

/** Sub-schemas worth a name of their own in the document, beside the bodies the routes name. */
const SHARED_COMPONENTS = [contract.TimelineEntry, contract.Attachment, contract.Assessment, contract.Release, contract.OutboxEmail, contract.ActivityLogEntry];

/** Every route the document describes: the contract's, then the stub's own. */
const TABLE: Record<string, MountableRoute> = { ...ROUTES, ...STUB_ROUTES };

/** A schema's component name is its export name, in the contract or in the stub's control schemas. */
const NAMES = new Map<unknown, string>(
  Object.entries({ ...contract, ...controls })
    .filter(([, value]) => value instanceof z.ZodMiniType)
    .map(([name, schema]) => [schema, name]),
);

function nameOf(schema: z.ZodMiniType): string {
  const name = NAMES.get(schema);
  if (!name) throw new Error('A route names a schema that is not exported by name.');
  return name;
}

function componentSchemas(schemas: Iterable<z.ZodMiniType>, io: 'input' | 'output'): JsonObject {
  const registry = z.registry<{ id: string }>();
  for (const schema of schemas) registry.add(schema, { id: nameOf(schema) });
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

function parameterSchema(schema: z.core.$ZodType): JsonObject {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonObject;
  return rest;
}

const ref = (schema: z.ZodMiniType) => ({ $ref: `#/components/schemas/${nameOf(schema)}` });

const PROBLEM_STATUSES: Record<number, string> = {
  400: 'The body or a parameter is invalid; `errors` names each field.',
  401: 'No credential, or an unknown, revoked or expired one; for a customer token also a wrong signature, another algorithm than HS256, or a lifetime over an hour.',
  403: 'The credential is known but not allowed here: for a project key, an origin it does not list; for a staff token, a route outside its roles.',
  404: 'No such resource for this credential. Another tenant’s report is a 404 too: no enumeration.',
  405: 'The path exists but not with this method; `Allow` lists the methods it takes.',
  409: 'The transition is not allowed from the current state.',
  413: 'The body or an attachment is over the published limits.',
  415: 'The body is neither JSON nor, where allowed, multipart/form-data.',
  422: 'The Idempotency-Key was already used with a different body.',
  429: 'Too many requests for this project key or client; wait `Retry-After` seconds.',
};

/** Descriptions of the query parameters the contract's list routes share. */
const QUERY_DESCRIPTIONS: Record<string, string> = {
  cursor: 'The `nextCursor` of the previous page.',
  limit: `Page size, 1 to ${LIMITS.pageSizeMax}; 20 when absent.`,
  state: 'Only reports in this state.',
  severity: 'Only reports of this severity.',
  tenant: 'Only reports of this tenant.',
  mode: 'Which records (v2): `live` (the default), `test` (made with test keys and tokens), or `all`.',
};

/** Each credential of the table as security requirements: `a|b` is either one. */
const SCHEMES: Record<string, string> = { 'project-key': 'projectKey', 'tracking-token': 'trackingToken', customer: 'customerToken', staff: 'staffToken' };
const securityOf = (credential: string): JsonObject[] =>
  credential === 'none' ? [] : credential.split('|').map((name) => ({ [SCHEMES[name] ?? name]: [] }));

function parameters(route: MountableRoute): JsonObject[] {
  const path = Object.entries(route.params ?? {}).map(([name, description]) => ({ name, in: 'path', required: true, description, schema: parameterSchema(contract.Id) }));
  const shape = route.query?.def.shape ?? {};
  const query = Object.entries(shape).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    ...(QUERY_DESCRIPTIONS[name] ? { description: QUERY_DESCRIPTIONS[name] } : {}),
    schema: parameterSchema(schema),
  }));
  const headers = (route.headers ?? []).map((header) => ({ name: header.name, in: 'header', required: header.required, description: header.description, schema: parameterSchema(header.schema) }));
  return [...path, ...headers, ...query];
}

function responses(route: MountableRoute): JsonObject {
  const success = Object.entries(route.responses).map(([status, answer]) => {
    const content = answer.body
      ? { 'application/json': { schema: ref(answer.body) } }
      : answer.mediaType
        ? { [answer.mediaType]: { schema: { type: 'string' } } }
        : status === '204'
          ? undefined
          : { 'application/json': { schema: { type: 'object' } } };
    const headers = answer.headers
      ? Object.fromEntries(Object.entries(answer.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]))
      : undefined;
    return [status, { description: answer.description, ...(content ? { content } : {}), ...(headers ? { headers } : {}) }];
  });
  const problems = route.problems.map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]);
  return Object.fromEntries([...success, ...problems]);
}

function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/(v1\/)?/, '')
    .replace(/\.json$/, '')
    .replace(/\{id\}/g, 'by-id')
    .split(/[/_-]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...(words.length > 0 ? words : ['home'])].map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('');
}

function operation(route: MountableRoute): JsonObject {
  const params = parameters(route);
  const body = route.body
    ? {
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: ref(route.body) },
            ...(route.multipart ? { 'multipart/form-data': route.multipartFields ? multipartFields(route.body) : multipartReport(route.body) } : {}),
          },
        },
      }
    : {};
  return {
    operationId: operationId(route.method, route.path),
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.audience],
    ...(route.roles ? { 'x-roles': [...route.roles] } : {}),
    security: securityOf(route.credential),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...body,
    responses: responses(route),
  };
}

function multipartReport(draft: z.ZodMiniType): JsonObject {
  return {
    schema: {
      type: 'object',
      required: ['report'],
      properties: {
        report: ref(draft),
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
}

/** A multipart form whose body members are text fields, beside `attachments` file parts. */
function multipartFields(body: z.ZodMiniType): JsonObject {
  return {
    schema: {
      allOf: [
        ref(body),
        {
          type: 'object',
          properties: {
            attachments: { type: 'array', maxItems: LIMITS.attachmentsMax, items: { type: 'string', contentMediaType: 'application/octet-stream' } },
          },
        },
      ],
    },
    encoding: { attachments: { contentType: ATTACHMENT_TYPES.join(', ') } },
  };
}

/** Every route of `table` as OpenAPI paths, in table order. */
function pathsOf(table: Record<string, MountableRoute>): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of Object.values(table)) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return paths;
}

/**
 * Builds the OpenAPI 3.1 document of the intake contract from the route tables and the
 * zod schemas. The committed `openapi.json` is this function's output; `GET /openapi.json`
 * serves it.
 */
export function buildOpenApiDocument(table: Record<string, MountableRoute> = TABLE): JsonObject {
  const routes = Object.values(table);
  const requestBodies = new Set(routes.flatMap((route) => (route.body ? [route.body] : [])));
  const responseBodies = new Set([...routes.flatMap((route) => Object.values(route.responses).flatMap((answer) => (answer.body ? [answer.body] : []))), ...SHARED_COMPONENTS, contract.Problem]);

  return {
    openapi: '3.1.0',
    info: {
      title: 'vuln-report intake API',
      version: String(CONTRACT_VERSION),
      summary: 'Report intake, triage and notification for cloud vendors.',
      description: [
        'The contract between the embedded reporter (widget and SDK), a vendor’s intake API, and the people it notifies.',
        'Generated from the route table and zod schemas of `@vuln-report/contract`; do not edit by hand.',
        '',
        'Errors are RFC 9457 `application/problem+json`. Times are ISO 8601 in UTC. Lists are `{ items, nextCursor? }`.',
        'Reporter routes answer CORS preflight for any origin; a browser request whose `Origin` the project key does not list gets 403.',
        'A path that exists called with another method answers 405 with `Allow`.',
        '',
        `Limits: title ${LIMITS.titleMax} characters; description and steps ${LIMITS.longTextMax}; messages ${LIMITS.messageMax};`,
        `JSON body ${LIMITS.jsonBodyBytesMax} bytes; ${LIMITS.attachmentsMax} attachments of at most ${LIMITS.attachmentBytesMax} bytes each and ${LIMITS.attachmentsTotalBytesMax} in all;`,
        `pages of at most ${LIMITS.pageSizeMax} items. \`/__stub/\` routes exist only in the stub.`,
        '',
        CHANGES_IN_VERSION_2,
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
    paths: pathsOf(table),
    components: {
      schemas: { ...componentSchemas(requestBodies, 'input'), ...componentSchemas(responseBodies, 'output') },
      responses: Object.fromEntries(
        Object.entries(PROBLEM_STATUSES).map(([status, description]) => [
          `Problem${status}`,
          {
            description,
            ...(status === '429'
              ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer', minimum: 0 } } } }
              : {}),
            ...(status === '405' ? { headers: { Allow: { description: 'The methods the path takes.', schema: { type: 'string' } } } } : {}),
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ),
      securitySchemes: {
        projectKey: { type: 'apiKey', in: 'header', name: 'X-Project-Key', description: 'A publishable project key (`pk_...`): public, limited to the origins it lists.' },
        trackingToken: { type: 'http', scheme: 'bearer', description: 'The `trackingToken` of a receipt: reads that report only.' },
        customerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A customer token (v2): a JWT signed HS256 (no other algorithm) by the host’s backend with the UTF-8 bytes of the tenant’s whole secret key (`sk_test_…` reads test data, `sk_live_…` live data); `kid` may name the key. Claims `tenant`, `sub`, `email`, `iat`, `exp`, with `exp − iat` at most 3600 s and 60 s of clock skew. `@vuln-report/sdk/node` exports `signCustomerToken`.',
        },
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A staff token (v2): kind `api` (made by an admin, for scripts) or `web` (a session from `POST /v1/staff/sessions`). The activity log’s channel is the token’s kind. A route lists the roles that may call it in `x-roles` (every role when absent); others get 403.',
        },
      },
    },
  };
}

/** The document as committed: two-space JSON with a final newline. */
export function serializeOpenApiDocument(document: JsonObject = buildOpenApiDocument()): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
