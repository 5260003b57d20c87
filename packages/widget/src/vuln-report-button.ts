import { html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { buttonStyles } from './vuln-report-button.styles.ts';

/**
 * A "report a problem" button that a host drops into any page.
 *
 * @event vuln-report-open - The reporter asked to report a problem.
 * @csspart button - The button.
 * @cssproperty --vuln-report-accent - Background of the button.
 * @cssproperty --vuln-report-accent-text - Text colour of the button.
 * @cssproperty --vuln-report-focus - Colour of the focus ring.
 * @cssproperty --vuln-report-radius - Corner radius.
 * @cssproperty --vuln-report-spacing - Base spacing unit.
 * @cssproperty --vuln-report-font - Font family.
 */
export class VulnReportButton extends LitElement {
  static override styles = buttonStyles;

  /** The button's text. */
  @property() label = 'Report a problem';

  /** The publishable project key (`pk_...`) of the host's installation. */
  @property({ attribute: 'project-key' }) projectKey = '';

  /** Base URL of the vendor's intake API. */
  @property() endpoint = '';

  override render() {
    return html`<button part="button" type="button" @click=${this.#open}>${this.label}</button>`;
  }

  #open() {
    this.dispatchEvent(new CustomEvent('vuln-report-open', { bubbles: true, composed: true }));
  }
}
