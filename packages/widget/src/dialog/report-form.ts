import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { checkAttachments, ValidationError } from '@vuln-report/sdk';
import { LIMITS, ReportFields, validate, type ReportContext, type ReportFieldsInput, type ValidationIssue } from '@vuln-report/contract';
import type { Translation } from '../i18n/translation.ts';
import { renderContextPreview } from './context-preview.ts';
import { readFields } from './form-fields.ts';
import { describe } from './messages.ts';

/** A human needs a few seconds to fill the form; a faster submission is asked to wait. */
const MIN_FILL_MS = 2500;
const MEGABYTE = 1024 * 1024;

/** A report the form has checked, for the dialog to send. */
export interface CheckedReport {
  fields: ReportFieldsInput;
  attachments: File[];
  /** The context parts the reporter removed. */
  omitContext: Array<keyof ReportContext>;
}

/** What the form asks of the dialog it sits in. */
export interface FormActions {
  /** Sends a checked report; the form stays busy until it settles. */
  send(report: CheckedReport): Promise<void>;
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
 * The report form: fields, attachments and the context preview; checks what the reporter
 * wrote (every error beside its field) and hands a valid report to the dialog. Rendered
 * in the dialog's shadow root, not a root of its own, so the dialog's styles, parts and
 * focus handling reach it; an element of its own for its state. The dialog module
 * registers it.
 */
export class VulnReportForm extends LitElement {
  static override properties = {
    t: { attribute: false },
    shown: { attribute: false },
    email: { attribute: false },
    preview: { attribute: false },
    hasReports: { attribute: false },
    sending: { state: true },
    errors: { state: true },
    files: { state: true },
    omitted: { state: true },
    creditWanted: { state: true },
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

  private errors: Record<string, string> = {};
  private files: File[] = [];
  private omitted: Array<keyof ReportContext> = [];
  private creditWanted = false;
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
    return [...(fields ?? [])].some((field) => field.value.trim() !== field.defaultValue.trim()) || this.files.length > 0;
  }

  /** Shows each issue beside its field (after any message already worked out, such as a file's) and focuses the first. */
  async showIssues(issues: readonly ValidationIssue[], known: Record<string, string> = {}) {
    const errors: Record<string, string> = { ...known };
    for (const issue of issues) {
      const field = issue.path.startsWith('attachments') ? 'attachments' : issue.path;
      errors[field] ??= field === 'attachments' ? this.#attachmentMessage(issue) : describe(issue, this.t);
    }
    this.errors = errors;
    this.actions.announce(this.t.errorSummary(Object.keys(errors).length));
    await this.updateComplete;
    this.#firstInvalid?.focus();
  }

  /** Forgets the errors shown, keeping what was typed. */
  clearErrors() {
    this.errors = {};
  }

  /** Empties the form for the next report. */
  reset() {
    this.#form?.reset();
    this.errors = {};
    this.files = [];
    this.omitted = [];
    this.creditWanted = false;
  }

  #attachmentMessage(issue: ValidationIssue): string {
    const t = this.t;
    const file = this.files[Number(issue.path.split('.')[1])];
    if (file && issue.code === 'invalid_value') return t.errorFileType(file.name);
    if (file) return t.errorFileTooLarge(file.name, LIMITS.attachmentBytesMax / MEGABYTE);
    return this.files.length > LIMITS.attachmentsMax ? t.errorTooManyFiles(LIMITS.attachmentsMax) : t.errorFilesTooLarge(LIMITS.attachmentsTotalBytesMax / MEGABYTE);
  }

