import { classifySeverity, StaffCloseReason, type Assessment, type StaffReportView } from '@vuln-report/contract';
import { html, nothing } from 'lit';
import { joined } from '../format.ts';
import { localInputFromUtc, type LiveAssessment } from '../forms.ts';
import type { ConsoleStore } from '../store.ts';
import { onSubmit, problemView, time } from './common.ts';
import { tenantBoxes } from './tenants.ts';

/** What an assess or reassess form starts from. */
interface AssessDefaults {
  vulnerability: boolean;
  dataCompromised: boolean;
  serverCompromised: boolean;
  denialOfService: boolean;
  scope: 'platform' | 'reporter-tenant';
  cvss: string;
  cwe: string;
  note: string;
}

/** A new assessment starts empty; the kinds `vulnerability` and `data-exposure` start as a vulnerability. */
const freshDefaults = (report: StaffReportView): AssessDefaults => ({
  vulnerability: report.kind === 'vulnerability' || report.kind === 'data-exposure',
  dataCompromised: false,
  serverCompromised: false,
  denialOfService: false,
  scope: 'platform',
  cvss: '',
  cwe: '',
  note: '',
});

/** A reassessment starts from the assessment on record, so staff change only what changed. */
const recordedDefaults = (assessment: Assessment): AssessDefaults => ({
  vulnerability: assessment.vulnerability,
  dataCompromised: assessment.dataCompromised ?? false,
  serverCompromised: assessment.serverCompromised ?? false,
  denialOfService: assessment.denialOfService ?? false,
  scope: assessment.scope ?? 'platform',
  cvss: assessment.cvss ?? '',
  cwe: assessment.cwe ? assessment.cwe.join(', ') : '',
  note: assessment.note ?? '',
});

const liveOf = (defaults: AssessDefaults): LiveAssessment => ({ vulnerability: defaults.vulnerability, severity: classifySeverity(defaults) });

/**
 * The fields an assessment and a reassessment share. The four facts apply to a
 * vulnerability only: unticking "It is a vulnerability" disables them (and leaves them
 * out of the body, as the contract asks). `prefix` keeps the hint ids apart.
 */
function assessmentFields(prefix: string, defaults: AssessDefaults, live: LiveAssessment) {
  const off = !live.vulnerability;
  return html`<label><input type="checkbox" name="vulnerability" ?checked=${defaults.vulnerability} /> It is a vulnerability</label>
    <fieldset ?disabled=${off}>
      <legend>It can compromise</legend>
      <label><input type="checkbox" name="dataCompromised" ?checked=${defaults.dataCompromised} /> Data compromised</label>
      <label><input type="checkbox" name="serverCompromised" ?checked=${defaults.serverCompromised} /> Server compromised</label>
      <label><input type="checkbox" name="denialOfService" ?checked=${defaults.denialOfService} /> Denial of service</label>
    </fieldset>
    <fieldset ?disabled=${off}>
      <legend>Scope</legend>
      <label><input type="radio" name="scope" value="platform" ?checked=${defaults.scope === 'platform'} /> Platform</label>
      <label><input type="radio" name="scope" value="reporter-tenant" ?checked=${defaults.scope === 'reporter-tenant'} /> Reporting tenant only</label>
    </fieldset>
    <p class="severity" role="status">${off ? 'No severity: not a vulnerability' : `Severity: ${live.severity}`}</p>
    <label class="field">CVSS vector <input name="cvss" autocomplete="off" spellcheck="false" value=${defaults.cvss} aria-describedby="${prefix}-cvss-hint" /></label>
    <small id="${prefix}-cvss-hint" class="hint">Optional, v3.1 or v4.0; scored, but never changes the severity.</small>
    <label class="field">CWE ids <input name="cwe" autocomplete="off" spellcheck="false" value=${defaults.cwe} aria-describedby="${prefix}-cwe-hint" /></label>
    <small id="${prefix}-cwe-hint" class="hint">Optional, comma-separated: CWE-79, CWE-352.</small>
    <label class="field">Note <textarea name="note" rows="2" .defaultValue=${defaults.note}></textarea></label>`;
}

