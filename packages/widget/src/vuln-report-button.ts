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

/**
 * A "report a problem" button for any page. The button is all that loads at first; the
 * dialog, the form, the SDK and validation load on the first sign of intent (hover,
 * focus or touch) and open on click.
 *
 * @event vuln-report-open - The dialog opened.
 * @event vuln-report-request-close - The reporter asked to close with unsent text; cancelable (the dialog stays open, nothing is asked); `detail.source`.
 * @event vuln-report-close - The dialog closed; focus is back on the button.
 * @event vuln-report-submit - A report is about to be sent; cancelable; `detail.extra` takes host context.
 * @event vuln-report-submitted - The intake stored a report; `detail.receipt`.
 * @event vuln-report-queued - Offline: the report is saved and will be sent later; `detail.localId`.
 * @event vuln-report-error - Sending failed for good; `detail.message`, `detail.problem`.
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
 * @csspart receipt - The receipt after sending.
 * @csspart reference - The report's reference on the receipt.
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
  /** The last opening or closing: each waits for the one before, and `show()` and `hide()` for the last. */
  #transition: Promise<void> = Promise.resolve();

  override connectedCallback() {
    // The built-in `nonce` (the attribute is hidden once parsed): Lit puts it on the <style>
    // elements it falls back to where constructable stylesheets are missing.
    const global = globalThis as { litNonce?: string };
    if (this.nonce && !global.litNonce) global.litNonce = this.nonce;
    super.connectedCallback();
    // Errors are kept from the moment the SDK loads, so load it when the page is idle.
    if (this.captureErrors) (globalThis.requestIdleCallback ?? setTimeout)(() => void this.#ensureDialog());
  }

  /** The language the widget speaks: its own `lang`, else the nearest ancestor's; English by default. */
  get language(): Language {
    return resolveLanguage(this);
  }

  override render() {
    const label = this.label || this.strings.button || BUTTON_LABELS[this.language];
    return html`<button part="button" type="button" aria-haspopup="dialog" @pointerenter=${this.#preload} @focus=${this.#preload} @touchstart=${this.#preload} @click=${this.show}>
      ${label}
    </button>`;
  }

  protected override updated(changed: PropertyValues<this>) {
    // Any change but the first render of a closed button.
    if (changed.has('open') && (this.open || changed.get('open'))) this.#transition = this.#transition.then(() => this.#apply());
  }

  /**
   * Opens the dialog, loading it first if needed; resolves once it is shown, or once
   * `vuln-report-error` has said why it could not be (a missing endpoint or key).
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
    const button = this.renderRoot.querySelector('button');
    button?.setAttribute('aria-busy', 'true');
    try {
      await (await this.#ensureDialog()).show();
    } catch (error) {
      // A misconfigured button (no endpoint or key) tells the host instead of failing silently.
      console.error(error);
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
      dialog.setAttribute('exportparts', 'dialog, header, form, field, label, input, error, actions, primary, secondary, receipt, reference');
      this.renderRoot.append(dialog);
      return dialog;
    });
    return this.#dialog;
  }
}
