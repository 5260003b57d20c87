import { VulnReportButton } from './vuln-report-button.ts';

// Guarded: two copies of this module on one page must not throw. The tag is written out
// so the custom-elements manifest can read it.
if (!customElements.get('vuln-report-button')) customElements.define('vuln-report-button', VulnReportButton);

declare global {
  interface HTMLElementTagNameMap {
    'vuln-report-button': VulnReportButton;
  }
}

export { VulnReportButton };
