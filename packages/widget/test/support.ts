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

/** A button wired to the stub, with a fresh client per test. */
export function button(template?: TemplateResult) {
  return fixture<VulnReportButton>(template ?? html`<vuln-report-button project-key="pk_test_acme" endpoint=${INTAKE}></vuln-report-button>`);
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
