import { html, LitElement, type PropertyValues } from 'lit';
import type { Client } from '@vuln-report/sdk';
import type { DialogHost } from './dialog/dialog-host.ts';
import { VulnReportErrorEvent } from './events/error.ts';
import { BUTTON_LABELS, resolveLanguage } from './i18n/language.ts';
import type { Language, Strings } from './i18n/translation.ts';
import { buttonStyles } from './vuln-report-button.styles.ts';

/** What the lazily loaded dialog module provides. */
interface DialogModule {
  DIALOG_TAG: string;
}

/** The dialog element, as the button drives it. */
interface DialogElement extends HTMLElement {
  host: DialogHost;
  show(): Promise<void>;
  hide(): Promise<void>;
}

let dialogModule: Promise<DialogModule> | undefined;
/** Loads the dialog (form, SDK, validation) once per page; later calls share the promise. */
const loadDialog = () => (dialogModule ??= import('./dialog/report-dialog.ts'));

/** Runs `work` once the page is idle (or soon, where the browser cannot tell). */
const whenIdle = (work: () => void) => (globalThis.requestIdleCallback ?? setTimeout)(() => work());

/**
 * Why the button cannot work as configured, for the host's developer, or `''`. A secret
 * key is named as such and never repeated: the console may be read by more than them.
 */
function unavailable({ client, endpoint, projectKey }: Pick<VulnReportButton, 'client' | 'endpoint' | 'projectKey'>): string {
  if (client) return '';
  if (/^sk_/.test(projectKey)) return 'project-key is a secret key: rotate it, use a pk_ key';
  if (!/^pk_\w+$/.test(projectKey)) return 'project-key needs a pk_ key';
  return /^https?:\/\/[^/]/.test(endpoint) ? '' : 'endpoint needs an http(s) URL';
}

/**
 * A "report a problem" button for any page. The button is all that loads at first; the
 * dialog, the form, the SDK and validation load (and the dialog renders, closed) once the
 * page is idle after its load event, unless the reporter asked to save data, or on the
 * first sign of intent (a pointer over it, touch included, or focus), whichever comes
 * first, and open on click.
 * A button without a usable endpoint and publishable key is disabled, and says why in
 * the console and a `vuln-report-error` event.
 *
 * @event vuln-report-open - The dialog opened.
 * @event vuln-report-request-close - The reporter asked to close with unsent text; cancelable (the dialog stays open, nothing is asked); `detail.source`.
 * @event vuln-report-close - The dialog closed; focus is back on the button.
 * @event vuln-report-submit - A report is about to be sent; cancelable; `detail.extra` takes host context.
 * @event vuln-report-submitted - The intake stored a report; `detail.receipt`.
 * @event vuln-report-queued - Offline: the report is saved and will be sent later; `detail.localId`.
 * @event vuln-report-error - Sending failed for good, or the button is not usable as configured; `detail.message`, `detail.problem`.
 *
 * @csspart button - The button.
 * @csspart dialog - The dialog box.
 * @csspart header - The dialog's title bar.
 * @csspart form - The report form.
 * @csspart field - Each field's wrapper.
 * @csspart label - Each field's label.
 * @csspart input - Each text input, text area and select.
 * @csspart error - Each field's error message.
 * @csspart actions - The row of dialog buttons.
 * @csspart primary - The main action (Send, Done).
 * @csspart secondary - Other actions (Cancel, Copy).
 * @csspart receipt - A report followed after sending (or from "my reports"): its status, history and reply box.
 * @csspart reference - The report's reference.
 * @csspart progress - The progress bar while files are sent.
 * @csspart release-note - The release note of a resolved report.
 *
 * @cssproperty --vuln-report-accent - Main colour: the button, the primary action, focus.
 * @cssproperty --vuln-report-accent-text - Text on the accent colour.
 * @cssproperty --vuln-report-background - Dialog background.
 * @cssproperty --vuln-report-text - Dialog text colour.
 * @cssproperty --vuln-report-muted - Hints and secondary text.
 * @cssproperty --vuln-report-border - Borders of fields and the dialog.
 * @cssproperty --vuln-report-danger - Error messages.
 * @cssproperty --vuln-report-focus - Focus ring colour.
 * @cssproperty --vuln-report-radius - Corner radius.
 * @cssproperty --vuln-report-spacing - Base spacing unit.
 * @cssproperty --vuln-report-font - Font family.
 * @cssproperty --vuln-report-offset - Distance from the viewport's edges when floating.
 * @cssproperty --vuln-report-z-index - Stacking order when floating.
 *
 * The standard `nonce` attribute is honoured: in a browser without constructable
 * stylesheets, Lit's fallback `<style>` elements carry it, so a strict CSP still holds.
 */
export class VulnReportButton extends LitElement implements DialogHost {
  static override styles = buttonStyles;

  // Declared statically rather than with decorators: no decorator helper in the first module.
  static override properties = {
    projectKey: { attribute: 'project-key' },
    endpoint: {},
    appVersion: { attribute: 'app-version' },
    environment: {},
    label: {},
    placement: { reflect: true },
    theme: { reflect: true },
    userEmail: { attribute: 'user-email' },
    captureErrors: { attribute: 'capture-errors', type: Boolean },
    open: { type: Boolean, reflect: true },
    client: { attribute: false },
    context: { attribute: false },
    strings: { attribute: false },
  };

  /** The publishable project key (`pk_...`) of the host's installation. */
  projectKey = '';

