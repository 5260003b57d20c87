import { html, nothing } from 'lit';
import type { Translation } from '../i18n/translation.ts';

/**
 * What the reporter sees when a report has no receipt to follow: saved on this device for
 * later (offline, or the intake out of reach, told apart), or a plain thank-you. A
 * report the intake received shows as the report view instead. The heading is marked
 * `data-heading` for the dialog to focus, so a screen reader says which.
 */
export function renderOutcome(outcome: 'queued' | 'thanks', offline: boolean, t: Translation, done: () => void) {
  return html`<div part="receipt" class="section">
    <h3 tabindex="-1" data-heading>${outcome === 'queued' ? t.queuedTitle : t.thanksTitle}</h3>
    ${outcome === 'queued' ? html`<p>${offline ? t.errorOffline : t.errorUnreachable} ${t.queuedText}</p>` : nothing}
    <div part="actions"><button type="button" part="primary" @click=${done}>${t.done}</button></div>
  </div>`;
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
