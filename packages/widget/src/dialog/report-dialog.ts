import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { ValidationError, type ReportResult } from '@vuln-report/sdk';
import type { Problem, Receipt, ReportContext, ReportView } from '@vuln-report/contract';
import { VulnReportCloseEvent } from '../events/close.ts';
import { VulnReportErrorEvent } from '../events/error.ts';
import { VulnReportOpenEvent } from '../events/open.ts';
import { VulnReportQueuedEvent } from '../events/queued.ts';
import { VulnReportRequestCloseEvent, type CloseSource } from '../events/request-close.ts';
import { VulnReportSubmitEvent } from '../events/submit.ts';
import { VulnReportSubmittedEvent } from '../events/submitted.ts';
import { en, loadTranslation, type Translation } from '../i18n/index.ts';
import { ClientController } from './client-controller.ts';
import type { DialogHost } from './dialog-host.ts';
import { renderDiscardQuestion, type DiscardActions } from './discard-question.ts';
import { MyReports } from './my-reports.ts';
import { renderMyReports, type MyReportsActions } from './my-reports-view.ts';
import { copyOrSelect, renderReceipt, type ReceiptActions } from './receipt.ts';
import { VulnReportForm, type CheckedReport, type FormActions } from './report-form.ts';
import { dialogStyles } from './report-dialog.styles.ts';

/** The tag the dialog registers under; the button creates it on first use. */
export const DIALOG_TAG = 'vuln-report-dialog';

type View = 'form' | 'discard' | 'receipt' | 'queued' | 'thanks' | 'reports';

/**
 * The report dialog, loaded on first intent: a modal `<dialog>` in the top layer that
 * shows one view at a time (the form, the discard question, what became of a report,
 * "my reports"). Hostile text anywhere renders as text: every value goes through Lit's
 * text bindings. Its events leave from here and, composed, reach the page as the button's.
 */
export class VulnReportDialog extends LitElement {
  static override styles = dialogStyles;

  static override properties = { translation: { state: true }, view: { state: true }, summary: { state: true }, preview: { state: true }, receipt: { state: true }, status: { state: true }, delivered: { state: true }, copied: { state: true } };

  /** The button that owns this dialog. */
  host!: DialogHost;

  private view: View = 'form';
  /** What the live region says. */
  private summary = '';
  private preview: ReportContext = {};
  private receipt: Receipt | undefined;
  private status: ReportView | undefined;
  private delivered = false;
  private copied = false;
  /** The language's strings, loaded when the dialog opens. */
  private translation: Translation = en;

