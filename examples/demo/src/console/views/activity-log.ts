import { html, nothing } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { panelView, section, time } from './common.ts';

/** The latest signed tree head, and whether the log up to it rebuilds its root under the vendor's key. */
function headView(head: NonNullable<ConsoleStore['state']['head']>) {
  const { value, check } = head;
  return html`<p class=${check.ok ? 'chain ok' : 'chain broken'}>
    ${check.ok ? 'Signed tree head verified' : `Signed tree head not verified (${check.check}): ${check.reason}`}: ${value.size} entries, root
    <code title=${value.rootHash}>${value.rootHash.slice(0, 16)}…</code>, signed ${time(value.timestamp)} by key <code>${value.keyId}</code>.
  </p>`;
}

/** Whether an entry is proven: in the verified signed head, or newer than it (the next head covers it). */
function proofOf(seq: number, head: ConsoleStore['state']['head']) {
  if (!head) return '—';
  if (seq > head.value.size) return 'after the head';
  return head.check.ok ? 'in the signed head' : 'not verified';
}

/** The activity log, newest first, whether its hash chain holds, and whether it is in the signed head (checked here, in the browser). */
export function activityLogView(store: ConsoleStore) {
  const { activity, chain, head } = store.state;
  return section(
    'activity-log',
    'Activity log',
    html`${chain
        ? html`<p class=${chain.ok ? 'chain ok' : 'chain broken'}>${chain.ok ? `Chain verified: ${chain.entries} entries` : `Chain broken at entry ${chain.seq}: ${chain.reason}`}</p>`
        : nothing}
      ${head ? headView(head) : nothing}
      ${panelView(activity, 'the activity log', (entries) => entries.length === 0, 'No staff action yet.', (entries) =>
        html`<table class="log">
          <caption class="muted">Every staff call (refused and denied ones too) and every reporter and customer write, newest first. Tenants are blinded.</caption>
          <thead>
            <tr>
              <th scope="col">Seq</th><th scope="col">At</th><th scope="col">Actor</th><th scope="col">Channel</th><th scope="col">Action</th><th scope="col">Outcome</th><th scope="col">Target</th><th scope="col">Tenants</th><th scope="col">Proof</th>
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
                <td>${entry.outcome}${entry.problemType ? html` <code>${entry.problemType.replace(/^urn:vuln-report:problem:/, '')}</code>` : nothing}</td>
                <td><code>${entry.target}</code></td>
                <td>${entry.tenants.length > 0 ? entry.tenants.map((tenant) => html`<code title=${tenant}>${tenant.slice(0, 8)}</code> `) : '—'}</td>
                <td>${proofOf(entry.seq, head)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`,
      )}`,
  );
}