/** Changing an assessment of record, with a reason; shown once the report has one. */
function reassessForm(store: ConsoleStore, assessment: Assessment) {
  const defaults = recordedDefaults(assessment);
  const live = store.state.reassessLive ?? liveOf(defaults);
  return html`<form class="action" aria-labelledby="reassess-title" @submit=${onSubmit((form) => store.reassess(form))} @change=${(event: Event) => store.reassessChanged(event.currentTarget as HTMLFormElement)}>
    <h3 id="reassess-title">Reassess</h3>
    <p class="hint">For a triaged report: the assessment of record, to change. The severity and its deadline follow; a deadline set by hand is kept.</p>
    ${assessmentFields('reassess', defaults, live)}
    <label class="field">Reason for the change <textarea name="reason" rows="2" aria-describedby="reassess-reason-hint"></textarea></label>
    <small id="reassess-reason-hint" class="hint">Required; kept on the timeline, never shown to the reporter.</small>
    <button type="submit">Record reassessment</button>
    ${problemView(store.state.errors.reassess)}
  </form>`;
}

/** This case's remediation deadline, set by hand with a reason. */
function deadlineForm(store: ConsoleStore, report: StaffReportView) {
  return html`<form class="action" aria-labelledby="deadline-title" @submit=${onSubmit((form) => store.setDeadline(form))}>
    <h3 id="deadline-title">Remediation deadline</h3>
    <p class="hint">
      For a triaged report: replaces the policy's deadline for this case; a later reassessment keeps it. Now:
      ${report.remediateBy ? html`${time(report.remediateBy)}${report.deadline ? ', set by hand' : ', from the policy'}` : 'none'}.
    </p>
    <label class="field"
      >Remediate by (UTC) <input type="datetime-local" name="remediateBy" value=${localInputFromUtc(report.deadline?.remediateBy ?? report.remediateBy)} aria-describedby="deadline-hint"
    /></label>
    <small id="deadline-hint" class="hint">Read as UTC, like every time in the console.</small>
    <label class="field">Reason <textarea name="reason" rows="2"></textarea></label>
    <button type="submit">Set deadline</button>
    ${problemView(store.state.errors.deadline)}
  </form>`;
}

/** A follow-up to the report's data-loss declaration, to the same tenants. */
function dataLossUpdateForm(store: ConsoleStore, tenants: readonly string[]) {
  return html`<form class="action" aria-labelledby="data-loss-update-title" @submit=${onSubmit((form) => store.updateDataLoss(form))}>
    <h3 id="data-loss-update-title">Data-loss follow-up</h3>
    <p class="hint">Emailed at once to every support contact of ${joined(tenants)}, the tenants of the declaration.</p>
    <label class="field">What changed <textarea name="note" rows="3"></textarea></label>
    <label class="field">New action taken <textarea name="actionTaken" rows="2" aria-describedby="data-loss-update-hint"></textarea></label>
    <label class="field">New measures for the customers <textarea name="customerMeasures" rows="2" aria-describedby="data-loss-update-hint"></textarea></label>
    <small id="data-loss-update-hint" class="hint">Optional: only when they changed; they replace the ones told before.</small>
    <button type="submit">Send follow-up</button>
    ${problemView(store.state.errors['data-loss-update'])}
  </form>`;
}

/**
 * The triage forms of the selected report. Most stay on the page whatever the state, each
 * saying when it applies: the server decides, and its 409 shows beside the form. Reassess
 * and the deadline appear once the report has an assessment; the data-loss follow-up
 * replaces the declaration once declared (one per report); reopen appears only on a
 * closed report.
 */
