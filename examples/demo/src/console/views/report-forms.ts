import { StaffCloseReason, type StaffReportView } from '@vuln-report/contract';
import { html, nothing } from 'lit';
import type { ConsoleStore } from '../store.ts';
import { onSubmit, problemView } from './common.ts';
import { tenantBoxes } from './tenants.ts';

/**
 * The triage forms of the selected report. All of them stay on the page whatever the
 * state, each saying when it applies: the server decides, and its 409 shows beside the
 * form. Reopen appears only on a closed report.
 */
export function reportFormsView(store: ConsoleStore, report: StaffReportView) {
  const { errors, severity } = store.state;
  return html`<div class="forms">
    <form class="action" aria-labelledby="assess-title" @submit=${onSubmit((form) => store.assess(form))} @change=${(event: Event) => store.assessChanged(event.currentTarget as HTMLFormElement)}>
      <h3 id="assess-title">Assess</h3>
      <p class="hint">For a received report: it becomes triaged, with the severity the contract's rule gives.</p>
      <fieldset>
        <legend>It can compromise</legend>
        <label><input type="checkbox" name="dataCompromised" /> Data compromised</label>
        <label><input type="checkbox" name="serverCompromised" /> Server compromised</label>
        <label><input type="checkbox" name="denialOfService" /> Denial of service</label>
      </fieldset>
      <fieldset>
        <legend>Scope</legend>
        <label><input type="radio" name="scope" value="platform" checked /> Platform</label>
        <label><input type="radio" name="scope" value="reporter-tenant" /> Reporting tenant only</label>
      </fieldset>
      <p class="severity" role="status">Severity: ${severity}</p>
      <label class="field">CVSS vector <input name="cvss" autocomplete="off" spellcheck="false" aria-describedby="cvss-hint" /></label>
      <small id="cvss-hint" class="hint">Optional, v3.1 or v4.0; scored, but never changes the severity.</small>
      <label class="field">CWE ids <input name="cwe" autocomplete="off" spellcheck="false" aria-describedby="cwe-hint" /></label>
      <small id="cwe-hint" class="hint">Optional, comma-separated: CWE-79, CWE-352.</small>
      <label class="field">Note <textarea name="note" rows="2"></textarea></label>
      <button type="submit">Record assessment</button>
      ${problemView(errors.assess)}
    </form>

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
      <p class="hint">For a triaged report: publishes the release note and emails the tenants concerned and the reporter.</p>
      <label class="field">Fixed in version <input name="fixedIn" autocomplete="off" spellcheck="false" placeholder="2.4.2" /></label>
      <label class="field">Release note <textarea name="releaseNote" rows="2"></textarea></label>
      <label class="field">How it was resolved <textarea name="details" rows="3"></textarea></label>
      <button type="submit">Resolve report</button>
      ${problemView(errors.resolve)}
    </form>

    <form class="action" aria-labelledby="data-loss-title" @submit=${onSubmit((form) => store.declareDataLoss(form))}>
      <h3 id="data-loss-title">Declare data loss</h3>
      <p class="hint">In any state: every support contact of each affected tenant is emailed at once.</p>
      ${tenantBoxes(store.tenants())}
      <label class="field">Action taken <textarea name="actionTaken" rows="3"></textarea></label>
      <button type="submit">Notify affected tenants</button>
      ${problemView(errors['data-loss'])}
    </form>
  </div>`;
}
