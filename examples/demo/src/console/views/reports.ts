import { ReportState, Severity } from '@vuln-report/contract';
import { html, nothing } from 'lit';
import type { ConsoleStore, Filters } from '../store.ts';
import { panelView, section, time } from './common.ts';

function filter(store: ConsoleStore, name: keyof Filters, label: string, options: readonly string[]) {
  const id = `filter-${name}`;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <select id=${id} @change=${(event: Event) => store.setFilter(name, (event.currentTarget as HTMLSelectElement).value)}>
      <option value="" ?selected=${store.state.filters[name] === ''}>Any</option>
      ${options.map((option) => html`<option value=${option} ?selected=${store.state.filters[name] === option}>${option}</option>`)}
    </select>
  </div>`;
}

/** The report list with its filters; a title opens the report through `open`. */
export function reportsView(store: ConsoleStore, open: (id: string, title: string) => void) {
  const { reports, filters, selected } = store.state;
  const filtered = Boolean(filters.state || filters.severity || filters.tenant);
  return section(
    'reports',
    'Reports',
    html`<div class="filters">
        ${filter(store, 'state', 'State', ReportState.options)} ${filter(store, 'severity', 'Severity', Severity.options)}
        ${filter(store, 'tenant', 'Tenant', store.tenants())}
      </div>
      ${panelView(reports, 'reports', (list) => list.length === 0, filtered ? 'No reports match these filters.' : 'No reports yet.', (list) =>
        html`<table>
          <thead>
            <tr><th scope="col">Title</th><th scope="col">Tenant</th><th scope="col">State</th><th scope="col">Severity</th><th scope="col">Received</th></tr>
          </thead>
          <tbody>
            ${list.map(
              (report) => html`<tr class=${report.id === selected?.id ? 'selected' : ''}>
                <td>
                  <button type="button" class="link" @click=${() => open(report.id, report.title)}>${report.title}</button>
                  ${report.urgent ? html`<strong class="badge urgent">Urgent</strong>` : nothing}
                </td>
                <td>${report.tenant}</td>
                <td>${report.state}</td>
                <td>${report.severity ?? '—'}</td>
                <td>${time(report.receivedAt)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`,
      )}`,
  );
}
