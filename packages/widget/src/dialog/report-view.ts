import { html, LitElement, nothing } from 'lit';
import { LIMITS, MessageBody, validate, type ReportView } from '@vuln-report/contract';
import type { Translation } from '../i18n/translation.ts';
import { attach, filesOf, NO_FILES, renderFiles, renderProgress, type Attached } from './files.ts';
import { describe } from './messages.ts';
import type { MyReport } from './my-reports.ts';

/** What the report view's buttons do. */
export interface ReportViewActions {
  /** Sends an answer with its files, telling of their progress (0 to 1); resolves to what went wrong, or `''`. */
  reply(message: string, files: File[], progress: (share: number) => void): Promise<string>;
  /** Withdraws the report; resolves to what went wrong, or `''`. */
  withdraw(): Promise<string>;
  /** The reporter is done: close the dialog. */
  done(): void;
  /** Copy the reference. */
  copyReference(): void;
  /** The reporter asked for "my reports". */
  showMyReports(): void;
}

/** States in which the reporter may still add information, and withdraw. */
const OPEN = ['received', 'needs-info', 'triaged'];
const WITHDRAWABLE = ['received', 'needs-info'];
const SHOWN: readonly string[] = ['received', 'info-requested', 'reporter-replied', 'triaged', 'closed', 'reopened', 'resolved', 'notified'];

/**
 * One report as its reporter follows it: the receipt right after sending, or any report
 * "my reports" opens. Its status as it changes (the dialog feeds it the live view), what
 * the state means (when it will be acknowledged, the question to answer, the fixed-in
 * version and release note, why it was closed), the public timeline with staff questions
 * and the reporter's answers, a reply box with attachments while the report is open, and
 * withdrawal before triage. Rendered in the dialog's shadow root, like the form; the
 * heading is marked `data-heading` for the dialog to focus.
 */
export class VulnReportView extends LitElement {
  static override properties = {
    t: { attribute: false },
    report: { attribute: false },
    view: { attribute: false },
    fresh: { attribute: false },
    delivered: { attribute: false },
    copied: { attribute: false },
    problem: { attribute: false },
    attached: { state: true },
    progress: { state: true },
    error: { state: true },
    notice: { state: true },
    sending: { state: true },
    asking: { state: true },
  };

  /** The strings to show. */
  t!: Translation;
  actions!: ReportViewActions;
  /** Formats a time for the reporter. */
  formatDate!: (iso: string) => string;
  /** The report as this browser keeps it (id, token, title). */
  report!: MyReport;
  /** The report's latest view from the intake, once it came. */
  view: ReportView | undefined;
  /** Just sent: the receipt's thanks. */
  fresh = false;
  /** Saved offline first, and now sent. */
  delivered = false;
  /** Whether the reference is on the clipboard. */
  copied = false;
  /** Why the report cannot be shown, if it cannot. */
  problem = '';

  private attached: Attached = NO_FILES;
  private progress: number | undefined;
  /** What is wrong with the answer, beside it. */
  private error = '';
  /** What became of the last action (sent, or why it failed). */
  private notice = '';
  private sending = false;
  /** Whether the withdrawal question is asked. */
  private asking = false;

  protected override createRenderRoot() {
    return this;
  }

  /** A fresh reply box for another report. */
  clear() {
    this.attached = NO_FILES;
    this.error = this.notice = '';
    this.asking = false;
    this.renderRoot.querySelector('form')?.reset();
  }

