/**
 * `@vuln-report/server-stub`: the vendor's intake API as a local stub.
 *
 * @packageDocumentation
 */
export { buildOpenApiDocument, serializeOpenApiDocument } from './openapi/document.ts';
