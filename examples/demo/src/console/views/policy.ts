import type { Audience, NoticeTrigger, Policy } from '@vuln-report/contract';
import { html } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { panelView, section } from './common.ts';

/** Who an audience is, in words; an audience this console does not know shows by its id. */
const AUDIENCES: Partial<Record<Audience, string>> = {
  reporter: 'the reporter, if they gave an email',
  'staff-alerts': 'the staff alert addresses',
  'all-tenants': 'every support contact of every tenant',
  'reporting-tenant': 'the reporting tenant’s support contacts',
  'affected-tenants': 'each affected tenant’s support contacts',
  requester: 'the user who asked',
  'requesting-tenant': 'the requesting tenant’s support contacts',
};

/** What causes a notice, in words; a trigger this console does not know shows by its id only. */
const TRIGGERS: Partial<Record<NoticeTrigger, string>> = {
  intake: 'A report arrives',
  'intake-staff-alert': 'A report arrives (staff alert)',
  'deadline-breached': 'A deadline passes unmet',
  'request-info': 'Staff ask the reporter for more',
  'resolve-blocker': 'A blocker is resolved',
  'resolve-critical': 'A critical vulnerability is resolved',
  'resolve-major': 'A major vulnerability is resolved',
  'resolve-not-vulnerability': 'A report that is no vulnerability is resolved',
  'data-loss': 'Data loss is declared',
  'data-loss-update': 'A data-loss follow-up',
  'incident-notice': 'The first notice of an incident',
  'incident-update': 'A later notice of an incident',
  'evidence-answered': 'An evidence request is fulfilled',
  'evidence-declined': 'An evidence request is declined',
};

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;

function deadlinesTable(deadlines: Policy['deadlines']) {
  const rows: Array<[string, string]> = [
    ['Acknowledge a report', `within ${plural(deadlines.acknowledgeWithinHours, 'hour')} of intake`],
    ['Acknowledge an urgent report', `within ${plural(deadlines.urgentAcknowledgeWithinHours, 'hour')} of intake`],
    ['Tell the affected customers of an incident', `within ${plural(deadlines.incidentNoticeWithinHours, 'hour')} of detection`],
    ['Close a report waiting for its reporter as stale', `after ${plural(deadlines.staleAfterDays, 'day')}`],
    ...Object.entries(deadlines.remediationDays).map(([severity, days]): [string, string] => [`Remediate a ${severity} vulnerability`, `within ${plural(days, 'day')} of its assessment, unless set by hand for the case`]),
  ];
  return html`<table class="policy">
    <caption>Deadlines</caption>
    <thead>
      <tr><th scope="col">What</th><th scope="col">When</th></tr>
    </thead>
    <tbody>
      ${rows.map(([what, when]) => html`<tr><th scope="row">${what}</th><td>${when}</td></tr>`)}
    </tbody>
  </table>`;
}

function notificationsTable(rules: Policy['notifications']) {
  return html`<table class="policy">
    <caption>Who is told of what</caption>
    <thead>
      <tr><th scope="col">Trigger</th><th scope="col">Told</th><th scope="col">When</th></tr>
    </thead>
    <tbody>
      ${rules.map(
        (rule) => html`<tr>
          <th scope="row">${TRIGGERS[rule.trigger] ?? rule.trigger} <code class="muted">${rule.trigger}</code></th>
          <td>
            ${rule.audiences.length === 0
              ? html`<em>nobody</em>`
              : html`<ul class="audiences">
                  ${rule.audiences.map((audience) => html`<li>${AUDIENCES[audience] ?? audience}</li>`)}
                </ul>`}
          </td>
          <td>${rule.when}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The intake's published policy (`GET /v1/policy`), read-only: the severity rule, the deadlines, and who is told of what. */
export function policyView(store: ConsoleStore) {
  return section(
    'policy',
    'Policy',
    panelView(store.state.policy, 'the policy', () => false, '', (policy) =>
      html`<p class="muted">What the vendor publishes at <code>GET /v1/policy</code> (contract version ${policy.contractVersion}): customers can read it, and the intake is checked against it.</p>
        <table class="policy">
          <caption>Severity rule</caption>
          <thead>
            <tr><th scope="col">Severity</th><th scope="col">When</th></tr>
          </thead>
          <tbody>
            ${policy.severityRule.map((row) => html`<tr><th scope="row">${row.severity}</th><td>${row.rule}</td></tr>`)}
          </tbody>
        </table>
        ${deadlinesTable(policy.deadlines)} ${notificationsTable(policy.notifications)}`,
    ),
  );
}
