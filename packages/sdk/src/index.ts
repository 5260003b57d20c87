/**
 * `@vuln-report/sdk`: the reporter's client for the vuln-report intake contract.
 * The contract itself (schemas, types, severity rule) is at `@vuln-report/sdk/contract`.
 *
 * @packageDocumentation
 */
export type { Receipt, ReportDraft, ReportDraftInput, ReportView, Problem } from './contract/index.ts';
