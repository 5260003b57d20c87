import { IncidentState, type Incident } from '@vuln-report/contract';
import { html, nothing } from 'lit';
import { joined, noticeCountdown } from '../format.ts';
import type { ConsoleStore } from '../store.ts';
import { onSubmit, panelView, problemView, section, time } from './common.ts';
import { tenantBoxes } from './tenants.ts';

/** States an incident may move to by hand: forward only, and `notified` only through notify. */
const nextStates = (incident: Incident) => IncidentState.options.slice(IncidentState.options.indexOf(incident.state) + 1).filter((state) => state !== 'notified');

function newIncidentForm(store: ConsoleStore) {
  const { errors, detectedAt, now } = store.state;
  return html`<form class="action" aria-labelledby="new-incident-title" @submit=${onSubmit((form) => store.openIncident(form))}>
    <h3 id="new-incident-title">New incident</h3>
    <p class="hint">Each affected tenant's support contacts must be told within 24 hours of detection.</p>
    <label class="field">Incident title <input name="title" autocomplete="off" /></label>
    ${tenantBoxes(store.tenants())}
    <label class="field"
      >Detected at
      <input
        name="detectedAt"
        autocomplete="off"
        spellcheck="false"
        aria-describedby="detected-hint"
        .value=${detectedAt ?? now ?? ''}
        @input=${(event: Event) => store.editDetectedAt((event.currentTarget as HTMLInputElement).value)}
    /></label>
    <small id="detected-hint" class="hint">ISO 8601 in UTC; the stub's clock until you change it.</small>
    <label class="field">Recommended measures <textarea name="recommendedMeasures" rows="3"></textarea></label>
    <button type="submit">Open incident</button>
    ${problemView(errors.incident)}
  </form>`;
}

function incidentView(store: ConsoleStore, incident: Incident) {
  const key = `incident:${incident.id}` as const;
  const titleId = `incident-${incident.id}-title`;
  const selectId = `incident-${incident.id}-next`;
  const overdue = !incident.notifiedAt && store.state.now !== undefined && incident.noticeDueBy < store.state.now;
  const next = nextStates(incident);
  return html`<li class="incident" aria-labelledby=${titleId}>
    <h3 id=${titleId}>${incident.title}</h3>
    <p>State: <strong>${incident.state}</strong></p>
    <p class=${overdue ? 'countdown overdue' : 'countdown'}>${noticeCountdown(incident, store.state.now)}</p>
    <dl class="facts">
      <dt>Id</dt><dd><code>${incident.id}</code></dd>
      <dt>Detected</dt><dd>${time(incident.detectedAt)}</dd>
      <dt>Notice due by</dt><dd>${time(incident.noticeDueBy)}</dd>
      <dt>Affected tenants</dt><dd>${joined(incident.affectedTenants)}</dd>
      <dt>Recommended measures</dt><dd><div class="prose">${incident.recommendedMeasures}</div></dd>
      ${incident.linkedReports && incident.linkedReports.length > 0 ? html`<dt>Linked reports</dt><dd>${joined(incident.linkedReports)}</dd>` : nothing}
    </dl>
    <ol class="timeline">
      ${incident.timeline.map((event) => html`<li>${time(event.at)} · <strong>${event.state}</strong>${event.actor ? ` by ${event.actor}` : ''}${event.note ? `: ${event.note}` : ''}</li>`)}
    </ol>
    <div class="row">
      ${incident.notifiedAt ? nothing : html`<button type="button" @click=${() => store.notifyIncident(incident.id)}>Notify customers</button>`}
      ${next.length > 0
        ? html`<form class="inline" @submit=${onSubmit((form) => store.moveIncident(incident.id, form))}>
            <label for=${selectId}>Next state</label>
            <select id=${selectId} name="state">
              ${next.map((state) => html`<option value=${state}>${state}</option>`)}
            </select>
            <button type="submit">Move</button>
          </form>`
        : nothing}
    </div>
    ${problemView(store.state.errors[key])}
  </li>`;
}

/** Incidents: open one, then notify and move each, with its 24-hour notice countdown on the stub's clock. */
export function incidentsView(store: ConsoleStore) {
  const { incidents } = store.state;
  return section(
    'incidents',
    'Incidents',
    html`${newIncidentForm(store)}
      ${panelView(incidents, 'incidents', (list) => list.length === 0, 'No incidents.', (list) =>
        html`<ul class="incidents">
          ${list.map((incident) => incidentView(store, incident))}
        </ul>`,
      )}`,
  );
}
