import type { Receipt } from '@vuln-report/contract';

/** The intake stored the report (now, or later for a report that was queued). */
export class VulnReportSubmittedEvent extends CustomEvent<{ receipt: Receipt }> {
  constructor(receipt: Receipt) {
    super('vuln-report-submitted', { bubbles: true, composed: true, detail: { receipt } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vuln-report-submitted': VulnReportSubmittedEvent;
  }
}