  /** Base URL of the vendor's intake API. */
  endpoint = '';

  /** The host app's version, sent with each report. */
  appVersion = '';

  /** The host app's environment (`production`, `staging`), sent with each report. */
  environment = '';

  /** The button's text; the language's own wording when empty. */
  label = '';

  /** `inline` in the page's flow, or floating in a corner: `bottom-right`, `bottom-left`. */
  placement: 'inline' | 'bottom-right' | 'bottom-left' = 'inline';

  /** `light`, `dark`, or `auto` to follow the system's colour scheme. */
  theme: 'light' | 'dark' | 'auto' = 'auto';

  /** The signed-in user's email, if the host wants the vendor to know it; pre-fills the contact field. */
  userEmail = '';

  /** Keep recent console errors and uncaught exceptions and send them with a report (the reporter sees them first). */
  captureErrors = false;

  /** An SDK client to use instead of one made from the attributes. */
  client: Client | undefined;

  /** Extra context sent with each report: flat values. */
  context: Record<string, string | number | boolean | null> = {};

  /** Overrides of any text, in any language. */
  strings: Strings = {};

  /** Whether the dialog is open; setting it opens or closes the dialog, as `show()` and `hide()` do. */
  open = false;

  #dialog: Promise<DialogElement> | undefined;
  /** The last reason told for being unusable, so each is told once. */
  #told = '';
  /** The last opening or closing: each waits for the one before, and `show()` and `hide()` for the last. */
  #transition: Promise<void> = Promise.resolve();

  override connectedCallback() {
    // The built-in `nonce` (the attribute is hidden once parsed): Lit puts it on the <style>
    // elements it falls back to where constructable stylesheets are missing.
    const global = globalThis as { litNonce?: string };
    if (this.nonce && !global.litNonce) global.litNonce = this.nonce;
    super.connectedCallback();
    // A click with no hover first (touch, a keyboard, `show()`) finds the dialog ready: once
    // the page is idle after its load event (never on its critical path), it is fetched and
    // rendered, closed, so opening it only shows it. Not when the reporter asked to save
    // data, unless the host asked to capture errors, which are kept from the moment the SDK
    // is made.
    const prefetch = () =>
      whenIdle(() => unavailable(this) || ((navigator as { connection?: { saveData?: boolean } }).connection?.saveData && !this.captureErrors) || this.#ensureDialog());
    if (document.readyState === 'complete') prefetch();
    else addEventListener('load', prefetch, { once: true });
  }

  /** The language the widget speaks: its own `lang`, else the nearest ancestor's; English by default. */
  get language(): Language {
    return resolveLanguage(this);
  }

  override render() {
    const label = this.label || this.strings.button || BUTTON_LABELS[this.language];
    return html`<button part="button" type="button" aria-haspopup="dialog" ?disabled=${!!unavailable(this)} @pointerenter=${this.#preload} @focus=${this.#preload} @click=${this.show}>
      ${label}
    </button>`;
  }

  protected override updated(changed: PropertyValues<this>) {
    const reason = unavailable(this);
    if (reason && reason !== this.#told) {
      console.error(`vuln-report-button: ${reason}`);
      this.dispatchEvent(new VulnReportErrorEvent(`vuln-report-button: ${reason}`));
    }
    this.#told = reason;
    // Any change but the first render of a closed button.
    if (changed.has('open') && (this.open || changed.get('open'))) this.#transition = this.#transition.then(() => this.#apply());
  }

  /**
   * Opens the dialog, loading it first if needed; resolves once it is shown, or at once
   * when the button is not usable as configured (it has said why).
   */
  show(): Promise<void> {
    this.open = true;
    return this.#settled();
  }

  /** Closes the dialog, keeping unsent text for next time; resolves once focus is back on the button. */
  hide(): Promise<void> {
    this.open = false;
    return this.#settled();
  }

  /** @internal The dialog closed, however it closed: focus goes back to the button. */
  dialogClosed() {
    this.open = false;
    this.renderRoot.querySelector('button')?.focus();
  }

  /** Resolves once `open` has rendered and the dialog has followed it. */
  async #settled() {
    await this.updateComplete;
    return this.#transition;
  }

  /** Brings the dialog in line with `open`. */
  async #apply() {
    if (!this.open) return (await this.#dialog)?.hide();
    if (unavailable(this)) return void (this.open = false);
    const button = this.renderRoot.querySelector('button');
    button?.setAttribute('aria-busy', 'true');
    try {
      await (await this.#ensureDialog()).show();
    } catch (error) {
      // The dialog could not load (a network that failed it): the host hears why.
      this.open = false;
      this.dispatchEvent(new VulnReportErrorEvent((error as Error).message));
    } finally {
      button?.removeAttribute('aria-busy');
    }
  }

  #preload = () => {
    void loadDialog();
  };

  /** The dialog element, made once however many callers ask at the same time (idle preload, a click). */
  #ensureDialog(): Promise<DialogElement> {
    this.#dialog ??= loadDialog().then(({ DIALOG_TAG }) => {
      const dialog = Object.assign(document.createElement(DIALOG_TAG) as DialogElement, { host: this });
      dialog.setAttribute('exportparts', 'dialog,header,form,field,label,input,error,actions,primary,secondary,receipt,reference,progress,release-note');
      this.renderRoot.append(dialog);
      return dialog;
    });
    return this.#dialog;
  }
}