export function reportFormsView(store: ConsoleStore, report: StaffReportView) {
  const { errors } = store.state;
  const assessDefaults = freshDefaults(report);
  return html`<div class="forms">
    <form class="action" aria-labelledby="assess-title" @submit=${onSubmit((form) => store.assess(form))} @change=${(event: Event) => store.assessChanged(event.currentTarget as HTMLFormElement)}>
      <h3 id="assess-title">Assess</h3>
      <p class="hint">For a received report: it becomes triaged; a vulnerability gets the severity the contract's rule gives.</p>
      ${assessmentFields('assess', assessDefaults, store.state.assessLive ?? liveOf(assessDefaults))}
      <button type="submit">Record assessment</button>
      ${problemView(errors.assess)}
    </form>

    ${report.assessment ? html`${reassessForm(store, report.assessment)} ${deadlineForm(store, report)}` : nothing}

    <form class="action" aria-labelledby="request-info-title" @submit=${onSubmit((form) => store.requestInfo(form))}>
      <h3 id="request-info-title">Request information</h3>
      <p class="hint">For a received report: it waits in needs-info for the reporter's answer (closed as stale after 30 days).</p>
      <label class="field">Message <textarea name="message" rows="3"></textarea></label>
      <button type="submit">Send request</button>
      ${problemView(errors['request-info'])}
    </form>

    <form class="action" aria-labelledby="close-title" @submit=${onSubmit((form) => store.close(form))}>
      <h3 id="close-title">Close</h3>
      <p class="hint">For a received, needs-info or triaged report.</p>
      <div class="field">
        <label for="close-reason">Reason</label>
        <select id="close-reason" name="reason">
          <option value="">Choose a reason</option>
          ${StaffCloseReason.options.map((reason) => html`<option value=${reason}>${reason}</option>`)}
        </select>
      </div>
      <label class="field">Duplicate of <input name="duplicateOf" autocomplete="off" spellcheck="false" aria-describedby="duplicate-hint" /></label>
      <small id="duplicate-hint" class="hint">The id of the report this one repeats; only with the reason duplicate.</small>
      <button type="submit">Close report</button>
      ${problemView(errors.close)}
      ${report.state === 'closed'
        ? html`<p class="reopen">Closed as ${report.closeReason ?? 'closed'}. <button type="button" @click=${() => store.reopen()}>Reopen</button></p>
            ${problemView(errors.reopen)}`
        : nothing}
    </form>

    <form class="action" aria-labelledby="resolve-title" @submit=${onSubmit((form) => store.resolve(form))}>
      <h3 id="resolve-title">Resolve</h3>
      <p class="hint">For a triaged report: a vulnerability is published in the release notes and every support contact is told; anything else is told to its reporter as fixed.</p>
      <label class="field">Fixed in version <input name="fixedIn" autocomplete="off" spellcheck="false" placeholder="2.4.2" /></label>
      <label class="field">Affected versions <input name="affectedVersions" autocomplete="off" spellcheck="false" placeholder="< 2.4.2" aria-describedby="affected-hint" /></label>
      <small id="affected-hint" class="hint">Comma-separated versions or ranges; required for a vulnerability.</small>
      <label class="field">Release note <textarea name="releaseNote" rows="2"></textarea></label>
      <label class="field">How it was resolved <textarea name="details" rows="3"></textarea></label>
      <button type="submit">Resolve report</button>
      ${problemView(errors.resolve)}
    </form>

    ${report.dataLoss
      ? dataLossUpdateForm(store, report.dataLoss.affectedTenants)
      : html`<form class="action" aria-labelledby="data-loss-title" @submit=${onSubmit((form) => store.declareDataLoss(form))}>
          <h3 id="data-loss-title">Declare data loss</h3>
          <p class="hint">In any state, once per report: every support contact of each affected tenant is emailed at once.</p>
          ${tenantBoxes(store.tenants())}
          <label class="field">Action taken <textarea name="actionTaken" rows="3"></textarea></label>
          <label class="field">What the customers should do <textarea name="customerMeasures" rows="3"></textarea></label>
          <button type="submit">Notify affected tenants</button>
          ${problemView(errors['data-loss'])}
        </form>`}
  </div>`;
}