  readonly #client = new ClientController(this, () => this.host, {
    delivered: (receipt) => this.#delivered(receipt),
    rejected: (problem) => this.#rejected(problem),
  });
  readonly #reports = new MyReports(this, () => this.host);
  /** Whether the dialog is open as far as this element knows: it is told of a close the browser made only by a later event. */
  #open = false;
  /** The title of the report saved offline, for "my reports" once it is sent. */
  #queuedTitle = '';
  #dateFormat: Intl.DateTimeFormat | undefined;

  /** What the views' buttons do; each view sees only its own part. */
  readonly #actions: FormActions & ReceiptActions & DiscardActions & MyReportsActions = {
    send: (report) => this.#send(report),
    ignore: () => (this.view = 'thanks'),
    cancel: () => this.#requestClose('cancel-button'),
    showMyReports: () => this.#showMyReports(),
    announce: (message) => (this.summary = message),
    keepEditing: () => this.#keepEditing(),
    discard: () => {
      this.#reset();
      void this.hide();
    },
    done: () => void this.hide(),
    copyReference: async () => (this.copied = await copyOrSelect(this.receipt!.id, this.#reference)),
  };

  // Elements as Lit's @query finds them, in getters: the builds compile no decorators.
  get #dialog() {
    return this.renderRoot.querySelector('dialog')!;
  }

  /** The form, there from the first render on. */
  get #form() {
    return this.renderRoot.querySelector('vuln-report-form')!;
  }

  get #reference() {
    return this.renderRoot.querySelector('[part~="reference"]');
  }

  /** Where a new view puts focus, so a screen reader says what changed: its heading, or the discard question's safe answer. */
  get #viewFocus() {
    return this.renderRoot.querySelector<HTMLElement>('[data-heading], [data-keep]');
  }

  private get t(): Translation {
    return { ...this.translation, ...this.host.strings };
  }

  /** Resolves once the dialog and the form in it have rendered. */
  protected override async getUpdateComplete() {
    const complete = await super.getUpdateComplete();
    if (this.hasUpdated) await this.#form.updateComplete;
    return complete;
  }

  protected override updated(changed: PropertyValues) {
    if (changed.has('view')) this.#viewFocus?.focus();
  }

  /** Opens as a modal in the host's language, focus on the first field; resolves after the opening animation. Throws without an endpoint or key. */
  async show() {
    this.translation = await loadTranslation(this.host.language);
    this.#dateFormat = new Intl.DateTimeFormat(this.host.language, { dateStyle: 'medium', timeStyle: 'short' });
    this.#reports.load();
    this.#client.listen();
    await this.updateComplete;
    const dialog = this.#dialog;
    if (dialog.open) return;
    dialog.showModal();
    this.#open = true;
    this.#form.start();
    this.#form.focusFirst();
    this.#emit(new VulnReportOpenEvent());
    // The context preview sits in a closed disclosure: capture it after the dialog has
    // painted, so opening never waits for it.
    setTimeout(() => (this.preview = this.#client.client.previewContext(this.host.context)));
    await Promise.allSettled(dialog.getAnimations().map((animation) => animation.finished));
  }

  /** Closes, keeping unsent text for next time; the host and the page hear of it at once. */
  async hide() {
    if (!this.#dialog?.open) return;
    this.#dialog.close();
    this.#closed();
  }

  /** Dispatches one of the widget's events; false when a listener cancelled it. */
  #emit(event: CustomEvent): boolean {
    return this.dispatchEvent(event);
  }

  /** Escape, the close button or Cancel. Unsent text is not dropped at once: the host may cancel, else the reporter is asked. */
  #requestClose(source: CloseSource) {
    if (this.view === 'discard') return this.#keepEditing();
    if (this.view !== 'form' || this.#form.sending || !this.#form.hasInput()) return void this.hide();
    if (this.#emit(new VulnReportRequestCloseEvent(source))) this.view = 'discard';
  }

  #onCancel = (event: Event) => {
    event.preventDefault();
    this.#requestClose('keyboard');
  };

  #keepEditing() {
    this.view = 'form';
    void this.updateComplete.then(() => this.#form.focusFirst());
  }

  /**
   * A `close` event: the browser's own Escape handling, which a page cannot always stop.
   * A close of ours was handled already, and one reported after the dialog reopened is stale.
   */
  #onClose = (event: Event) => {
    if (this.#open && !(event.target as HTMLDialogElement).open) this.#closed();
  };

  /**
   * However the dialog closed: a finished report gives way to a fresh form, unsent text
   * stays for next time, and focus goes back to the button before the page hears of it.
   */
  #closed() {
    this.#open = false;
    if (this.view === 'form' || this.view === 'discard') {
      this.view = 'form';
      this.summary = '';
      this.#form.clearErrors();
    } else {
      this.#reset();
    }
    this.host.dialogClosed();
    this.#emit(new VulnReportCloseEvent());
  }

  #reset() {
    this.#form.reset();
    this.view = 'form';
    this.summary = '';
    this.receipt = undefined;
    this.status = undefined;
    this.delivered = false;
    this.copied = false;
    this.#client.unwatch();
  }

  #showMyReports() {
    this.view = 'reports';
    this.#reports.refresh(this.#client.client);
  }

  async #send({ fields, attachments, omitContext }: CheckedReport) {
    const extra = { ...this.host.context };
    if (!this.#emit(new VulnReportSubmitEvent({ fields, extra }))) return;
    this.summary = this.t.sending;
    try {
      this.#settle(await this.#client.report(fields, { attachments, extra, omitContext }), fields.title);
    } catch (error) {
      if (error instanceof ValidationError) return this.#form.showIssues(error.issues);
      this.summary = this.t.errorUnexpected;
      this.#emit(new VulnReportErrorEvent((error as Error).message));
    }
  }

  #settle(result: ReportResult, title: string) {
    this.summary = '';
    switch (result.status) {
      case 'sent':
        this.#showReceipt(result.receipt, title);
        this.#emit(new VulnReportSubmittedEvent(result.receipt));
        return;
      case 'queued':
        this.#queuedTitle = title;
        this.view = 'queued';
        this.#emit(new VulnReportQueuedEvent(result.localId));
        return;
      case 'rejected': {
        const { problem } = result;
        if (problem.errors?.length) void this.#form.showIssues(problem.errors);
        this.summary = this.t.errorRejected(problem.detail ?? problem.title);
        this.#emit(new VulnReportErrorEvent(this.summary, problem));
        return;
      }
      case 'dropped':
        this.view = 'thanks';
    }
  }

  #delivered(receipt: Receipt) {
    this.#emit(new VulnReportSubmittedEvent(receipt));
    // Only the "saved" screen turns into the receipt; a new report being typed is left alone.
    if (this.view !== 'queued') return this.#reports.add(receipt, this.#queuedTitle);
    this.delivered = true;
    this.#showReceipt(receipt, this.#queuedTitle);
  }

  #rejected(problem: Problem) {
    const message = this.t.errorRejected(problem.detail ?? problem.title);
    if (this.view === 'queued') this.summary = message;
    this.#emit(new VulnReportErrorEvent(message, problem));
  }

  #showReceipt(receipt: Receipt, title: string) {
    // The sent text goes; the form is fresh for the next report.
    this.#form.reset();
    this.receipt = receipt;
    this.status = undefined;
    this.copied = false;
    this.view = 'receipt';
    this.#reports.add(receipt, title);
    this.#client.watch(receipt, (view) => {
      this.status = view;
      this.#reports.setState(receipt.id, view.state);
    });
  }

  #formatDate = (iso: string) => this.#dateFormat!.format(new Date(iso));

  override render() {
    const t = this.t;
    const view = this.view;
    // The form stays in the page, hidden while another view shows, so what the reporter
    // typed survives the discard question and a look at "my reports".
    return html`<dialog part="dialog" aria-modal="true" aria-labelledby="dialog-title" @cancel=${this.#onCancel} @close=${this.#onClose}>
      <header part="header">
        <h2 id="dialog-title">${view === 'reports' ? t.myReports : t.dialogTitle}</h2>
        <button type="button" class="icon" part="secondary" aria-label=${t.close} @click=${() => this.#requestClose('close-button')}>×</button>
      </header>
      ${view === 'discard' ? renderDiscardQuestion(t, this.#actions) : nothing}
      <vuln-report-form .t=${t} .actions=${this.#actions} .shown=${view === 'form'} .email=${this.host.userEmail} .preview=${this.preview} .hasReports=${this.#reports.list.length > 0}></vuln-report-form>
      ${view === 'reports'
        ? renderMyReports(this.#reports.list, t, this.#formatDate, this.#actions)
        : view === 'form' || view === 'discard'
          ? nothing
          : renderReceipt({ outcome: view, receipt: this.receipt, status: this.status, delivered: this.delivered, copied: this.copied }, t, this.#formatDate, this.#actions)}
      <p class="live" role="status" aria-live="polite">${this.summary}</p>
    </dialog>`;
  }
}

// The form is registered here, not in its own module: bundlers drop a bare import of a
// module the package calls free of side effects.
if (!customElements.get(DIALOG_TAG)) customElements.define(DIALOG_TAG, VulnReportDialog);
if (!customElements.get('vuln-report-form')) customElements.define('vuln-report-form', VulnReportForm);

declare global {
  interface HTMLElementTagNameMap {
    'vuln-report-dialog': VulnReportDialog;
  }
}
