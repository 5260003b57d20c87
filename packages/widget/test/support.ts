import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { startStubWorker } from '@vuln-report/server-stub/browser';
import '../src/define.ts';
import type { VulnReportButton } from '../src/vuln-report-button.ts';

/** Where the widget sends reports in these tests: only the stub's service worker answers there. */
export const INTAKE = 'http://127.0.0.1:4998';

/** The stub intake in this page's service worker, shared by a test file. */
export async function startIntake() {
  return startStubWorker({ rateLimit: false });
}

/**
 * The stub intake in this page's service worker for a test file, started once and
 * reset (with the page's storage) before each test. `stub` is there once it started.
 */
export function useIntake() {
  let running: Awaited<ReturnType<typeof startIntake>>;
  before(async () => {
    running = await startIntake();
  });
  after(() => running.stop());
  beforeEach(() => {
    running.stub.reset();
    localStorage.clear();
  });
  return {
    get stub() {
      return running.stub;
    },
  };
}

/** A button wired to the stub, with a fresh client per test. */
export function button(template?: TemplateResult) {
  return fixture<VulnReportButton>(template ?? html`<vuln-report-button project-key="pk_test_acme" endpoint=${INTAKE}></vuln-report-button>`);
}

/**
 * Opens the dialog by its button and returns its shadow root. A person needs a few seconds
 * to fill the form; tests type at once, so the minimum fill time is waived (tests about it
 * set it again).
 */
export async function openDialog(el: VulnReportButton): Promise<ShadowRoot> {
  el.shadowRoot!.querySelector('button')!.click();
  await until(() => Boolean(el.shadowRoot?.querySelector('vuln-report-dialog')?.shadowRoot?.querySelector('dialog[open]')), 'the dialog to open');
  const root = dialogRoot(el);
  root.querySelector('vuln-report-form')!.minFillMs = 0;
  return root;
}

/** Types `values` into the form's fields by name, as input events. */
export function fill(root: ShadowRoot, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const input = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

/** The shadow root of the open dialog. */
export function dialogRoot(el: VulnReportButton): ShadowRoot {
  const dialog = el.shadowRoot?.querySelector('vuln-report-dialog');
  if (!dialog?.shadowRoot) throw new Error('the dialog is not there');
  return dialog.shadowRoot;
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000) {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The deepest focused element, through shadow roots. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
