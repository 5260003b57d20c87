import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { createRef, ref } from 'lit/directives/ref.js';
import type { Receipt, ReportView } from '@vuln-report/contract';
import type { Translation } from '../i18n/translation.ts';

/** What became of the report: `receipt` (the intake has it), `queued` (saved offline) or `thanks` (taken, nothing to follow). */
export type Outcome = 'receipt' | 'queued' | 'thanks';

/** What the receipt asks of the dialog it sits in. */
export interface ReceiptActions {
  /** The reporter is done: close the dialog. */
  done(): void;
  /** The reporter asked for "my reports". */
  showMyReports(): void;
}

/**
 * What the reporter sees once the form is done with a report: the receipt with its
 * reference and live status, or a note that the report is saved for later, or a plain
 * thank-you. Focus moves to the heading whenever the outcome changes, so a screen reader
 * says it. Rendered in the dialog's shadow root, like the form.
 */
export class VulnReportReceipt extends LitElement {
  static override properties = {
    t: { attribute: false },
    outcome: { attribute: false },
    receipt: { attribute: false },
    status: { attribute: false },
    delivered: { attribute: false },
    copied: { state: true },
  };

  /** The strings to show. */
  t!: Translation;
  /** What the buttons do. */
  actions!: ReceiptActions;
  /** Formats a date as the page's language does. */
  formatDate!: (iso: string) => string;
  /** What became of the report. */
  outcome: Outcome = 'thanks';
  /** The intake's receipt, for the `receipt` outcome. */
  receipt: Receipt | undefined;
  /** The report's latest status, once the intake has been asked. */
  status: ReportView | undefined;
  /** Whether the report was saved offline first and has now been delivered. */
  delivered = false;

  private copied = false;
  readonly #heading = createRef<HTMLElement>();
  readonly #reference = createRef<HTMLElement>();

  protected override createRenderRoot() {
    return this;
  }

  protected override updated(changed: PropertyValues<this>) {
    if (changed.has('outcome')) this.#heading.value?.focus();
  }

  async #copyReference() {
    try {
      await navigator.clipboard.writeText(this.receipt!.id);
      this.copied = true;
    } catch {
      // No clipboard (an insecure page, a denied permission): select the reference for the reporter to copy.
      const selection = getSelection();
      if (selection && this.#reference.value) selection.selectAllChildren(this.#reference.value);
    }
  }

  override render() {
    const t = this.t;
    const done = html`<button type="button" part="primary" @click=${() => this.actions.done()}>${t.done}</button>`;
    if (this.outcome !== 'receipt') {
      return html`<section part="receipt">
        <h3 tabindex="-1" data-heading ${ref(this.#heading)}>${this.outcome === 'queued' ? t.queuedTitle : t.thanksTitle}</h3>
        ${this.outcome === 'queued' ? html`<p>${t.queuedText}</p>` : nothing}
        <div part="actions">${done}</div>
      </section>`;
    }
    const receipt = this.receipt!;
    const state = this.status?.state ?? receipt.state;
    return html`<section part="receipt">
      <h3 tabindex="-1" data-heading ${ref(this.#heading)}>${t.receiptTitle}</h3>
      ${this.delivered ? html`<p>${t.deliveredText}</p>` : nothing}
      <p>${t.receiptText}</p>
      <dl class="receipt">
        <dt>${t.reference}</dt>
        <dd><code part="reference" ${ref(this.#reference)}>${receipt.id}</code></dd>
        <dt>${t.statusLabel}</dt>
        <dd data-state=${state}>${t.states[state]}</dd>
      </dl>
      <p>${t.acknowledgeBy(this.formatDate(receipt.acknowledgeBy))}</p>
      ${this.status?.fixedIn ? html`<p>${t.fixedIn(this.status.fixedIn)}</p>` : nothing}
      <div part="actions">
        ${done}
        <button type="button" part="secondary" @click=${this.#copyReference}>${this.copied ? t.copied : t.copy}</button>
        <button type="button" part="secondary" @click=${() => this.actions.showMyReports()}>${t.myReports}</button>
      </div>
    </section>`;
  }
}

if (!customElements.get('vuln-report-receipt')) customElements.define('vuln-report-receipt', VulnReportReceipt);

declare global {
  interface HTMLElementTagNameMap {
    'vuln-report-receipt': VulnReportReceipt;
  }
}
