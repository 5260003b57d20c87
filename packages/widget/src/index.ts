/**
 * `@vuln-report/widget`: the `<vuln-report-button>` element class and its event types,
 * without registering the tag. Import `@vuln-report/widget/define` to register it.
 *
 * @packageDocumentation
 */
export { VulnReportButton } from './vuln-report-button.ts';
export { VulnReportOpenEvent } from './events/open.ts';
export { VulnReportRequestCloseEvent, type CloseSource } from './events/request-close.ts';
export { VulnReportCloseEvent } from './events/close.ts';
export { VulnReportSubmitEvent, type SubmitDetail } from './events/submit.ts';
export { VulnReportSubmittedEvent } from './events/submitted.ts';
export { VulnReportQueuedEvent } from './events/queued.ts';
export { VulnReportErrorEvent } from './events/error.ts';
export type { Language, Strings, Translation } from './i18n/translation.ts';
