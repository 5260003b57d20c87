import { html, nothing } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { panelView, section, time } from './common.ts';

/** The activity log, newest first, and whether its hash chain holds (checked here, in the browser). */
export function activityLogView(store: ConsoleStore) {
  const { activity, chain } = store.state;
  return section(
    'activity-log',
    'Activity log',
    html`${chain
        ? html`<p class=${chain.ok ? 'chain ok' : 'chain broken'}>${chain.ok ? `Chain verified: ${chain.entries} entries` : `Chain broken at entry ${chain.seq}: ${chain.reason}`}</p>`
        : nothing}
      ${panelView(activity, 'the activity log', (entries) => entries.length === 0, 'No staff action yet.', (entries) =>
        html`<table class="log">
          <caption class="muted">Every staff action, reads included, newest first.</caption>
          <thead>
            <tr>
              <th scope="col">Seq</th><th scope="col">At</th><th scope="col">Actor</th><th scope="col">Channel</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Tenants</th>
            </tr>
          </thead>
          <tbody>
            ${[...entries].reverse().map(
              (entry) => html`<tr>
                <td>${entry.seq}</td>
                <td>${time(entry.at)}</td>
                <td>${entry.actor}</td>
                <td>${entry.channel}</td>
                <td>${entry.action}</td>
                <td><code>${entry.target}</code></td>
                <td>${entry.tenants.length > 0 ? entry.tenants.join(', ') : '—'}</td>
              </tr>`,
            )}
          </tbody>
        </table>`,
      )}`,
  );
}
