import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { createClient, checkAttachments, ValidationError, type Client, type ReportResult } from '@vuln-report/sdk';
import { LIMITS, ReportFields, validate, type Problem, type Receipt, type ReportContext, type ReportFieldsInput, type ReportView, type ValidationIssue } from '@vuln-report/contract';
import { VulnReportErrorEvent } from '../events/error.ts';
import { VulnReportQueuedEvent } from '../events/queued.ts';
import { VulnReportSubmitEvent } from '../events/submit.ts';
import { VulnReportSubmittedEvent } from '../events/submitted.ts';
import { en, loadTranslation, type Translation } from '../i18n/index.ts';
import type { VulnReportButton } from '../vuln-report-button.ts';
import { describe } from './messages.ts';
import { myReportsStore, type MyReport } from './my-reports.ts';
import { dialogStyles } from './report-dialog.styles.ts';

/** The tag the dialog registers under; the button creates it on first use. */
export const DIALOG_TAG = 'vuln-report-dialog';

/** A human needs a few seconds to fill the form; a faster submission is asked to wait. */
const MIN_FILL_MS = 2500;
const MEGABYTE = 1024 * 1024;

type View = 'form' | 'discard' | 'receipt' | 'queued' | 'thanks' | 'reports';

const summarize = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The report dialog, loaded on first intent: a modal `<dialog>` in the top layer with
 * the form, then the receipt and the live status. Hostile text anywhere renders as text:
 * every value goes through Lit's text bindings.
 */
export class VulnReportDialog extends LitElement {
  static override styles = dialogStyles;

  static override properties = {
    translation: { state: true },
    view: { state: true },
    errors: { state: true },
    summary: { state: true },
    sending: { state: true },
    files: { state: true },
    preview: { state: true },
    omitted: { state: true },
    receipt: { state: true },
    status: { state: true },
    copied: { state: true },
    creditWanted: { state: true },
    delivered: { state: true },
    reports: { state: true },
  };

  /** The button that owns this dialog: its attributes configure the client. */
  owner!: VulnReportButton;

  private view: View = 'form';
  private errors: Record<string, string> = {};
  private summary = '';
  private sending = false;
  private files: File[] = [];
  private preview: ReportContext = {};
  private omitted: ReadonlyArray<keyof ReportContext> = [];
  private receipt: Receipt | undefined;
  private status: ReportView | undefined;
  private copied = false;
  private creditWanted = false;
  private delivered = false;
  /** "My reports", read from storage when the dialog opens and kept in step after. */
  private reports: MyReport[] = [];

  #client: Client | undefined;
  #openedAt = 0;
  #stopWatch: (() => void) | undefined;
  #stopListening: (() => void) | undefined;
  #queuedId: string | undefined;
  #queuedTitle = '';
  #dateFormat: Intl.DateTimeFormat | undefined;

  /** The language's strings, loaded when the dialog opens. */
  private translation: Translation = en;

  private get t(): Translation {
    return { ...this.translation, ...this.owner.strings };
  }

