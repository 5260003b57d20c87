import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { AuthError, ValidationError, type ReportResult, type VulnReportError } from '@vuln-report/sdk';
import { progressFetch } from '@vuln-report/sdk/upload';
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
import { explain } from './messages.ts';
import { MyReports, type MyReport } from './my-reports.ts';
import { renderMyReports, type MyReportsActions } from './my-reports-view.ts';
import { copyOrSelect, renderOutcome } from './receipt.ts';
import { VulnReportForm, type CheckedReport, type FormActions } from './report-form.ts';
import { VulnReportView, type ReportViewActions } from './report-view.ts';
import { dialogStyles } from './report-dialog.styles.ts';

/** The tag the dialog registers under; the button creates it on first use. */
export const DIALOG_TAG = 'vuln-report-dialog';

type View = 'form' | 'discard' | 'report' | 'queued' | 'thanks' | 'reports';

/** `progress` as a `fetch` that reports upload progress, for a request with files; none without. */
const withProgress = (files: readonly File[], progress: (share: number) => void) =>
  files.length ? { fetch: progressFetch((sent, total) => progress(total ? sent / total : 0)) } : {};

/**
 * The report dialog, loaded on first intent: a modal `<dialog>` in the top layer that
 * shows one view at a time (the form, the discard question, a report followed live, what
 * became of a report with no receipt, "my reports"). Hostile text anywhere renders as
 * text: every value goes through Lit's text bindings. Its events leave from here and,
 * composed, reach the page as the button's.
 */
export class VulnReportDialog extends LitElement {
  static override styles = dialogStyles;

  static override properties = {
    translation: { state: true },
    view: { state: true },
    summary: { state: true },
    preview: { state: true },
    current: { state: true },
    status: { state: true },
    problem: { state: true },
    fresh: { state: true },
    delivered: { state: true },
    offline: { state: true },
    copied: { state: true },
  };

  /** The button that owns this dialog. */
  host!: DialogHost;

  private view: View = 'form';
  /** What the live region says. */
  private summary = '';
  private preview: ReportContext = {};
  /** The report the report view shows. */
  private current: MyReport | undefined;
  /** Its latest view from the intake. */
  private status: ReportView | undefined;
  /** Why it cannot be shown, if it cannot. */
  private problem = '';
  /** Whether it was just sent (the receipt's thanks). */
  private fresh = false;
  private delivered = false;
  /** Whether the browser was offline when a report was saved for later. */
  private offline = false;
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
  /** Where focus was when the discard question was asked: it goes back there. */
  #returnFocus: HTMLElement | undefined;
  #dateFormat: Intl.DateTimeFormat | undefined;

