import { html, LitElement, nothing } from 'lit';
import { LIMITS, ReportFields, validate, type ReportContext, type ReportFieldsInput, type ValidationIssue } from '@vuln-report/contract';
import type { Translation } from '../i18n/translation.ts';
import { renderContextPreview } from './context-preview.ts';
import { attach, filesOf, NO_FILES, renderFiles, renderProgress, type Attached } from './files.ts';
import { readFields } from './form-fields.ts';
import { describe } from './messages.ts';

/** A human needs a few seconds to fill the form; a faster submission is asked to wait. */
const MIN_FILL_MS = 2500;

/** A report the form has checked, for the dialog to send. */
export interface CheckedReport {
  fields: ReportFieldsInput;
  attachments: File[];
  /** The context parts the reporter removed. */
  omitContext: Array<keyof ReportContext>;
}

/** What the form asks of the dialog it sits in. */
export interface FormActions {
  /** Sends a checked report, telling of its files' progress (0 to 1); the form stays busy until it settles. */
  send(report: CheckedReport, progress: (share: number) => void): Promise<void>;
  /** The hidden field was filled in, as only a bot does: nothing is sent. */
  ignore(): void;
  /** The reporter pressed Cancel. */
  cancel(): void;
  /** The reporter asked for "my reports". */
  showMyReports(): void;
  /** Says `message` in the dialog's live region. */
  announce(message: string): void;
}

/**
 * The report form: fields, attachments (picked, pasted or dropped) and the context
 * preview; checks what the reporter wrote (every error beside its field, and the count
 * in the live region going as they are fixed) and hands a valid report to the dialog; a
 * problem in sending shows beside the Send button. Rendered in the dialog's shadow root,
 * not a root of its own, so the dialog's styles, parts and focus handling reach it; an
 * element of its own for its state. The dialog module registers it.
 */
export class VulnReportForm extends LitElement {
  static override properties = {
    t: { attribute: false },
    shown: { attribute: false },
    email: { attribute: false },
    preview: { attribute: false },
    hasReports: { attribute: false },
    sending: { state: true },
    notice: { state: true },
    errors: { state: true },
    attached: { state: true },
    omitted: { state: true },
    progress: { state: true },
  };

  /** The strings to show. */
  t!: Translation;
  /** What the dialog does with the form. */
  actions!: FormActions;
  /** Whether the form shows; hidden, it keeps what the reporter typed. */
  shown = true;
  /** The contact email to pre-fill. */
  email = '';
  /** The context the SDK would send. */
  preview: ReportContext = {};
  /** Whether to offer "my reports". */
  hasReports = false;
  /** The fewest milliseconds between opening and sending that a person could take; less is asked to wait. */
  minFillMs = MIN_FILL_MS;
  /** Whether a report is on its way. */
  sending = false;
  /** What went wrong in sending, shown beside the Send button until the next try. */
  notice = '';

  private errors: Record<string, string> = {};
  private attached: Attached = NO_FILES;
  private omitted: Array<keyof ReportContext> = [];
  /** How much of the files is sent, from 0 to 1, while they are. */
  private progress: number | undefined;
  #startedAt = 0;