  #onFiles = (event: Event) => {
    const input = event.target as HTMLInputElement;
    this.files = [...this.files, ...Array.from(input.files ?? [])];
    input.value = '';
    this.#checkFiles();
  };

  #removeFile(index: number) {
    this.files = this.files.filter((_, i) => i !== index);
    this.#checkFiles();
  }

  #checkFiles(): boolean {
    const { attachments: _previous, ...others } = this.errors;
    try {
      checkAttachments(this.files);
      this.errors = others;
      return true;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.errors = { ...others, attachments: this.#attachmentMessage(error.issues[0]!) };
      return false;
    }
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (this.sending) return;
    const form = event.target as HTMLFormElement;
    const fields = readFields(form);
    const checked = validate(ReportFields, fields);
    const filesOk = this.#checkFiles();
    if (!checked.ok || !filesOk) {
      return this.showIssues(checked.ok ? [] : checked.issues, filesOk ? {} : { attachments: this.errors.attachments! });
    }
    this.errors = {};
    // Bots fill every field and submit at once; people do neither.
    if (new FormData(form).get('website')) return this.actions.ignore();
    if (performance.now() - this.#startedAt < this.minFillMs) {
      this.#startedAt = 0;
      return this.actions.announce(this.t.errorTooFast);
    }
    this.sending = true;
    try {
      await this.actions.send({ fields, attachments: this.files, omitContext: this.omitted });
    } finally {
      this.sending = false;
    }
  };

  #field(name: string, label: string, control: TemplateResult, hint?: string) {
    const error = this.errors[name];
    return html`<div part="field" class="field">
      <label part="label" for=${name}>${label}</label>
      ${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : nothing} ${control}
      ${error ? html`<p part="error" class="error" id="${name}-error">${error}</p>` : nothing}
    </div>`;
  }

  #describedBy(name: string, hint: boolean) {
    return [hint ? `${name}-hint` : '', this.errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ') || nothing;
  }

  override render() {
    const t = this.t;
    const invalid = (name: string) => (this.errors[name] ? 'true' : 'false');
    const kinds: Array<[string, string]> = [
      ['vulnerability', t.kindVulnerability],
      ['bug', t.kindBug],
      ['data-exposure', t.kindDataExposure],
      ['other', t.kindOther],
    ];
    return html`<form part="form" novalidate ?hidden=${!this.shown} @submit=${this.#submit}>
      <p class="intro">${t.dialogIntro}</p>
      <fieldset part="field" class="field" aria-describedby=${this.#describedBy('kind', false)}>
        <legend part="label">${t.kindLegend}</legend>
        ${kinds.map(
          ([value, label], i) =>
            html`<label class="choice"><input type="radio" name="kind" value=${value} ?checked=${i === 0} ?autofocus=${i === 0} aria-invalid=${invalid('kind')} />${label}</label>`,
        )}
        ${this.errors.kind ? html`<p part="error" class="error" id="kind-error">${this.errors.kind}</p>` : nothing}
      </fieldset>
      ${this.#field(
        'title',
        t.titleLabel,
        html`<input part="input" id="title" name="title" maxlength=${LIMITS.titleMax} autocomplete="off" aria-invalid=${invalid('title')} aria-describedby=${this.#describedBy('title', true)} />`,
        t.titleHint,
      )}
      ${this.#field(
        'description',
        t.descriptionLabel,
        html`<textarea part="input" id="description" name="description" rows="4" maxlength=${LIMITS.longTextMax} aria-invalid=${invalid('description')} aria-describedby=${this.#describedBy('description', true)}></textarea>`,
        t.descriptionHint,
      )}
      ${this.#field(
        'stepsToReproduce',
        t.stepsLabel,
        html`<textarea part="input" id="stepsToReproduce" name="stepsToReproduce" rows="3" maxlength=${LIMITS.longTextMax} aria-invalid=${invalid('stepsToReproduce')} aria-describedby=${this.#describedBy('stepsToReproduce', false)}></textarea>`,
      )}
      <fieldset part="field" class="field">
        <legend part="label">${t.impactLegend}</legend>
        <label class="choice"><input type="checkbox" name="impact.dataExposed" />${t.impactDataExposed}</label>
        <label class="choice"><input type="checkbox" name="impact.serviceUnavailable" />${t.impactServiceUnavailable}</label>
        <label class="choice"><input type="checkbox" name="impact.onlyMyAccount" />${t.impactOnlyMyAccount}</label>
        <label class="choice"><input type="checkbox" name="sawSensitiveData" />${t.sawSensitiveData}</label>
      </fieldset>
      <fieldset part="field" class="field">
        <legend part="label">${t.contactLegend}</legend>
        ${this.#field(
          'reporter.email',
          t.emailLabel,
          html`<input part="input" id="reporter.email" name="reporter.email" type="email" autocomplete="email" value=${this.email} aria-invalid=${invalid('reporter.email')} aria-describedby=${this.#describedBy('reporter.email', true)} />`,
          t.emailHint,
        )}
        <label class="choice"><input type="checkbox" name="reporter.consentToContact" />${t.consentToContact}</label>
        <label class="choice"><input type="checkbox" name="creditWanted" @change=${(e: Event) => (this.creditWanted = (e.target as HTMLInputElement).checked)} />${t.creditWanted}</label>
        ${this.creditWanted
          ? this.#field(
              'reporter.credit.name',
              t.creditNameLabel,
              html`<input part="input" id="reporter.credit.name" name="reporter.credit.name" autocomplete="name" aria-invalid=${invalid('reporter.credit.name')} aria-describedby=${this.#describedBy('reporter.credit.name', false)} />`,
            )
          : nothing}
      </fieldset>
      ${this.#field(
        'attachments',
        t.attachmentsLabel,
        html`<input part="input" id="attachments" type="file" multiple @change=${this.#onFiles} aria-invalid=${invalid('attachments')} aria-describedby=${this.#describedBy('attachments', true)} />
          ${this.files.length
            ? html`<ul class="files">
                ${this.files.map((file, i) => html`<li><span>${file.name}</span> <button type="button" part="secondary" @click=${() => this.#removeFile(i)}>${t.removeAttachment(file.name)}</button></li>`)}
              </ul>`
            : nothing}`,
        t.attachmentsHint(LIMITS.attachmentsMax, LIMITS.attachmentBytesMax / MEGABYTE),
      )}
      ${renderContextPreview(this.preview, this.omitted, t, (part) => (this.omitted = [...this.omitted, part]))}
      <div class="honeypot" aria-hidden="true">
        <label for="website">${t.honeypotLabel}</label>
        <input id="website" name="website" tabindex="-1" autocomplete="off" />
      </div>
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