  /** What the views' buttons do; each view sees only its own part. */
  readonly #actions: FormActions & ReportViewActions & DiscardActions & MyReportsActions = {
    send: (report, progress) => this.#send(report, progress),
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
    copyReference: async () => (this.copied = await copyOrSelect(this.current!.id, this.renderRoot.querySelector('[part~="reference"]'))),
    openReport: (report) => this.#openReport(report, false),
    reply: (message, files, progress) =>
      this.#act(() => this.#client.client.reply(this.current!, message, { attachments: files, ...withProgress(files, progress) })),
    withdraw: () => this.#act(() => this.#client.client.withdraw(this.current!)),
  };

  // Elements as Lit's @query finds them, in getters: the builds compile no decorators.
  get #dialog() {
    return this.renderRoot.querySelector('dialog')!;
  }

  /** The form, there from the first render on. */
  get #form() {
    return this.renderRoot.querySelector('vuln-report-form')!;
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

  protected override async updated(changed: PropertyValues) {
    if (!changed.has('view') || this.view === 'form') return;
    // The report view renders its heading in its own update, just after this one.
    await this.renderRoot.querySelector('vuln-report-view')?.updateComplete;
    this.#viewFocus?.focus();
  }

  /** Opens as a modal in the host's language, focus on the first field; resolves after the opening animation. */
  async show() {
    if (this.host.language !== 'en' || this.translation !== en) this.translation = await loadTranslation(this.host.language);
    this.#reports.load();
    await this.updateComplete;
    const dialog = this.#dialog;
    if (dialog.open) return;
    dialog.showModal();
    this.#open = true;
    this.#form.start();
    if (this.view === 'form') this.#form.focusFirst();
    else this.#viewFocus?.focus();
    this.#emit(new VulnReportOpenEvent());
    // The client (its queue, its error buffer) and the context preview, which sits in a
    // closed disclosure, come after the dialog has painted, so opening never waits for them.
    setTimeout(() => {
      try {
        this.#client.listen();
        this.preview = this.#client.client.previewContext(this.host.context);
      } catch {
        // A button without a usable endpoint or key never opens (it says why); a host's own client may still be coming.
      }
    });
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
    if (!this.#emit(new VulnReportRequestCloseEvent(source))) return;
    this.#returnFocus = (this.renderRoot as ShadowRoot).activeElement as HTMLElement | undefined;
    this.view = 'discard';
  }

  #onCancel = (event: Event) => {
    event.preventDefault();
    this.#requestClose('keyboard');
  };

  /** Back to the form, focus where it was before the question. */
  async #keepEditing() {
    this.view = 'form';
    await this.updateComplete;
    const back = this.#returnFocus;
    this.#returnFocus = undefined;
    if (back?.isConnected && !back.closest('[hidden]')) back.focus();
    else this.#form.focusFirst();
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
    this.current = this.status = undefined;
    this.fresh = this.delivered = this.copied = false;
    this.#client.unwatch();
  }

  #showMyReports() {
    this.view = 'reports';
  }

  async #send({ fields, attachments, omitContext }: CheckedReport, progress: (share: number) => void) {
    const extra = { ...this.host.context };
    if (!this.#emit(new VulnReportSubmitEvent({ fields, extra }))) return;
    this.summary = this.t.sending;
    try {
      this.#settle(await this.#client.report(fields, { attachments, extra, omitContext, ...withProgress(attachments, progress) }), fields.title);
    } catch (error) {
      this.summary = '';
      if (error instanceof ValidationError) return this.#form.showIssues(error.issues);
      void this.#form.showNotice(this.t.errorUnexpected);
      this.#emit(new VulnReportErrorEvent((error as Error).message));
    }
  }

  #settle(result: ReportResult, title: string) {
    this.summary = '';
    switch (result.status) {
      case 'sent':
        this.#form.reset();
        this.#reports.add(result.receipt, title);
        this.#openReport(this.#reports.find(result.receipt.id) ?? { ...result.receipt, title }, true);
        this.#emit(new VulnReportSubmittedEvent(result.receipt));
        return;
      case 'queued':
        this.#queuedTitle = title;
        this.offline = !navigator.onLine;
        this.view = 'queued';
        this.#emit(new VulnReportQueuedEvent(result.localId));
        return;
      case 'rejected': {
        const { problem, error } = result;
        if (problem.errors?.length) void this.#form.showIssues(problem.errors);
        else void this.#form.showNotice(explain(error, this.t));
        // A refused key is the host's to fix: its developer hears why, in the console and the event.
        const message = error instanceof AuthError ? `vuln-report-button: the intake refused its key: ${error.message}` : this.t.errorRejected(problem.detail ?? problem.title);
        if (error instanceof AuthError) console.error(message);
        this.#emit(new VulnReportErrorEvent(message, problem));
        return;
      }
      case 'dropped':
        this.view = 'thanks';
    }
  }

  #delivered(receipt: Receipt) {
    this.#emit(new VulnReportSubmittedEvent(receipt));
    this.#reports.add(receipt, this.#queuedTitle);
    // Only the "saved" screen turns into the report; a new report being typed is left alone.
    if (this.view !== 'queued') return;
    this.#openReport(this.#reports.find(receipt.id) ?? { ...receipt, title: this.#queuedTitle }, true);
    this.delivered = true;
  }

  #rejected(problem: Problem) {
    const message = this.t.errorRejected(problem.detail ?? problem.title);
    if (this.view === 'queued') this.summary = message;
    this.#emit(new VulnReportErrorEvent(message, problem));
  }

  /** Shows `report` and follows it live; `fresh` for the one just sent. */
  #openReport(report: MyReport, fresh: boolean) {
    this.renderRoot.querySelector('vuln-report-view')?.clear();
    this.current = report;
    this.status = undefined;
    this.problem = '';
    this.fresh = fresh;
    this.delivered = this.copied = false;
    this.view = 'report';
    this.#client.watch(
      report,
      (view) => {
        this.status = view;
        this.#reports.setState(report.id, view.state);
      },
      (error) => {
        // Trouble that may pass leaves the last view showing; a report the intake does not know is said so.
        if (!error.retryable) this.problem = this.t.errorLoad;
      },
    );
  }

  /** Runs a reporter action on the shown report; resolves to what went wrong, or `''`. */
  async #act(action: () => Promise<ReportView>): Promise<string> {
    try {
      const view = await action();
      this.status = view;
      this.#reports.setState(view.id, view.state);
      return '';
    } catch (error) {
      return explain(error as VulnReportError, this.t);
    }
  }

  /** Dates in the host's language; the formatter is made on first use (it is slow to make), never as the dialog opens. */
  #formatDate = (iso: string) => (this.#dateFormat ??= new Intl.DateTimeFormat(this.host.language, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(iso));

  override render() {
    const t = this.t;
    const view = this.view;
    // The form stays in the page, hidden while another view shows, so what the reporter
    // typed survives the discard question and a look at "my reports". The title bar is no
    // `<header>`: in a host page with its own, a second banner landmark would confuse.
    return html`<dialog part="dialog" aria-modal="true" aria-labelledby="dialog-title" @cancel=${this.#onCancel} @close=${this.#onClose}>
      <div class="header" part="header">
        <h2 id="dialog-title">${view === 'reports' ? t.myReports : t.dialogTitle}</h2>
        <button type="button" class="icon" part="secondary" aria-label=${t.close} @click=${() => this.#requestClose('close-button')}>×</button>
      </div>
      ${view === 'discard' ? renderDiscardQuestion(t, this.#actions) : nothing}
      <vuln-report-form .t=${t} .actions=${this.#actions} .shown=${view === 'form'} .email=${this.host.userEmail} .preview=${this.preview} .hasReports=${this.#reports.list.length > 0}></vuln-report-form>
      ${view === 'reports'
        ? renderMyReports(this.#reports.list, t, this.#formatDate, this.#actions)
        : view === 'report'
          ? html`<vuln-report-view
              .t=${t}
              .actions=${this.#actions}
              .formatDate=${this.#formatDate}
              .report=${this.current}
              .view=${this.status}
              .fresh=${this.fresh}
              .delivered=${this.delivered}
              .copied=${this.copied}
              .problem=${this.problem}
            ></vuln-report-view>`
          : view === 'queued' || view === 'thanks'
            ? renderOutcome(view, this.offline, t, this.#actions.done)
            : nothing}
      <p class="live" role="status" aria-live="polite">${this.summary}</p>
    </dialog>`;
  }
}

// The form and the report view are registered here, not in their own modules: bundlers
// drop a bare import of a module the package calls free of side effects.
if (!customElements.get(DIALOG_TAG)) customElements.define(DIALOG_TAG, VulnReportDialog);
if (!customElements.get('vuln-report-form')) customElements.define('vuln-report-form', VulnReportForm);
if (!customElements.get('vuln-report-view')) customElements.define('vuln-report-view', VulnReportView);

declare global {
  interface HTMLElementTagNameMap {
    'vuln-report-dialog': VulnReportDialog;
  }
}
