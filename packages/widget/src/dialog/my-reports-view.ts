import { html } from 'lit';
import type { Translation } from '../i18n/translation.ts';
import type { MyReport } from './my-reports.ts';

/** What the buttons under "my reports" do. */
export interface MyReportsActions {
  /** Opens a report: its status, history and reply box. */
  openReport(report: MyReport): void;
  /** Back to the form, as the reporter left it. */
  keepEditing(): void;
  /** Close the dialog. */
  done(): void;
}

/** "My reports": each report this browser sent, with its reference, last known state and date; each opens. */
export function renderMyReports(reports: readonly MyReport[], t: Translation, formatDate: (iso: string) => string, actions: MyReportsActions) {
  return html`<div class="section">
    ${reports.length
      ? html`<ul class="reports">
          ${reports.map(
            (report) => html`<li>
              <button type="button" class="report-title" part="secondary" @click=${() => actions.openReport(report)}>${report.title}</button>
              <code>${report.id}</code>
              <span data-state=${report.state}>${t.states[report.state]}</span>
              <time datetime=${report.receivedAt}>${formatDate(report.receivedAt)}</time>
            </li>`,
          )}
        </ul>`
      : html`<p>${t.myReportsEmpty}</p>`}
    <div part="actions">
      <button type="button" part="primary" @click=${actions.keepEditing}>${t.newReport}</button>
      <button type="button" part="secondary" @click=${actions.done}>${t.done}</button>
    </div>
  </div>`;
}