  #reply = async (event: SubmitEvent) => {
    event.preventDefault();
    if (this.sending) return;
    const form = event.target as HTMLFormElement;
    const checked = validate(MessageBody, { message: new FormData(form).get('message') });
    this.notice = '';
    if (!checked.ok) {
      this.error = describe(checked.issues[0]!, this.t, LIMITS.messageMax);
      await this.updateComplete;
      return this.querySelector<HTMLElement>('#reply')?.focus();
    }
    this.error = '';
    this.sending = true;
    const files = this.attached.files;
    if (files.length) this.progress = 0;
    const failed = await this.actions.reply(checked.value.message, files, (share) => (this.progress = share));
    this.sending = false;
    this.progress = undefined;
    this.notice = failed || this.t.thanksTitle;
    if (!failed) {
      form.reset();
      this.attached = NO_FILES;
    }
  };

  async #withdraw() {
    this.sending = true;
    this.notice = await this.actions.withdraw();
    this.sending = this.asking = false;
  }

  /** One timeline entry as the reporter reads it. */
  #entry(entry: ReportView['timeline'][number]) {
    const t = this.t;
    const files = entry.type === 'reporter-replied' ? (entry.attachments ?? []).map((id) => this.view!.attachments.find((file) => file.id === id)?.name).filter(Boolean) : [];
    const detail =
      entry.type === 'info-requested' || entry.type === 'reporter-replied'
        ? entry.message
        : entry.type === 'resolved'
          ? t.fixedIn(entry.fixedIn)
          : entry.type === 'closed'
            ? t.closeReasons[entry.reason]
            : '';
    return html`<li>
      <time datetime=${entry.at}>${this.formatDate(entry.at)}</time> <strong>${entry.type in t.states ? t.states[entry.type as 'received'] : t.timeline[entry.type as 'notified']}</strong>
      ${detail ? html`<p>${detail}</p>` : nothing}${files.length ? html`<p class="hint">${files.join(', ')}</p>` : nothing}
    </li>`;
  }

  /** What the state means for the reporter. */
  #note(view: ReportView | undefined) {
    const t = this.t;
    const state = view?.state ?? 'received';
    if (state === 'received') {
      const by = view?.acknowledgeBy ?? this.report.acknowledgeBy;
      return by ? html`<p>${t.acknowledgeBy(this.formatDate(by))}</p>` : nothing;
    }
    if (state === 'closed') return html`<p>${t.closeReasons[view!.closeReason ?? 'informative']}</p>`;
    if (state === 'needs-info') return html`<p>${t.needsInfoNote}</p>`;
    if (state !== 'resolved') return nothing;
    const note = view!.timeline.findLast((entry) => entry.type === 'resolved');
    return html`<p>${t.fixedIn(view!.fixedIn ?? '')}</p>
      ${note?.type === 'resolved' && note.releaseNote ? html`<blockquote part="release-note">${note.releaseNote}</blockquote>` : nothing}`;
  }

  #replyBox(state: string) {
    const t = this.t;
    return html`<form class="reply" novalidate @submit=${this.#reply} @paste=${(event: ClipboardEvent) => (this.attached = attach(this.attached, filesOf(event), t))}>
      <div part="field" class="field">
        <label part="label" for="reply">${state === 'needs-info' ? t.replyLabel : t.addInfoLabel}</label>
        <textarea
          part="input"
          id="reply"
          name="message"
          rows="3"
          maxlength=${LIMITS.messageMax}
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby=${this.error ? 'reply-error' : nothing}
          @input=${() => (this.error = '')}
        ></textarea>
        ${this.error ? html`<p part="error" class="error" id="reply-error">${this.error}</p>` : nothing}
      </div>
      ${renderFiles('reply-files', this.attached, t, (change) => (this.attached = change(this.attached)))} ${renderProgress(this.progress, t)}
      <div part="actions">
        <button type="submit" part="primary" ?disabled=${this.sending}>${this.sending && !this.asking ? t.sending : t.replySend}</button>
        ${WITHDRAWABLE.includes(state) && !this.asking ? html`<button type="button" part="secondary" @click=${() => (this.asking = true)}>${t.withdraw}</button>` : nothing}
      </div>
    </form>`;
  }

  override render() {
    const { t, view, report } = this;
    const state = view?.state ?? (this.problem ? undefined : 'received');
    return html`<div part="receipt" class="report">
      <h3 tabindex="-1" data-heading>${this.fresh ? t.receiptTitle : report.title}</h3>
      ${this.delivered ? html`<p>${t.deliveredText}</p>` : nothing} ${this.fresh ? html`<p>${t.receiptText}</p>` : nothing}
      <dl class="receipt">
        <dt>${t.reference}</dt>
        <dd><code part="reference">${report.id}</code></dd>
        ${state ? html`<dt>${t.statusLabel}</dt><dd data-state=${state}>${t.states[state]}</dd>` : nothing}
      </dl>
      ${this.problem ? html`<p part="error" class="error" role="alert">${this.problem}</p>` : this.#note(view)}
      ${view
        ? html`<h4>${t.historyTitle}</h4>
            <ol class="timeline">
              ${view.timeline.filter((entry) => SHOWN.includes(entry.type)).map((entry) => this.#entry(entry))}
            </ol>`
        : nothing}
      ${state && OPEN.includes(state) && !this.problem ? this.#replyBox(state) : nothing}
      ${this.asking
        ? html`<div class="confirm" role="group" aria-labelledby="withdraw-question">
            <p id="withdraw-question">${t.withdrawQuestion}</p>
            <div part="actions">
              <button type="button" part="primary" ?disabled=${this.sending} @click=${() => this.#withdraw()}>${t.withdraw}</button>
              <button type="button" part="secondary" @click=${() => (this.asking = false)}>${t.cancel}</button>
            </div>
          </div>`
        : nothing}
      <p class="notice" role="status">${this.notice}</p>
      <div part="actions">
        <button type="button" part="primary" @click=${this.actions.done}>${t.done}</button>
        <button type="button" part="secondary" @click=${this.actions.copyReference}>${this.copied ? t.copied : t.copy}</button>
        <button type="button" part="secondary" @click=${this.actions.showMyReports}>${t.myReports}</button>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vuln-report-view': VulnReportView;
  }
}
