import { html } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { panelView, section, time } from './common.ts';

/** What is due and overdue (`GET /v1/triage/sla`), soonest first. */
export function deadlinesView(store: ConsoleStore) {
  const { sla, reports, incidents } = store.state;
  const titles = new Map<string, string>([
    ...(reports.value ?? []).map((report): [string, string] => [report.id, report.title]),
    ...(incidents.value ?? []).map((incident): [string, string] => [incident.id, incident.title]),
  ]);
  return section(
    'deadlines',
    'Deadlines',
    panelView(sla, 'deadlines', (view) => view.items.length === 0, 'Nothing is due.', (view) =>
      html`<ul class="deadlines">
        ${view.items.map((item) => {
          const title = titles.get(item.targetId);
          return html`<li class=${item.status}>
            <strong class="status">${item.status}</strong> · ${item.kind} · ${item.targetType} <code>${item.targetId}</code>${item.tenant ? ` (${item.tenant})` : ''}${title
              ? html` “${title}”`
              : ''}
            · due by ${time(item.dueAt)}
          </li>`;
        })}
      </ul>`,
    ),
  );
}
