import type { SlaItem } from '@vuln-report/contract';
import { html, nothing } from 'lit';
import { duration } from '../format.ts';
import type { ConsoleStore } from '../store.ts';
import { panelView, section, time } from './common.ts';

const STATUS_LABEL: Record<SlaItem['status'], string> = { due: 'Due', overdue: 'Overdue', 'met-late': 'Met late' };

/** When it is or was due, and for a breach by how much: still open (`overdue`, on the stub's clock) or met since (`met-late`). */
function when(item: SlaItem, now: string | undefined) {
  if (item.status === 'met-late') {
    return html`was due by ${time(item.dueAt)}, met at ${time(item.metAt)}${item.lateBySeconds !== undefined ? html`, <strong>${duration(item.lateBySeconds * 1000)} late</strong>` : nothing}`;
  }
  if (item.status === 'overdue' && now) return html`due by ${time(item.dueAt)}, <strong>overdue by ${duration(Date.parse(now) - Date.parse(item.dueAt))}</strong>`;
  return html`due by ${time(item.dueAt)}`;
}

/** Counts by status, breaches first: `1 overdue, 2 met late, 3 due`. */
function summary(items: readonly SlaItem[]) {
  const count = (status: SlaItem['status']) => items.filter((item) => item.status === status).length;
  return `${count('overdue')} overdue, ${count('met-late')} met late, ${count('due')} due. A breached deadline stays listed once met.`;
}

/** Every deadline due, overdue or met late (`GET /v1/triage/sla`, every page), soonest first. */
export function deadlinesView(store: ConsoleStore) {
  const { sla, reports, incidents, now } = store.state;
  const titles = new Map<string, string>([
    ...(reports.value ?? []).map((report): [string, string] => [report.id, report.title]),
    ...(incidents.value ?? []).map((incident): [string, string] => [incident.id, incident.title]),
  ]);
  return section(
    'deadlines',
    'Deadlines',
    panelView(sla, 'deadlines', (items) => items.length === 0, 'Nothing is due.', (items) =>
      html`<p class="muted">${summary(items)}</p>
        <ul class="deadlines">
          ${items.map((item) => {
            const title = titles.get(item.targetId);
            return html`<li class=${item.status}>
              <strong class="status">${STATUS_LABEL[item.status]}</strong> · ${item.kind} · ${item.targetType} <code>${item.targetId}</code>${item.tenant ? ` (${item.tenant})` : ''}${title
                ? html` “${title}”`
                : ''}
              · ${when(item, now)}
            </li>`;
          })}
        </ul>`,
    ),
  );
}
