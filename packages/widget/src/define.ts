import { VulnReportButton } from './vuln-report-button.ts';

/** The tag `<vuln-report-button>` is registered under. */
export const TAG_NAME = 'vuln-report-button';

// Guarded: two copies of this module on one page must not throw.
if (!customElements.get(TAG_NAME)) customElements.define(TAG_NAME, VulnReportButton);

declare global {
  interface HTMLElementTagNameMap {
    'vuln-report-button': VulnReportButton;
  }
}

export { VulnReportButton };