  private get client(): Client {
    if (this.owner.client) return this.owner.client;
    this.#client ??= createClient({
      endpoint: this.owner.endpoint,
      projectKey: this.owner.projectKey,
      ...(this.owner.appVersion || this.owner.environment
        ? { app: { ...(this.owner.appVersion ? { version: this.owner.appVersion } : {}), ...(this.owner.environment ? { environment: this.owner.environment } : {}) } }
        : {}),
      ...(this.owner.userEmail ? { user: { email: this.owner.userEmail } } : {}),
      ...(this.owner.captureErrors ? { captureErrors: true } : {}),
    });
    return this.#client;
  }

  private get myReports() {
    return myReportsStore(this.owner.endpoint, this.owner.projectKey);
  }

  private rememberReport(update: (store: ReturnType<typeof myReportsStore>) => void) {
    const store = this.myReports;
    update(store);
    this.reports = store.list();
  }

  /** Shows "my reports", refreshing the state of each one not yet final. */
  private showMyReports = () => {
    this.view = 'reports';
    for (const report of this.reports) {
      if (report.state === 'resolved' || report.state === 'closed') continue;
      this.client.status(report).then(
        (view) => this.rememberReport((store) => store.setState(report.id, view.state)),
        () => undefined,
      );
    }
  };

  override connectedCallback() {
    super.connectedCallback();
    // Creating the client starts its error buffer and sends what an earlier page queued;
    // a button not yet given its endpoint and key gets its client when it opens.
    if (this.owner.client || (this.owner.endpoint && this.owner.projectKey)) this.#listen();
  }

  #listen() {
    if (this.#stopListening) return;
    const client = this.client;
    const stops = [
      client.on('delivered', ({ localId, receipt }) => this.#delivered(localId, receipt)),
      client.on('rejected', ({ localId, problem }) => this.#rejected(localId, problem)),
    ];
    this.#stopListening = () => stops.forEach((stop) => stop());
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#stopWatch?.();
    this.#stopListening?.();
    this.#stopListening = undefined;
    // Only the client this dialog made; a host's own client is the host's to close.
    this.#client?.close();
    this.#client = undefined;
  }

  /** Opens the dialog as a modal, in the language of the page around the button. */
  async show() {
    this.translation = await loadTranslation(this.owner.language);
    this.#dateFormat = new Intl.DateTimeFormat(this.owner.language, { dateStyle: 'medium', timeStyle: 'short' });
    this.reports = this.myReports.list();
    this.#listen();
    this.#openedAt = performance.now();
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog || dialog.open) return;
    dialog.showModal();
    (this.renderRoot.querySelector<HTMLElement>('[autofocus]') ?? dialog).focus();
    // The context preview sits in a closed disclosure: capture it after the dialog has
    // painted, so opening never waits for it.
    setTimeout(() => (this.preview = this.client.previewContext(this.owner.context)));
  }

  private get dialog() {
    return this.renderRoot.querySelector('dialog')!;
  }

  private get form() {
    return this.renderRoot.querySelector('form');
  }

  /** Whether the reporter typed something: a text field differs from what it started with. */
  private hasInput(): boolean {
    const fields = this.form?.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input:not([type=radio], [type=checkbox], [type=file], #website), textarea');
    return [...(fields ?? [])].some((field) => field.value.trim() !== field.defaultValue.trim()) || this.files.length > 0;
  }

  /** Escape or the close button: ask before losing typed text. */
  private requestClose = (event?: Event) => {
    event?.preventDefault();
    if (this.view === 'form' && this.hasInput() && !this.sending) {
      this.view = 'discard';
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-keep]')?.focus());
      return;
    }
    if (this.view === 'discard') return this.keepEditing();
    this.close();
  };

  private keepEditing = () => {
    this.view = 'form';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[autofocus]')?.focus());
  };

  private discard = () => {
    this.reset();
    this.close();
  };

  private close() {
    this.dialog.close();
  }

  /**
   * However the dialog closed (our buttons, or the browser's own Escape handling, which
   * a page cannot always stop): a finished report gives way to a fresh form, unsent text
   * stays for next time, and focus goes back to the button.
   */
  private onClosed = () => {
    if (this.view === 'form' || this.view === 'discard') {
      this.view = 'form';
      this.errors = {};
      this.summary = '';
    } else {
      this.reset();
    }
    this.owner.dialogClosed();
  };

  private reset() {
    this.form?.reset();
    this.view = 'form';
    this.errors = {};
    this.summary = '';
    this.files = [];
    this.omitted = [];
    this.creditWanted = false;
    this.receipt = undefined;
    this.status = undefined;
    this.delivered = false;
    this.copied = false;
    this.#stopWatch?.();
  }

  private readFields(form: HTMLFormElement): ReportFieldsInput {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    const checked = (name: string) => data.get(name) === 'on';
    const email = text('reporter.email').trim();
    const impact = {
      ...(checked('impact.dataExposed') ? { dataExposed: true } : {}),
      ...(checked('impact.serviceUnavailable') ? { serviceUnavailable: true } : {}),
      ...(checked('impact.onlyMyAccount') ? { onlyMyAccount: true } : {}),
    };
    const creditName = text('reporter.credit.name').trim();
    const reporter = {
      ...(email ? { email, consentToContact: checked('reporter.consentToContact') } : {}),
      ...(checked('creditWanted') ? { credit: { wanted: true, ...(creditName ? { name: creditName } : {}) } } : {}),
    };
    return {
      kind: text('kind') as ReportFieldsInput['kind'],
      title: text('title'),
      description: text('description'),
      ...(text('stepsToReproduce').trim() ? { stepsToReproduce: text('stepsToReproduce') } : {}),
      ...(Object.keys(impact).length ? { impact } : {}),
      ...(checked('sawSensitiveData') ? { sawSensitiveData: true } : {}),
      ...(Object.keys(reporter).length ? { reporter } : {}),
    };
  }

  /** Shows each issue beside its field (after any message already worked out, such as a file's). */
  private showIssues(issues: readonly ValidationIssue[], known: Record<string, string> = {}) {
    const t = this.t;
    const errors: Record<string, string> = { ...known };
    for (const issue of issues) {
      const field = issue.path.startsWith('attachments') ? 'attachments' : issue.path;
      errors[field] ??= field === 'attachments' ? this.attachmentMessage(issue) : describe(issue, t);
    }
    this.errors = errors;
    this.summary = t.errorSummary(Object.keys(errors).length);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  private attachmentMessage(issue: ValidationIssue): string {
    const t = this.t;
    const index = Number(issue.path.split('.')[1]);
    const file = this.files[index];
    if (file && issue.code === 'invalid_value') return t.errorFileType(file.name);
    if (file) return t.errorFileTooLarge(file.name, LIMITS.attachmentBytesMax / MEGABYTE);
    return this.files.length > LIMITS.attachmentsMax ? t.errorTooManyFiles(LIMITS.attachmentsMax) : t.errorFilesTooLarge(LIMITS.attachmentsTotalBytesMax / MEGABYTE);
  }

  private onFiles = (event: Event) => {
    const input = event.target as HTMLInputElement;
    this.files = [...this.files, ...Array.from(input.files ?? [])];
    input.value = '';
    this.checkFiles();
  };

  private removeFile(index: number) {
    this.files = this.files.filter((_, i) => i !== index);
    this.checkFiles();
  }

  private checkFiles(): boolean {
    const { attachments: _previous, ...others } = this.errors;
    try {
      checkAttachments(this.files);
      this.errors = others;
      return true;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.errors = { ...others, attachments: this.attachmentMessage(error.issues[0]!) };
      return false;
    }
  }

  private submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (this.sending) return;
    const form = event.target as HTMLFormElement;
    const t = this.t;
    const fields = this.readFields(form);
    const checked = validate(ReportFields, fields);
    const filesOk = this.checkFiles();
    if (!checked.ok || !filesOk) {
      return this.showIssues(checked.ok ? [] : checked.issues, filesOk ? {} : { attachments: this.errors.attachments! });
    }
    this.errors = {};
    // Bots fill every field and submit at once; people do neither.
    if (new FormData(form).get('website')) {
      this.view = 'thanks';
      return this.focusHeading();
    }
    if (performance.now() - this.#openedAt < MIN_FILL_MS) {
      this.summary = t.errorTooFast;
      this.#openedAt = 0;
      return;
    }
    const extra = { ...this.owner.context };
    const submitEvent = new VulnReportSubmitEvent({ fields, extra });
    if (!this.owner.dispatchEvent(submitEvent)) return;

    this.sending = true;
    this.summary = t.sending;
    try {
      const result = await this.client.report(fields, { attachments: this.files, extra, omitContext: this.omitted });
      this.settle(result, fields.title);
    } catch (error) {
      if (error instanceof ValidationError) return this.showIssues(error.issues);
      this.summary = t.errorUnexpected;
      this.owner.dispatchEvent(new VulnReportErrorEvent((error as Error).message));
    } finally {
      this.sending = false;
    }
  };

  private settle(result: ReportResult, title: string) {
    const t = this.t;
    switch (result.status) {
      case 'sent':
        this.summary = '';
        this.showReceipt(result.receipt, title);
        this.owner.dispatchEvent(new VulnReportSubmittedEvent(result.receipt));
        return;
      case 'queued':
        this.summary = '';
        this.#queuedId = result.localId;
        this.#queuedTitle = title;
        this.view = 'queued';
        this.owner.dispatchEvent(new VulnReportQueuedEvent(result.localId));
        return this.focusHeading();
      case 'rejected': {
        const issues = result.problem.errors ?? [];
        if (issues.length) this.showIssues(issues);
        this.summary = t.errorRejected(result.problem.detail ?? result.problem.title);
        this.owner.dispatchEvent(new VulnReportErrorEvent(this.summary, result.problem));
        return;
      }
      case 'dropped':
        this.summary = '';
        this.view = 'thanks';
        return this.focusHeading();
    }
  }

  #delivered(localId: string, receipt: Receipt) {
    if (localId !== this.#queuedId) return;
    this.#queuedId = undefined;
    this.owner.dispatchEvent(new VulnReportSubmittedEvent(receipt));
    // Only the "saved" screen turns into the receipt; a new report being typed is left alone.
    if (this.view !== 'queued') return this.rememberReport((store) => store.add(receipt, this.#queuedTitle));
    this.delivered = true;
    this.showReceipt(receipt, this.#queuedTitle);
  }

  #rejected(localId: string, problem: Problem) {
    if (localId !== this.#queuedId) return;
    this.#queuedId = undefined;
    const message = this.t.errorRejected(problem.detail ?? problem.title);
    if (this.view === 'queued') this.summary = message;
    this.owner.dispatchEvent(new VulnReportErrorEvent(message, problem));
  }

  private showReceipt(receipt: Receipt, title: string) {
    // The sent text goes; the form is fresh for the next report.
    this.form?.reset();
    this.files = [];
    this.copied = false;
    this.receipt = receipt;
    this.status = undefined;
    this.view = 'receipt';
    this.rememberReport((store) => store.add(receipt, title));
    this.#stopWatch?.();
    this.#stopWatch = this.client.watch(receipt, (view) => {
      this.status = view;
      this.rememberReport((store) => store.setState(receipt.id, view.state));
    });
    this.focusHeading();
  }

  private focusHeading() {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-heading]')?.focus());
  }

  private async copyReference() {
    if (!this.receipt) return;
    try {
      await navigator.clipboard.writeText(this.receipt.id);
      this.copied = true;
    } catch {
      const selection = getSelection();
      const code = this.renderRoot.querySelector('[part~="reference"]');
      if (selection && code) selection.selectAllChildren(code);
    }
  }

  private formatDate(iso: string) {
    return this.#dateFormat!.format(new Date(iso));
  }

  override render() {
    const t = this.t;
    return html`<dialog part="dialog" aria-modal="true" aria-labelledby="dialog-title" @cancel=${this.requestClose} @close=${this.onClosed}>
      <header part="header">
        <h2 id="dialog-title">${this.view === 'reports' ? t.myReports : t.dialogTitle}</h2>
        <button type="button" class="icon" part="secondary" aria-label=${t.close} @click=${() => this.requestClose()}>×</button>
      </header>
      ${this.renderView(t)}
      <p class="live" role="status" aria-live="polite">${this.summary}</p>
    </dialog>`;
  }

  private renderView(t: Translation) {
    // The form stays in the page, hidden while another view shows, so what the reporter
    // typed survives the discard question and a look at "my reports".
    const editing = this.view === 'form';
    return html`${this.view === 'discard' ? this.renderDiscard(t) : nothing}${this.renderForm(t, !editing)}${editing || this.view === 'discard' ? nothing : this.renderOutcome(t)}`;
  }

  private renderDiscard(t: Translation) {
    return html`<section class="confirm" role="alertdialog" aria-labelledby="discard-title" aria-describedby="discard-text">
      <h3 id="discard-title">${t.discardTitle}</h3>
      <p id="discard-text">${t.discardText}</p>
      <div part="actions">
        <button type="button" part="primary" data-keep @click=${this.keepEditing}>${t.keepEditing}</button>
        <button type="button" part="secondary" @click=${this.discard}>${t.discard}</button>
      </div>
    </section>`;
  }

  private renderOutcome(t: Translation): TemplateResult {
    switch (this.view) {
      case 'receipt':
        return this.renderReceipt(t);
      case 'queued':
        return html`<section part="receipt">
          <h3 tabindex="-1" data-heading>${t.queuedTitle}</h3>
          <p>${t.queuedText}</p>
          <div part="actions"><button type="button" part="primary" @click=${() => this.close()}>${t.done}</button></div>
        </section>`;
      case 'reports':
        return this.renderMyReports(t);
      default:
        return html`<section part="receipt">
          <h3 tabindex="-1" data-heading>${t.thanksTitle}</h3>
          <div part="actions"><button type="button" part="primary" @click=${() => this.close()}>${t.done}</button></div>
        </section>`;
    }
  }

  private field(name: string, label: string, control: TemplateResult, hint?: string) {
    const error = this.errors[name];
    return html`<div part="field" class="field">
      <label part="label" for=${name}>${label}</label>
      ${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : nothing} ${control}
      ${error ? html`<p part="error" class="error" id="${name}-error">${error}</p>` : nothing}
    </div>`;
  }

  private describedBy(name: string, hint: boolean) {
    return [hint ? `${name}-hint` : '', this.errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ') || nothing;
  }

  private renderForm(t: Translation, hidden: boolean) {
    const invalid = (name: string) => (this.errors[name] ? 'true' : 'false');
    const kinds: Array<[string, string]> = [
      ['vulnerability', t.kindVulnerability],
      ['bug', t.kindBug],
      ['data-exposure', t.kindDataExposure],
      ['other', t.kindOther],
    ];
    return html`<form part="form" novalidate ?hidden=${hidden} @submit=${this.submit}>
      <p class="intro">${t.dialogIntro}</p>
      <fieldset part="field" class="field" aria-describedby=${this.describedBy('kind', false)}>
        <legend part="label">${t.kindLegend}</legend>
        ${kinds.map(
          ([value, label], i) => html`<label class="choice"><input type="radio" name="kind" value=${value} ?checked=${i === 0} ?autofocus=${i === 0} aria-invalid=${invalid('kind')} />${label}</label>`,
        )}
        ${this.errors.kind ? html`<p part="error" class="error" id="kind-error">${this.errors.kind}</p>` : nothing}
      </fieldset>
      ${this.field(
        'title',
        t.titleLabel,
        html`<input part="input" id="title" name="title" maxlength=${LIMITS.titleMax} autocomplete="off" aria-invalid=${invalid('title')} aria-describedby=${this.describedBy('title', true)} />`,
        t.titleHint,
      )}
      ${this.field(
        'description',
        t.descriptionLabel,
        html`<textarea part="input" id="description" name="description" rows="4" maxlength=${LIMITS.longTextMax} aria-invalid=${invalid('description')} aria-describedby=${this.describedBy('description', true)}></textarea>`,
        t.descriptionHint,
      )}
      ${this.field(
        'stepsToReproduce',
        t.stepsLabel,
        html`<textarea part="input" id="stepsToReproduce" name="stepsToReproduce" rows="3" maxlength=${LIMITS.longTextMax} aria-invalid=${invalid('stepsToReproduce')} aria-describedby=${this.describedBy('stepsToReproduce', false)}></textarea>`,
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
        ${this.field(
          'reporter.email',
          t.emailLabel,
          html`<input part="input" id="reporter.email" name="reporter.email" type="email" autocomplete="email" value=${this.owner.userEmail} aria-invalid=${invalid('reporter.email')} aria-describedby=${this.describedBy('reporter.email', true)} />`,
          t.emailHint,
        )}
        <label class="choice"><input type="checkbox" name="reporter.consentToContact" />${t.consentToContact}</label>
        <label class="choice"><input type="checkbox" name="creditWanted" @change=${(e: Event) => (this.creditWanted = (e.target as HTMLInputElement).checked)} />${t.creditWanted}</label>
        ${this.creditWanted
          ? this.field(
              'reporter.credit.name',
              t.creditNameLabel,
              html`<input part="input" id="reporter.credit.name" name="reporter.credit.name" autocomplete="name" aria-invalid=${invalid('reporter.credit.name')} aria-describedby=${this.describedBy('reporter.credit.name', false)} />`,
            )
          : nothing}
      </fieldset>
      ${this.field(
        'attachments',
        t.attachmentsLabel,
        html`<input part="input" id="attachments" type="file" multiple @change=${this.onFiles} aria-invalid=${invalid('attachments')} aria-describedby=${this.describedBy('attachments', true)} />
          ${this.files.length
            ? html`<ul class="files">
                ${this.files.map((file, i) => html`<li><span>${file.name}</span> <button type="button" part="secondary" @click=${() => this.removeFile(i)}>${t.removeAttachment(file.name)}</button></li>`)}
              </ul>`
            : nothing}`,
        t.attachmentsHint(LIMITS.attachmentsMax, LIMITS.attachmentBytesMax / MEGABYTE),
      )}
      ${this.renderContext(t)}
      <div class="honeypot" aria-hidden="true">
        <label for="website">${t.honeypotLabel}</label>
        <input id="website" name="website" tabindex="-1" autocomplete="off" />
      </div>
      <div part="actions">
        <button type="submit" part="primary" ?disabled=${this.sending}>${this.sending ? t.sending : t.submit}</button>
        <button type="button" part="secondary" @click=${() => this.requestClose()}>${t.cancel}</button>
        ${this.reports.length ? html`<button type="button" part="secondary" @click=${this.showMyReports}>${t.myReports}</button>` : nothing}
      </div>
    </form>`;
  }

  private renderContext(t: Translation) {
    // Whatever the SDK captured, but the capture time; in the SDK's order.
    const parts = (Object.keys(this.preview) as Array<keyof ReportContext>).filter((part) => part !== 'capturedAt' && !this.omitted.includes(part));
    return html`<details part="field" class="field context">
      <summary part="label">${t.contextLegend}</summary>
      <p class="hint">${t.contextHint}</p>
      ${parts.length
        ? html`<dl>
            ${parts.map(
              (part) => html`<div class="context-row">
                <dt>${t.contextParts[part]}</dt>
                <dd><code>${summarize(this.preview[part])}</code></dd>
                <button type="button" part="secondary" @click=${() => (this.omitted = [...this.omitted, part])}>${t.contextRemove(t.contextParts[part])}</button>
              </div>`,
            )}
          </dl>`
        : html`<p>${t.contextEmpty}</p>`}
    </details>`;
  }

  private renderReceipt(t: Translation) {
    const receipt = this.receipt!;
    const state = this.status?.state ?? receipt.state;
    return html`<section part="receipt">
      <h3 tabindex="-1" data-heading>${t.receiptTitle}</h3>
      ${this.delivered ? html`<p>${t.deliveredText}</p>` : nothing}
      <p>${t.receiptText}</p>
      <dl class="receipt">
        <dt>${t.reference}</dt>
        <dd><code part="reference">${receipt.id}</code></dd>
        <dt>${t.statusLabel}</dt>
        <dd data-state=${state}>${t.states[state]}</dd>
      </dl>
      <p>${t.acknowledgeBy(this.formatDate(receipt.acknowledgeBy))}</p>
      ${this.status?.fixedIn ? html`<p>${t.fixedIn(this.status.fixedIn)}</p>` : nothing}
      <div part="actions">
        <button type="button" part="primary" @click=${() => this.close()}>${t.done}</button>
        <button type="button" part="secondary" @click=${this.copyReference}>${this.copied ? t.copied : t.copy}</button>
        <button type="button" part="secondary" @click=${this.showMyReports}>${t.myReports}</button>
      </div>
    </section>`;
  }

  private renderMyReports(t: Translation) {
    const reports = this.reports;
    return html`<section>
      ${reports.length
        ? html`<ul class="reports">
            ${reports.map(
              (report) => html`<li>
                <span class="report-title">${report.title}</span>
                <code>${report.id}</code>
                <span data-state=${report.state}>${t.states[report.state]}</span>
                <time datetime=${report.receivedAt}>${this.formatDate(report.receivedAt)}</time>
              </li>`,
            )}
          </ul>`
        : html`<p>${t.myReportsEmpty}</p>`}
      <div part="actions">
        <button type="button" part="primary" @click=${this.keepEditing}>${t.newReport}</button>
        <button type="button" part="secondary" @click=${() => this.close()}>${t.done}</button>
      </div>
    </section>`;
  }
}

if (!customElements.get(DIALOG_TAG)) customElements.define(DIALOG_TAG, VulnReportDialog);
