/** The intake could not be reached; the report is saved in the browser and will be sent later. */
export class VulnReportQueuedEvent extends CustomEvent<{ localId: string }> {
  constructor(localId: string) {
    super('vuln-report-queued', { bubbles: true, composed: true, detail: { localId } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vuln-report-queued': VulnReportQueuedEvent;
  }
}
