/** The dialog closed; focus is back on the button. */
export class VulnReportCloseEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('vuln-report-close', { bubbles: true, composed: true, detail: {} });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vuln-report-close': VulnReportCloseEvent;
  }
}
