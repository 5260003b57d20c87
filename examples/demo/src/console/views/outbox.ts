import type { OutboxEmail } from '@vuln-report/contract';
import { html, nothing } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { panelView, section, time } from './common.ts';

/** An email's delivery state in words: its status, its attempts, and when a queued one is tried next. */
function deliveryLine(email: OutboxEmail) {
  const attempts = `${email.attempts} attempt${email.attempts === 1 ? '' : 's'}`;
  if (email.status === 'sent') return html`<strong class="status">Sent</strong> ${time(email.sentAt)} · ${attempts}`;
  if (email.status === 'failed') return html`<strong class="status">Delivery failed</strong> · ${attempts}, no more retries`;
  return html`<strong class="status">Queued</strong> · ${attempts}${email.nextAttemptAt ? html`, next at ${time(email.nextAttemptAt)}` : nothing}`;
}

/** Every email of the intake, newest first, with its delivery state; its text as plain text. */
export function outboxView(store: ConsoleStore) {
  return section(
    'outbox',
    'Outbox',
    panelView(store.state.outbox, 'the outbox', (emails) => emails.length === 0, 'No emails yet.', (emails) => {
      const failed = emails.filter((email) => email.status === 'failed').length;
      return html`<p class="muted">
          ${emails.length} email${emails.length === 1 ? '' : 's'}, newest first.
          ${failed > 0 ? html`<strong class="failed-count">${failed} failed to deliver.</strong>` : nothing}
          An email stays queued until a mail server accepts it; without one (the stub with no <code>--smtp</code>) it is never tried.
        </p>
        <ol class="outbox" reversed>
          ${[...emails].reverse().map(
            (email) => html`<li class=${`delivery-${email.status}`}>
              <p class="delivery">${deliveryLine(email)}</p>
              <dl class="facts">
                <dt>To</dt><dd>${email.to}${email.tenant ? ` (${email.tenant})` : ''}</dd>
                <dt>Subject</dt><dd>${email.subject}</dd>
                <dt>Kind</dt><dd>${email.kind}</dd>
                <dt>Related id</dt><dd><code>${email.relatedId}</code></dd>
                <dt>Created at</dt><dd>${time(email.createdAt)}</dd>
                ${email.lastError ? html`<dt>${email.status === 'sent' ? 'Earlier error' : 'Last error'}</dt><dd class="last-error">${email.lastError}</dd>` : nothing}
              </dl>
              <pre>${email.text}</pre>
            </li>`,
          )}
        </ol>`;
    }),
  );
}
