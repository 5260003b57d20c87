import { html, nothing } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { panelView, problemView, section, time } from './common.ts';

/** Customers' reasoned requests for evidence, answered with the activity-log entries that concern them. */
export function evidenceView(store: ConsoleStore) {
  const { evidence, errors } = store.state;
  return section(
    'evidence-requests',
    'Evidence requests',
    panelView(evidence, 'evidence requests', (requests) => requests.length === 0, 'No evidence requests.', (requests) =>
      html`<ul class="evidence">
        ${requests.map(
          (request) => html`<li>
            <dl class="facts">
              <dt>Tenant</dt><dd>${request.tenant}</dd>
              <dt>Reason</dt><dd><div class="prose">${request.reason}</div></dd>
              <dt>State</dt><dd>${request.state}</dd>
              <dt>Requested</dt><dd>${time(request.requestedAt)}</dd>
              ${request.fulfilledAt
                ? html`<dt>Fulfilled</dt><dd>${time(request.fulfilledAt)}, with ${request.entries?.length ?? 0} activity-log entries</dd>`
                : nothing}
            </dl>
            ${request.state === 'open' ? html`<button type="button" @click=${() => store.fulfilEvidence(request.id)}>Fulfil</button>` : nothing}
            ${problemView(errors[`evidence:${request.id}`])}
          </li>`,
        )}
      </ul>`,
    ),
  );
}
