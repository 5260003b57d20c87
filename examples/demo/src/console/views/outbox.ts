import { html } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { panelView, section, time } from './common.ts';

/** Every email the intake sent, newest first, its text as plain text. */
export function outboxView(store: ConsoleStore) {
  return section(
    'outbox',
    'Outbox',
    panelView(store.state.outbox, 'the outbox', (emails) => emails.length === 0, 'No emails sent yet.', (emails) =>
      html`<p class="muted">${emails.length} email${emails.length === 1 ? '' : 's'}, newest first.</p>
        <ol class="outbox" reversed>
          ${[...emails].reverse().map(
            (email) => html`<li>
              <dl class="facts">
                <dt>To</dt><dd>${email.to}${email.tenant ? ` (${email.tenant})` : ''}</dd>
                <dt>Subject</dt><dd>${email.subject}</dd>
                <dt>Kind</dt><dd>${email.kind}</dd>
                <dt>Related id</dt><dd><code>${email.relatedId}</code></dd>
                <dt>Sent at</dt><dd>${time(email.sentAt)}</dd>
              </dl>
              <pre>${email.text}</pre>
            </li>`,
          )}
        </ol>`,
    ),
  );
}
