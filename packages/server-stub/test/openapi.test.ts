import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, serializeOpenApiDocument } from '../src/openapi/document.ts';
import { STUB_ROUTE_TABLE } from '../src/stub.ts';

const committedPath = new URL('../openapi.json', import.meta.url);

/** Every route the stub's table holds, as `METHOD path`. */
const TABLE_ROUTES = Object.values(STUB_ROUTE_TABLE).map((route) => `${route.method} ${route.path}`);

describe('the OpenAPI document', () => {
  it('is committed as generated (run `npm run openapi` after changing a schema)', () => {
    expect(readFileSync(committedPath, 'utf8')).toBe(serializeOpenApiDocument());
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const api = (await SwaggerParser.validate(structuredClone(buildOpenApiDocument()) as never)) as OpenAPIV3_1.Document;
    expect(api.openapi).toBe('3.1.0');
  });

  it('describes exactly the routes of the table: none missing, none undocumented', () => {
    const document = buildOpenApiDocument() as unknown as OpenAPIV3_1.Document;
    const routes = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual([...TABLE_ROUTES].sort());
    expect(TABLE_ROUTES).toEqual(expect.arrayContaining(['POST /v1/reports', 'GET /v1/triage/sla', 'POST /__stub/clock', 'GET /openapi.json']));
  });

  it('describes a route left out of the table nowhere', () => {
    const { resolveReport: _left, ...withoutOne } = STUB_ROUTE_TABLE;
    const document = buildOpenApiDocument(withoutOne) as unknown as OpenAPIV3_1.Document;
    expect(document.paths?.['/v1/triage/reports/{id}/resolve']).toBeUndefined();
    expect(document.paths?.['/v1/triage/reports/{id}/close']?.post).toBeDefined();
  });

  it('answers every error with RFC 9457 problem details', () => {
    const document = buildOpenApiDocument() as unknown as OpenAPIV3_1.Document;
    for (const [name, response] of Object.entries(document.components?.responses ?? {})) {
      expect(name).toMatch(/^Problem\d{3}$/);
      expect(Object.keys((response as OpenAPIV3_1.ResponseObject).content ?? {})).toEqual(['application/problem+json']);
    }
  });

  it('publishes the limits the schemas enforce', () => {
    const schemas = buildOpenApiDocument() as unknown as OpenAPIV3_1.Document;
    const draft = schemas.components?.schemas?.ReportDraft as OpenAPIV3_1.SchemaObject;
    const title = draft.properties?.title as OpenAPIV3_1.SchemaObject;
    expect(title.maxLength).toBe(200);
    expect(draft.required).toEqual(['kind', 'title', 'description']);
    expect(draft.additionalProperties).toBe(false);
  });

  it('requires the Idempotency-Key and the project key on intake', () => {
    const document = buildOpenApiDocument() as unknown as OpenAPIV3_1.Document;
    const intake = document.paths?.['/v1/reports']?.post as OpenAPIV3_1.OperationObject;
    expect(intake.security).toEqual([{ projectKey: [] }, { customerToken: [] }]);
    expect(intake.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }));
    expect(Object.keys((intake.requestBody as OpenAPIV3_1.RequestBodyObject).content)).toEqual(['application/json', 'multipart/form-data']);
  });
});
