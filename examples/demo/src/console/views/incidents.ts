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

/** The move to the next state; `analysed` asks for the analysis and the improvements. */
function moveForm(store: ConsoleStore, incident: Incident, next: readonly IncidentState[]) {
  const chosen = store.state.nextStates[incident.id];
  const state = chosen && next.includes(chosen) ? chosen : next[0]!;
  const ids = (name: string) => `incident-${incident.id}-${name}`;
  return html`<form class="action" aria-labelledby=${ids('move-title')} @submit=${onSubmit((form) => store.moveIncident(incident.id, form))}>
    <h4 id=${ids('move-title')}>Move to the next state</h4>
    <p class="hint">${incident.notifiedAt ? 'The affected customers are emailed about the change.' : 'Not emailed: the customers have not been notified yet.'}</p>
    <div class="field">
      <label for=${ids('next')}>Next state</label>
      <select id=${ids('next')} name="state" @change=${(event: Event) => store.chooseNextState(incident.id, (event.currentTarget as HTMLSelectElement).value as IncidentState)}>
        ${next.map((option) => html`<option value=${option} ?selected=${option === state}>${option}</option>`)}
      </select>
    </div>
    ${state === 'analysed'
      ? html`<label class="field">Analysis: what happened and why <textarea name="analysis" rows="3" aria-describedby=${ids('analysis-hint')}></textarea></label>
          <label class="field">Improvements: what will change <textarea name="improvements" rows="3" aria-describedby=${ids('analysis-hint')}></textarea></label>
          <small id=${ids('analysis-hint')} class="hint">Both required to enter analysed, and sent to the customers.</small>`
      : nothing}
    <label class="field">Note <textarea name="note" rows="2" aria-describedby=${ids('note-hint')}></textarea></label>
    <small id=${ids('note-hint')} class="hint">Optional.</small>
    <button type="submit">Move</button>
    ${problemView(store.state.errors[`incident-move:${incident.id}`])}
  </form>`;
}

/** A later notice to the affected customers: news, and new measures when they changed. */
function updateForm(store: ConsoleStore, incident: Incident) {
  const ids = (name: string) => `incident-${incident.id}-${name}`;
  return html`<form class="action" aria-labelledby=${ids('update-title')} @submit=${onSubmit((form) => store.updateIncident(incident.id, form))}>
    <h4 id=${ids('update-title')}>Later notice</h4>
    <p class="hint">Emailed at once to every support contact of ${joined(incident.affectedTenants)}.</p>
    <label class="field">What changed <textarea name="note" rows="3"></textarea></label>
    <label class="field">New recommended measures <textarea name="recommendedMeasures" rows="2" aria-describedby=${ids('measures-hint')}></textarea></label>
    <small id=${ids('measures-hint')} class="hint">Optional: only when they changed; they replace the earlier ones.</small>
    <button type="submit">Send notice</button>
    ${problemView(store.state.errors[`incident-update:${incident.id}`])}
  </form>`;
}

/** A notice that changed no state: a later notice (news, new measures) sent after the first. */
const isLaterNotice = (incident: Incident, index: number) => {
  const event = incident.timeline[index]!;
  return index > 0 && event.notified === true && event.state === incident.timeline[index - 1]!.state;
};

function incidentView(store: ConsoleStore, incident: Incident) {
  const key = `incident:${incident.id}` as const;
  const titleId = `incident-${incident.id}-title`;
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
      ${incident.analysis !== undefined ? html`<dt>Analysis</dt><dd><div class="prose">${incident.analysis}</div></dd>` : nothing}
      ${incident.improvements !== undefined ? html`<dt>Improvements</dt><dd><div class="prose">${incident.improvements}</div></dd>` : nothing}
      ${incident.linkedReports && incident.linkedReports.length > 0 ? html`<dt>Linked reports</dt><dd>${joined(incident.linkedReports)}</dd>` : nothing}
    </dl>
    <ol class="timeline">
      ${incident.timeline.map(
        (event, index) =>
          html`<li>
            ${time(event.at)} ·
            ${isLaterNotice(incident, index) ? html`<strong>later notice</strong>, still ${event.state}` : html`<strong>${event.state}</strong>`}${event.actor ? ` by ${event.actor}` : ''}
            ${event.notified ? html`<span class="badge emailed">emailed to customers</span>` : nothing}${event.note ? html`<div class="prose">${event.note}</div>` : nothing}
          </li>`,
      )}
    </ol>
    ${incident.notifiedAt
      ? nothing
      : html`<div class="row">
          <button type="button" @click=${() => store.notifyIncident(incident.id)}>Notify customers</button>
        </div>`}
    ${problemView(store.state.errors[key])}
    <div class="forms">
      ${incident.notifiedAt && incident.state !== 'closed' ? updateForm(store, incident) : nothing} ${next.length > 0 ? moveForm(store, incident, next) : nothing}
    </div>
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
