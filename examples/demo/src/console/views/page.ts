import { html, nothing } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { activityLogView } from './activity-log.ts';
import { clockView } from './clock.ts';
import { deadlinesView } from './deadlines.ts';
import { detailView } from './detail.ts';
import { evidenceView } from './evidence.ts';
import { incidentsView } from './incidents.ts';
import { outboxView } from './outbox.ts';
import { policyView } from './policy.ts';
import { releaseNotesView } from './release-notes.ts';
import { reportsView } from './reports.ts';

/** The whole console: the header, the in-page nav and every section in order. */
/** `open` opens a report's detail (and moves focus to it). */
export function pageView(store: ConsoleStore, open: (id: string, title: string) => void) {
  const { token, notice, selected } = store.state;
  const links: Array<[string, string]> = [
    ['clock', 'Clock'],
    ['reports', 'Reports'],
    ['deadlines', 'Deadlines'],
    ...(selected ? [['detail', 'Report detail'] as [string, string]] : []),
    ['incidents', 'Incidents'],
    ['outbox', 'Outbox'],
    ['release-notes', 'Release notes'],
    ['activity-log', 'Activity log'],
    ['evidence-requests', 'Evidence requests'],
    ['policy', 'Policy'],
  ];
  return html`<header class="top">
      <div class="title">
        <h1>Triage console</h1>
        <a href="./index.html">Back to the demo host app</a>
      </div>
      <div class="connection">
        <label for="staff-token">Staff token</label>
        <input id="staff-token" autocomplete="off" spellcheck="false" .value=${token} @change=${(event: Event) => store.setToken((event.currentTarget as HTMLInputElement).value.trim())} />
        <button type="button" @click=${() => store.refresh()}>Refresh</button>
      </div>
      <p class="notice" aria-live="polite">${notice || nothing}</p>
      <nav aria-label="Sections">
        <ul>
          ${links.map(([id, label]) => html`<li><a href="#${id}">${label}</a></li>`)}
        </ul>
      </nav>
    </header>
    <main>
      ${clockView(store)} ${reportsView(store, open)} ${deadlinesView(store)} ${detailView(store)} ${incidentsView(store)} ${outboxView(store)}
      ${releaseNotesView(store)} ${activityLogView(store)} ${evidenceView(store)} ${policyView(store)}
    </main>`;
}
