/**
 * The vuln-report intake contract as zod/mini schemas: every body on the wire, the
 * enums, the limits, the severity rule and the CVSS and CWE validators. Types are
 * inferred from the schemas; the OpenAPI document is generated from them.
 *
 * @packageDocumentation
 */
export * from './admin.ts';
export * from './context.ts';
export * from './credentials.ts';
export * from './cvss.ts';
export * from './cwe.ts';
export * from './enums.ts';
export * from './incident.ts';
export * from './limits.ts';
export * from './policy.ts';
export * from './primitives.ts';
export * from './problem.ts';
export * from './query.ts';
export * from './read-problem.ts';
export * from './records.ts';
export * from './release-notes.ts';
export * from './report.ts';
export * from './severity.ts';
export * from './strings.ts';
export * from './submission.ts';
export * from './triage.ts';
export * from './validate.ts';
export * from './version.ts';
