/** The dialog opened. */
export class VulnReportOpenEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('vuln-report-open', { bubbles: true, composed: true, detail: {} });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vuln-report-open': VulnReportOpenEvent;
  }
}
