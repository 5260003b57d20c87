import { html } from 'lit';
import type { Translation } from '../i18n/translation.ts';

/** What the discard question's buttons do. */
export interface DiscardActions {
  /** Back to the form, text kept. */
  keepEditing(): void;
  /** Drop the text and close. */
  discard(): void;
}

/** The question asked before unsent text is lost; its safe answer is marked `data-keep`, for the dialog to focus. */
export function renderDiscardQuestion(t: Translation, actions: DiscardActions) {
  return html`<div class="confirm section" role="alertdialog" aria-labelledby="discard-title" aria-describedby="discard-text">
    <h3 id="discard-title">${t.discardTitle}</h3>
    <p id="discard-text">${t.discardText}</p>
    <div part="actions">
      <button type="button" part="primary" data-keep @click=${actions.keepEditing}>${t.keepEditing}</button>
      <button type="button" part="secondary" @click=${actions.discard}>${t.discard}</button>
    </div>
  </div>`;
}
