/**
 * `@vuln-report/widget`: the `<vuln-report-button>` element class, without registering it.
 * Import `@vuln-report/widget/define` to register the tag.
 *
 * @packageDocumentation
 */
export { VulnReportButton } from './vuln-report-button.ts';