  // Elements as Lit's @query finds them, in getters: the builds compile no decorators.
  get #form() {
    return this.renderRoot.querySelector('form');
  }

  get #first() {
    return this.renderRoot.querySelector<HTMLElement>('[autofocus]');
  }

  get #firstInvalid() {
    return this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
  }

  protected override createRenderRoot() {
    return this;
  }

  /** The reporter starts filling the form now: the minimum fill time counts from here. */
  start() {
    this.#startedAt = performance.now();
  }

  /** Moves focus to the first field. */
  focusFirst() {
    this.#first?.focus();
  }

  /** Whether the reporter typed something: a text field differs from what it started with, or a file is attached. */
  hasInput(): boolean {
    const fields = this.#form?.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input:not([type=radio], [type=checkbox], [type=file], #website), textarea');
    return [...(fields ?? [])].some((field) => field.value.trim() !== field.defaultValue.trim()) || this.attached.files.length > 0;
  }

  /** Shows each issue beside its field and focuses the first; the live region counts them. */
  async showIssues(issues: readonly ValidationIssue[]) {
    const errors: Record<string, string> = {};
    for (const issue of issues) {
      errors[issue.path] ??= issue.code === 'credit' ? this.t.errorCreditName : describe(issue, this.t, this.querySelector<HTMLInputElement>(`[name="${issue.path}"]`)?.maxLength);
    }
    this.errors = errors;
    this.actions.announce(this.t.errorSummary(Object.keys(errors).length));
    await this.updateComplete;
    this.#firstInvalid?.focus();
  }

  /** Says what went wrong in sending beside the Send button, and brings it into view. */
  async showNotice(message: string) {
    this.notice = message;
    await this.updateComplete;
    this.renderRoot.querySelector('#send-error')?.scrollIntoView({ block: 'nearest' });
  }

  /** Forgets the errors shown, keeping what was typed. */
  clearErrors() {
    this.errors = {};
    this.notice = '';
  }

  /** Empties the form for the next report. */
  reset() {
    this.#form?.reset();
    this.clearErrors();
    this.attached = NO_FILES;
    this.omitted = [];
  }

  /** The report as typed, and its issues: the contract's, and credit asked for with no name to credit. */
  #check(form: HTMLFormElement) {
    const fields = readFields(form);
    const checked = validate(ReportFields, fields);
    const issues = checked.ok ? [] : [...checked.issues];
    if (fields.reporter?.credit && !fields.reporter.name) issues.push({ path: 'reporter.name', message: '', code: 'credit' });
    return { fields, issues };
  }

  /** As the reporter types, each error goes once its field is fixed, and the count in the live region with it. */
  #recheck = () => {
    const shown = Object.keys(this.errors);
    if (!shown.length) return;
    const still = new Set(this.#check(this.#form!).issues.map((issue) => issue.path));
    const left = shown.filter((path) => still.has(path));
    if (left.length === shown.length) return;
    this.errors = Object.fromEntries(left.map((path) => [path, this.errors[path]!]));
    this.actions.announce(left.length ? this.t.errorSummary(left.length) : '');
  };

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (this.sending) return;
    const form = event.target as HTMLFormElement;
    const { fields, issues } = this.#check(form);
    this.notice = '';
    if (issues.length) return this.showIssues(issues);
    this.errors = {};
    // Bots fill every field and submit at once; people do neither.
    if (new FormData(form).get('website')) return this.actions.ignore();
    if (performance.now() - this.#startedAt < this.minFillMs) {
      this.#startedAt = 0;
      return this.showNotice(this.t.errorTooFast);
    }
    this.sending = true;
    const attachments = this.attached.files;
    if (attachments.length) this.progress = 0;
    try {
      await this.actions.send({ fields, attachments, omitContext: this.omitted }, (share) => (this.progress = share));
    } finally {
      this.sending = false;
      this.progress = undefined;
    }
  };

  #paste = (event: ClipboardEvent) => {
    const files = filesOf(event);
    if (files.length) this.attached = attach(this.attached, files, this.t);
  };

  /**
   * A text field: its label, its hint if it has one, the input (or a text area of `rows`
   * rows), and its error, each tied to the input by id.
   */
  #text(name: string, label: string, max: number, { hint, rows, type = 'text', autocomplete = 'off' }: { hint?: string; rows?: number; type?: string; autocomplete?: string } = {}) {
    const error = this.errors[name];
    const describedBy = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || nothing;
    const invalid = error ? 'true' : 'false';
    return html`<div part="field" class="field">
      <label part="label" for=${name}>${label}</label>
      ${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : nothing}
      ${rows
        ? html`<textarea part="input" id=${name} name=${name} rows=${rows} maxlength=${max} aria-invalid=${invalid} aria-describedby=${describedBy}></textarea>`
        : html`<input part="input" id=${name} name=${name} type=${type} autocomplete=${autocomplete} maxlength=${max} value=${name === 'reporter.email' ? this.email : ''} aria-invalid=${invalid} aria-describedby=${describedBy} />`}
      ${error ? html`<p part="error" class="error" id="${name}-error">${error}</p>` : nothing}
    </div>`;
  }

  #choice(type: 'radio' | 'checkbox', name: string, value: string, label: string, checked = false) {
    return html`<label class="choice"><input type=${type} name=${name} value=${value} ?checked=${checked} />${label}</label>`;
  }

  override render() {
    const t = this.t;
    const kinds: Array<[string, string]> = [
      ['vulnerability', t.kindVulnerability],
      ['bug', t.kindBug],
      ['data-exposure', t.kindDataExposure],
      ['other', t.kindOther],
    ];
    return html`<form part="form" novalidate ?hidden=${!this.shown} @submit=${this.#submit} @input=${this.#recheck} @change=${this.#recheck} @paste=${this.#paste}>
      <p class="intro">${t.dialogIntro}</p>
      <fieldset part="field" class="field">
        <legend part="label">${t.kindLegend}</legend>
        ${kinds.map(([value, label], i) => html`<label class="choice"><input type="radio" name="kind" value=${value} ?checked=${!i} ?autofocus=${!i} />${label}</label>`)}
      </fieldset>
      ${this.#text('title', t.titleLabel, LIMITS.titleMax, { hint: t.titleHint })}
      ${this.#text('description', t.descriptionLabel, LIMITS.longTextMax, { hint: t.descriptionHint, rows: 4 })}
      ${this.#text('stepsToReproduce', t.stepsLabel, LIMITS.longTextMax, { rows: 3 })}
      <fieldset part="field" class="field">
        <legend part="label">${t.scopeLegend}</legend>
        ${this.#choice('radio', 'scope', 'mine', t.scopeMine)}${this.#choice('radio', 'scope', 'others', t.scopeOthers)}${this.#choice('radio', 'scope', '', t.scopeUnknown, true)}
      </fieldset>
      <fieldset part="field" class="field">
        <legend part="label">${t.impactLegend}</legend>
        ${this.#choice('checkbox', 'impact.serviceUnavailable', 'on', t.impactServiceUnavailable)}
      </fieldset>
      <fieldset part="field" class="field">
        <legend part="label">${t.contactLegend}</legend>
        ${this.#text('reporter.email', t.emailLabel, LIMITS.emailMax, { hint: t.emailHint, type: 'email', autocomplete: 'email' })}
        ${this.#choice('checkbox', 'reporter.consentToContact', 'on', t.consentToContact)}
        ${this.#text('reporter.name', t.nameLabel, LIMITS.nameMax, { autocomplete: 'name' })}
        ${this.#choice('checkbox', 'creditWanted', 'on', t.creditWanted)}
      </fieldset>
      ${renderFiles('attachments', this.attached, t, (change) => (this.attached = change(this.attached)))}
      ${renderContextPreview(this.preview, this.omitted, t, (part) => (this.omitted = [...this.omitted, part]))}
      <div class="honeypot" aria-hidden="true">
        <label for="website">${t.honeypotLabel}</label>
        <input id="website" name="website" tabindex="-1" autocomplete="off" />
      </div>
      ${renderProgress(this.progress, t)}
      ${this.notice ? html`<p part="error" class="error" id="send-error" role="alert">${this.notice}</p>` : nothing}
      <div part="actions">
        <button type="submit" part="primary" ?disabled=${this.sending}>${this.sending ? t.sending : t.submit}</button>
        <button type="button" part="secondary" @click=${() => this.actions.cancel()}>${t.cancel}</button>
        ${this.hasReports ? html`<button type="button" part="secondary" @click=${() => this.actions.showMyReports()}>${t.myReports}</button>` : nothing}
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vuln-report-form': VulnReportForm;
  }
}
