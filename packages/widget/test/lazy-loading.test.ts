import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.ts';
import type { VulnReportButton } from '../src/vuln-report-button.ts';

const loaded = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/dialog/report-dialog'));

// A file of its own: its page must not have loaded the dialog for any other test.
describe('lazy loading', () => {
  it('does not fetch the dialog’s code on render, and fetches and renders it, closed, once the page is idle, with no intent', async () => {
    expect(loaded(), 'loaded before any button').to.equal(false);
    expect(document.readyState).to.equal('complete');
    const el = await fixture<VulnReportButton>(html`<vuln-report-button project-key="pk_test_acme" endpoint="http://127.0.0.1:4998"></vuln-report-button>`);
    expect(loaded(), 'loaded on render').to.equal(false);
    const started = performance.now();
    while (!loaded() && performance.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(loaded(), 'loaded once idle').to.equal(true);
    // Rendered, closed, so that a first click only shows it.
    const rendered = () => el.shadowRoot!.querySelector('vuln-report-dialog')?.shadowRoot?.querySelector('dialog');
    while (!rendered()?.querySelector('form') && performance.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rendered()!.querySelector('form'), 'the form rendered').to.exist;
    expect(rendered()!.open).to.equal(false);
    expect(el.open).to.equal(false);
  });
});
