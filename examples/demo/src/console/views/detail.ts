import { keyed } from 'lit/directives/keyed.js';
import type { StaffReportView, TimelineEntry } from '@vuln-report/contract';
import { html, nothing } from 'lit';
import { bytes, joined, yesNo } from '../format.ts';
import type { ConsoleStore } from '../store.ts';
import { panelView, problemView, section, time } from './common.ts';
import { reportFormsView } from './report-forms.ts';

/** Any JSON value as nested lists, every string as text. */
function valueView(value: unknown): unknown {
  if (value === undefined || value === null) return '—';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return html`<ul>${value.map((item) => html`<li>${valueView(item)}</li>`)}</ul>`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '—';
  return html`<dl class="nested">${entries.map(([key, item]) => html`<dt>${key}</dt><dd>${valueView(item)}</dd>`)}</dl>`;
}

/** A definition list of `[term, value]` rows; rows with an undefined value are left out. */
const facts = (rows: ReadonlyArray<[string, unknown]>) =>
  html`<dl class="facts">${rows.filter(([, value]) => value !== undefined).map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;

/** Multi-line text a reporter or staff wrote, line breaks kept. */
const prose = (value: string | undefined) => (value === undefined || value === '' ? undefined : html`<div class="prose">${value}</div>`);

/** How an assessment on the timeline came out: its severity, or no vulnerability (v2: such a report has no severity). */
const assessedAs = (entry: { severity?: string | undefined; vulnerability?: boolean | undefined }) =>
  entry.severity ? `severity ${entry.severity}` : entry.vulnerability === false ? 'not a vulnerability, no severity' : 'no severity';

function timelineDetails(entry: TimelineEntry) {
  switch (entry.type) {
    case 'received':
    case 'reopened':
      return nothing;
    case 'info-requested':
    case 'reporter-replied':
      return prose(entry.message);
    case 'triaged':
      return html`: ${assessedAs(entry)}`;
    case 'reassessed':
      return html`: now ${assessedAs(entry)}${prose(entry.reason) ?? nothing}`;
    case 'deadline-set':
      return html`: remediate by ${time(entry.remediateBy)}${prose(entry.reason) ?? nothing}`;
    case 'closed':
      return html`: ${entry.reason}${entry.duplicateOf ? html`, duplicate of <code>${entry.duplicateOf}</code>` : nothing}${prose(entry.note) ?? nothing}`;
    case 'resolved':
      return html`: fixed in ${entry.fixedIn}${prose(entry.releaseNote) ?? nothing}`;
    case 'data-loss-declared':
      return html`: action taken${prose(entry.actionTaken) ?? nothing}`;
    case 'data-loss-updated':
      return html`: follow-up${prose(entry.note) ?? nothing}`;
    case 'incident-linked':
      return html`: incident <code>${entry.incidentId}</code>`;
    case 'notified':
      return html`: ${entry.kind} email to ${entry.recipientCount} recipient${entry.recipientCount === 1 ? '' : 's'}${entry.to && entry.to.length > 0
        ? html`<ul class="recipients">${entry.to.map((address) => html`<li>${address}</li>`)}</ul>`
        : nothing}`;
  }
}

function timelineView(timeline: StaffReportView['timeline']) {
  if (timeline.length === 0) return html`<p class="muted">Nothing on the timeline yet.</p>`;
  return html`<ol class="timeline">
    ${timeline.map((entry) => html`<li>${time(entry.at)} · <strong>${entry.type}</strong>${entry.actor ? html` by ${entry.actor}` : nothing}${timelineDetails(entry)}</li>`)}
  </ol>`;
}

/** The flags that change how a report is handled, as badges above its facts. */
function badges(report: StaffReportView) {
  if (!report.urgent && !report.dataLossSuspected) return nothing;
  return html`<p class="badges">
    ${report.urgent ? html`<strong class="badge urgent">Urgent</strong> <span class="muted">data exposure or sensitive data seen: acknowledged within hours</span>` : nothing}
    ${report.dataLossSuspected ? html`<strong class="badge data-loss">Data loss</strong>` : nothing}
  </p>`;
}

/** The remediation deadline: from the policy, or set by hand for this case (by whom, when, why). */
function remediation(report: StaffReportView) {
  const { deadline } = report;
  if (!deadline) return report.remediateBy ? html`${time(report.remediateBy)} <span class="muted">(from the policy)</span>` : undefined;
  return html`${time(deadline.remediateBy)} <span class="badge">set by hand</span>
    <div class="muted">by ${deadline.setBy} at ${time(deadline.setAt)}</div>
    ${prose(deadline.reason) ?? nothing}`;
}

/** The data-loss declaration: the measures as last told, and every follow-up. */
function dataLossView(dataLoss: NonNullable<StaffReportView['dataLoss']>) {
  return html`<h3>Data loss</h3>
    ${facts([
      ['Affected tenants', joined(dataLoss.affectedTenants)],
      ['Action taken', prose(dataLoss.actionTaken)],
      ['Measures for customers', prose(dataLoss.customerMeasures)],
      ['Declared', time(dataLoss.declaredAt)],
    ])}
    <h4>Follow-ups</h4>
    ${dataLoss.updates.length === 0
      ? html`<p class="muted">No follow-up yet.</p>`
      : html`<ol class="follow-ups">
          ${dataLoss.updates.map(
            (update) => html`<li>
              ${time(update.at)}${prose(update.note) ?? nothing}
              ${update.actionTaken !== undefined || update.customerMeasures !== undefined
                ? facts([
                    ['New action taken', prose(update.actionTaken)],
                    ['New measures', prose(update.customerMeasures)],
                  ])
                : nothing}
            </li>`,
          )}
        </ol>`}`;
}

function reportView(store: ConsoleStore, report: StaffReportView) {
  const reporter = report.reporter;
  const credit = reporter?.credit;
  return html`${badges(report)}${facts([
      ['Id', html`<code>${report.id}</code>`],
      ['Tenant', report.tenant],
      ['Kind', report.kind],
      ['State', report.state],
      ['Severity', report.severity ?? (report.assessment ? 'none: not a vulnerability' : 'not assessed')],
      ['Urgent', report.urgent ? 'yes' : 'no'],
      ['Close reason', report.closeReason],
      ['Duplicate of', report.duplicateOf ? html`<code>${report.duplicateOf}</code>` : undefined],
      ['Data loss suspected', report.dataLossSuspected ? 'yes' : 'no'],
      ['Fixed in', report.fixedIn ?? '—'],
      ['Received', time(report.receivedAt)],
      ['Acknowledge by', time(report.acknowledgeBy)],
      ['Remediate by', remediation(report)],
      ['Project key', html`<code>${report.projectKey}</code>`],
      ['Updated', time(report.updatedAt)],
    ])}
    <h3>Submitted</h3>
    ${facts([
      ['Description', prose(report.description) ?? '—'],
      ['Steps to reproduce', prose(report.stepsToReproduce) ?? '—'],
      [
        'Reporter',
        reporter
          ? facts([
              ['Name', reporter.name ?? '—'],
              ['Email', reporter.email ?? 'anonymous'],
              ['Consent to contact', yesNo(reporter.consentToContact)],
              ['Credit', credit ? (credit.wanted ? `wanted${credit.name ? `, as ${credit.name}` : ''}${credit.url ? ` (${credit.url})` : ''}` : 'not wanted') : 'not said'],
            ])
          : 'anonymous',
      ],
      [
        'Impact',
        report.impact
          ? facts([
              ['Data exposed', yesNo(report.impact.dataExposed)],
              ['Service unavailable', yesNo(report.impact.serviceUnavailable)],
              ['Only my account', yesNo(report.impact.onlyMyAccount)],
            ])
          : 'not said',
      ],
      ['Saw sensitive data', yesNo(report.sawSensitiveData)],
      ['CVSS vector', report.cvss ?? '—'],
      ['CWE ids', joined(report.cwe)],
      ['Context', valueView(report.context)],
      [
        'Attachments',
        report.attachments.length === 0
          ? 'none'
          : html`<ul>
                ${report.attachments.map(
                  (file) =>
                    html`<li>
                      ${file.name} (${file.type}, ${bytes(file.size)})
                      <button type="button" @click=${() => store.download(file.id, file.name)}>Download</button>
                    </li>`,
                )}
              </ul>
              ${problemView(store.state.errors.attachment)}`,
      ],
    ])}
    ${report.assessment
      ? html`<h3>Assessment</h3>
          ${facts([
            ['Vulnerability', report.assessment.vulnerability ? 'yes' : 'no'],
            ['Severity', report.assessment.severity],
            // The four facts are recorded for a vulnerability only.
            ['Data compromised', report.assessment.vulnerability ? yesNo(report.assessment.dataCompromised) : undefined],
            ['Server compromised', report.assessment.vulnerability ? yesNo(report.assessment.serverCompromised) : undefined],
            ['Denial of service', report.assessment.vulnerability ? yesNo(report.assessment.denialOfService) : undefined],
            ['Scope', report.assessment.scope],
            ['CVSS vector', report.assessment.cvss ? `${report.assessment.cvss}${report.assessment.cvssScore !== undefined ? ` (base score ${report.assessment.cvssScore})` : ''}` : undefined],
            ['CWE ids', report.assessment.cwe ? joined(report.assessment.cwe) : undefined],
            ['Note', prose(report.assessment.note)],
            ['Assessed', html`${time(report.assessment.assessedAt)} by ${report.assessment.assessedBy}`],
          ])}`
      : nothing}
    ${report.dataLoss ? dataLossView(report.dataLoss) : nothing}
    <h3>Timeline</h3>
    ${timelineView(report.timeline)} ${keyed(report.id, reportFormsView(store, report))}`;
}

/** The selected report: everything submitted, its timeline, and the triage forms. */
export function detailView(store: ConsoleStore) {
  const { selected, detail } = store.state;
  if (!selected) return nothing;
  const title = detail.value?.id === selected.id ? detail.value.title : selected.title;
  return section(
    'detail',
    title,
    panelView(detail, 'the report', () => false, '', (report) => reportView(store, report)),
    true,
  );
}
