/** What the reporter used to ask for the close: the header's close button, the form's Cancel, or Escape. */
export type CloseSource = 'close-button' | 'cancel-button' | 'keyboard';

/**
 * The reporter asked to close the dialog with text not yet sent. Cancelable:
 * `preventDefault()` keeps the dialog open on the form, and the discard question is not asked.
 */
export class VulnReportRequestCloseEvent extends CustomEvent<{ source: CloseSource }> {
  constructor(source: CloseSource) {
    super('vuln-report-request-close', { bubbles: true, composed: true, cancelable: true, detail: { source } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vuln-report-request-close': VulnReportRequestCloseEvent;
  }
}
