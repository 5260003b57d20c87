import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.ts';
import type { VulnReportButton } from '../src/vuln-report-button.ts';

const loaded = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/dialog/report-dialog'));

// A file of its own: its page must not have loaded the dialog for any other test.
describe('lazy loading when the reporter asked to save data', () => {
  it('fetches the dialog’s code on the first sign of intent only', async () => {
    Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true });
    const el = await fixture<VulnReportButton>(html`<vuln-report-button project-key="pk_test_acme" endpoint="http://127.0.0.1:4998"></vuln-report-button>`);
    await new Promise((resolve) => requestIdleCallback(resolve));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(loaded(), 'loaded while idle').to.equal(false);
    el.shadowRoot!.querySelector('button')!.dispatchEvent(new PointerEvent('pointerenter'));
    const started = performance.now();
    while (!loaded() && performance.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(loaded(), 'loaded on hover').to.equal(true);
  });
});
