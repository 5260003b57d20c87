import type { ReportFieldsInput } from '@vuln-report/contract';

/** What the host sees, and may change, before a report is sent. */
export interface SubmitDetail {
  /** The report as the reporter wrote it. */
  readonly fields: ReportFieldsInput;
  /** Context for this report only: add flat values to it (`event.detail.extra.plan = 'pro'`). */
  readonly extra: Record<string, string | number | boolean | null>;
}

/** A report is about to be sent. Cancelable: `preventDefault()` stops it and keeps the form as it is. */
export class VulnReportSubmitEvent extends CustomEvent<SubmitDetail> {
  constructor(detail: SubmitDetail) {
    super('vuln-report-submit', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vuln-report-submit': VulnReportSubmitEvent;
  }
}
