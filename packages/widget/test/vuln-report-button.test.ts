import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/define.ts';
import type { VulnReportButton } from '../src/vuln-report-button.ts';

function innerButton(el: VulnReportButton): HTMLButtonElement {
  const button = el.shadowRoot?.querySelector('button');
  if (!button) throw new Error('no button rendered');
  return button;
}

describe('<vuln-report-button>', () => {
  it('renders a button with the default label', async () => {
    const el = await fixture<VulnReportButton>(html`<vuln-report-button></vuln-report-button>`);
    expect(innerButton(el).textContent).to.equal('Report a problem');
    expect(innerButton(el).getAttribute('part')).to.equal('button');
  });

  it('reflects the label, project-key and endpoint attributes into properties', async () => {
    const el = await fixture<VulnReportButton>(
      html`<vuln-report-button label="Report a security issue" project-key="pk_test_acme" endpoint="http://127.0.0.1:4010"></vuln-report-button>`,
    );
    expect(innerButton(el).textContent).to.equal('Report a security issue');
    expect(el.projectKey).to.equal('pk_test_acme');
    expect(el.endpoint).to.equal('http://127.0.0.1:4010');
  });

  it('renders a hostile label as text', async () => {
    const el = await fixture<VulnReportButton>(html`<vuln-report-button label="<img src=x onerror=alert(1)>"></vuln-report-button>`);
    expect(innerButton(el).textContent).to.equal('<img src=x onerror=alert(1)>');
    expect(innerButton(el).querySelector('img')).to.equal(null);
  });

  it('fires a bubbling, composed vuln-report-open event on click', async () => {
    const el = await fixture<VulnReportButton>(html`<vuln-report-button></vuln-report-button>`);
    setTimeout(() => innerButton(el).click());
    const event = await oneEvent(el, 'vuln-report-open');
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
  });

  it('is focusable and has no accessibility violations', async () => {
    const el = await fixture<VulnReportButton>(html`<vuln-report-button></vuln-report-button>`);
    innerButton(el).focus();
    expect(el.shadowRoot?.activeElement).to.equal(innerButton(el));
    await expect(el).to.be.accessible();
  });

  it('survives its define module being evaluated twice', async () => {
    await import(`../src/define.ts?again=${Date.now()}`);
    expect(customElements.get('vuln-report-button')).to.exist;
  });
});
