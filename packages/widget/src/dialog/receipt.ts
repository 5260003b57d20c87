import { html, nothing } from 'lit';
import type { Receipt, ReportView } from '@vuln-report/contract';
import type { Translation } from '../i18n/translation.ts';

/** What became of the report: `receipt` (the intake has it), `queued` (saved offline) or `thanks` (taken, nothing to follow). */
export type Outcome = 'receipt' | 'queued' | 'thanks';

/** What the receipt shows. */
export interface ReceiptState {
  outcome: Outcome;
  /** The intake's receipt, for the `receipt` outcome. */
  receipt: Receipt | undefined;
  /** The report's latest status, once the intake has been asked. */
  status: ReportView | undefined;
  /** Whether the report was saved offline first and has now been delivered. */
  delivered: boolean;
  /** Whether the reference is on the clipboard. */
  copied: boolean;
}

/** What the receipt's buttons do. */
export interface ReceiptActions {
  /** The reporter is done: close the dialog. */
  done(): void;
  /** Copy the reference. */
  copyReference(): void;
  /** The reporter asked for "my reports". */
  showMyReports(): void;
}

/**
 * What the reporter sees once the form is done with a report: the receipt with its
 * reference and live status, or a note that the report is saved for later, or a plain
 * thank-you. The heading is marked `data-heading` for the dialog to focus, so a screen
 * reader says which.
 */
export function renderReceipt(state: ReceiptState, t: Translation, formatDate: (iso: string) => string, actions: ReceiptActions) {
  const done = html`<button type="button" part="primary" @click=${actions.done}>${t.done}</button>`;
  if (state.outcome !== 'receipt') {
    return html`<section part="receipt">
      <h3 tabindex="-1" data-heading>${state.outcome === 'queued' ? t.queuedTitle : t.thanksTitle}</h3>
      ${state.outcome === 'queued' ? html`<p>${t.queuedText}</p>` : nothing}
      <div part="actions">${done}</div>
    </section>`;
  }
  const { receipt, status } = state as ReceiptState & { receipt: Receipt };
  const current = status?.state ?? receipt.state;
  return html`<section part="receipt">
    <h3 tabindex="-1" data-heading>${t.receiptTitle}</h3>
    ${state.delivered ? html`<p>${t.deliveredText}</p>` : nothing}
    <p>${t.receiptText}</p>
    <dl class="receipt">
      <dt>${t.reference}</dt>
      <dd><code part="reference">${receipt.id}</code></dd>
      <dt>${t.statusLabel}</dt>
      <dd data-state=${current}>${t.states[current]}</dd>
    </dl>
    <p>${t.acknowledgeBy(formatDate(receipt.acknowledgeBy))}</p>
    ${status?.fixedIn ? html`<p>${t.fixedIn(status.fixedIn)}</p>` : nothing}
    <div part="actions">
      ${done}
      <button type="button" part="secondary" @click=${actions.copyReference}>${state.copied ? t.copied : t.copy}</button>
      <button type="button" part="secondary" @click=${actions.showMyReports}>${t.myReports}</button>
    </div>
  </section>`;
}

/**
 * Puts `text` on the clipboard; where there is none (an insecure page, a denied
 * permission), selects `element` for the reporter to copy. Resolves to whether it copied.
 */
export async function copyOrSelect(text: string, element: Element | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const selection = getSelection();
    if (selection && element) selection.selectAllChildren(element);
    return false;
  }
}
