import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.ts';
import type { VulnReportButton } from '../src/vuln-report-button.ts';

// A file of its own: its page must not have loaded the dialog for any other test.
describe('lazy loading', () => {
  it('does not fetch the dialog’s code before the first sign of intent', async () => {
    const loaded = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/dialog/report-dialog'));
    expect(loaded(), 'loaded before any interaction').to.equal(false);
    const el = await fixture<VulnReportButton>(html`<vuln-report-button project-key="pk_test_acme" endpoint="http://127.0.0.1:4998"></vuln-report-button>`);
    expect(loaded(), 'loaded on render').to.equal(false);
    el.shadowRoot!.querySelector('button')!.dispatchEvent(new PointerEvent('pointerenter'));
    const started = performance.now();
    while (!loaded() && performance.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(loaded(), 'loaded on hover').to.equal(true);
  });

});
