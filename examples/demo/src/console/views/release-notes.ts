import { html } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { panelView, section, time } from './common.ts';

/** The public release notes: each version and the vulnerabilities it fixed. */
export function releaseNotesView(store: ConsoleStore) {
  return section(
    'release-notes',
    'Release notes',
    panelView(store.state.releases, 'the release notes', (releases) => releases.length === 0, 'No release has fixed a vulnerability yet.', (releases) =>
      html`<ul class="releases">
        ${releases.map(
          (release) => html`<li>
            <h3>${release.version}</h3>
            <p class="muted">Published ${time(release.date)}</p>
            <table>
              <thead>
                <tr><th scope="col">Report</th><th scope="col">Severity</th><th scope="col">Note</th><th scope="col">Credit</th></tr>
              </thead>
              <tbody>
                ${release.vulnerabilities.map(
                  (fixed) => html`<tr>
                    <td><code>${fixed.reportId}</code></td>
                    <td>${fixed.severity}</td>
                    <td><div class="prose">${fixed.note}</div>${fixed.cwe && fixed.cwe.length > 0 ? html`<div class="muted">${fixed.cwe.join(', ')}</div>` : ''}</td>
                    <td>${fixed.credit ? `${fixed.credit.name}${fixed.credit.url ? ` (${fixed.credit.url})` : ''}` : '—'}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </li>`,
        )}
      </ul>`,
    ),
  );
}
