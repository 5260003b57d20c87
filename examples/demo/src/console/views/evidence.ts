import { LIMITS, type EvidenceRequest } from '@vuln-report/contract';
import { html, nothing } from 'lit';
import { joined } from '../format.ts';
import type { ConsoleStore } from '../store.ts';
import { onSubmit, panelView, problemView, section, time } from './common.ts';

/** What a request asks about: a time window, reports, incidents (at least one of them). */
function scopeView(scope: EvidenceRequest['scope']) {
  const window = scope.from || scope.to ? html`${scope.from ? html`from ${time(scope.from)}` : 'from the start'} ${scope.to ? html`to ${time(scope.to)}` : 'to now'}` : undefined;
  return html`<ul class="scope">
    ${window ? html`<li>Activity ${window}</li>` : nothing}
    ${scope.reports ? html`<li>Reports: <code>${joined(scope.reports)}</code></li>` : nothing}
    ${scope.incidents ? html`<li>Incidents: <code>${joined(scope.incidents)}</code></li>` : nothing}
  </ul>`;
}

/** Declining an open request: a reason, told to the requester and the tenant's contacts. */
function declineForm(store: ConsoleStore, request: EvidenceRequest) {
  const id = (name: string) => `evidence-${request.id}-${name}`;
  return html`<form class="action" aria-labelledby=${id('decline-title')} @submit=${onSubmit((form) => store.declineEvidence(request.id, form))}>
    <h4 id=${id('decline-title')}>Decline</h4>
    <label class="field">Reason for declining <textarea name="reason" rows="2" aria-describedby=${id('decline-hint')}></textarea></label>
    <small id=${id('decline-hint')} class="hint">At least ${LIMITS.evidenceReasonMin} characters; emailed to the requester and ${request.tenant}'s support contacts.</small>
    <button type="submit">Decline request</button>
    ${problemView(store.state.errors[`evidence-decline:${request.id}`])}
  </form>`;
}

function requestView(store: ConsoleStore, request: EvidenceRequest) {
  const titleId = `evidence-${request.id}-title`;
  return html`<li class=${`evidence-${request.state}`} aria-labelledby=${titleId}>
    <h3 id=${titleId}>Request from ${request.tenant} <span class="badge">${request.state}</span></h3>
    <dl class="facts">
      <dt>Id</dt><dd><code>${request.id}</code></dd>
      <dt>Reason</dt><dd><div class="prose">${request.reason}</div></dd>
      <dt>Scope</dt><dd>${scopeView(request.scope)}</dd>
      <dt>Requested</dt><dd>${time(request.requestedAt)}</dd>
      ${request.fulfilledAt ? html`<dt>Fulfilled</dt><dd>${time(request.fulfilledAt)}, with ${request.entries?.length ?? 0} activity-log entries</dd>` : nothing}
      ${request.state === 'declined'
        ? html`<dt>Declined</dt><dd>${time(request.declinedAt)}</dd>
            <dt>Why declined</dt><dd><div class="prose">${request.declineReason ?? '—'}</div></dd>`
        : nothing}
    </dl>
    ${request.state === 'open'
      ? html`<div class="row">
            <button type="button" @click=${() => store.fulfilEvidence(request.id)}>Fulfil</button>
          </div>
          ${problemView(store.state.errors[`evidence:${request.id}`])}
          <div class="forms">${declineForm(store, request)}</div>`
      : nothing}
  </li>`;
}

/** Customers' reasoned requests for evidence: fulfilled with the activity-log entries in their scope, or declined with a reason. */
export function evidenceView(store: ConsoleStore) {
  return section(
    'evidence-requests',
    'Evidence requests',
    panelView(store.state.evidence, 'evidence requests', (requests) => requests.length === 0, 'No evidence requests.', (requests) =>
      html`<ul class="evidence">
        ${requests.map((request) => requestView(store, request))}
      </ul>`,
    ),
  );
}
