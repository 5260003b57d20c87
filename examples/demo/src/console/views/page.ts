import { html, nothing } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { activityLogView } from './activity-log.ts';
import { adminView } from './admin.ts';
import { clockView } from './clock.ts';
import { deadlinesView } from './deadlines.ts';
import { detailView } from './detail.ts';
import { evidenceView } from './evidence.ts';
import { incidentsView } from './incidents.ts';
import { outboxView } from './outbox.ts';
import { policyView } from './policy.ts';
import { releaseNotesView } from './release-notes.ts';
import { reportsView } from './reports.ts';

/** The stub's documented console account, filled in for the demo. */
export const DEMO_ACCOUNT = { email: 'triage@vendor.example', password: 'staff-demo-password' };

function signIn(store: ConsoleStore, event: SubmitEvent) {
  event.preventDefault();
  const form = new FormData(event.currentTarget as HTMLFormElement);
  void store.signIn(String(form.get('email')), String(form.get('password')));
}

/** The whole console: the header, the in-page nav and every section in order. */
/** `open` opens a report's detail (and moves focus to it). */
export function pageView(store: ConsoleStore, open: (id: string, title: string) => void) {
  const { token, notice, selected, staff, signInError } = store.state;
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
    ...(store.isAdmin ? [['tenants', 'Tenants and keys'] as [string, string]] : []),
  ];
  return html`<header class="top">
      <div class="title">
        <h1>Triage console</h1>
        <a href="./index.html">Back to the demo host app</a>
      </div>
      ${token
        ? html`<div class="connection">
            <p>Signed in as <strong>${staff?.name ?? '…'}</strong>${staff ? html` (${staff.roles.join(', ')})` : nothing}</p>
            <button type="button" @click=${() => store.refresh()}>Refresh</button>
            <button type="button" @click=${() => store.signOut()}>Sign out</button>
          </div>`
        : html`<form class="connection" aria-label="Sign in" @submit=${(event: SubmitEvent) => signIn(store, event)}>
            <label for="staff-email">Email</label>
            <input id="staff-email" name="email" type="email" autocomplete="username" required .value=${DEMO_ACCOUNT.email} />
            <label for="staff-password">Password</label>
            <input id="staff-password" name="password" type="password" autocomplete="current-password" required .value=${DEMO_ACCOUNT.password} />
            <button type="submit">Sign in</button>
            ${signInError ? html`<p class="error" role="alert">${signInError.detail}</p>` : nothing}
          </form>`}
      <p class="notice" aria-live="polite">${notice || nothing}</p>
      <nav aria-label="Sections">
        <ul>
          ${links.map(([id, label]) => html`<li><a href="#${id}">${label}</a></li>`)}
        </ul>
      </nav>
    </header>
    <main>
      ${clockView(store)} ${reportsView(store, open)} ${deadlinesView(store)} ${detailView(store)} ${incidentsView(store)} ${outboxView(store)}
      ${releaseNotesView(store)} ${activityLogView(store)} ${evidenceView(store)} ${policyView(store)} ${adminView(store)}
    </main>`;
}
