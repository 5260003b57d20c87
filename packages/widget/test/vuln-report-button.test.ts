import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/define.ts';
import type { VulnReportButton } from '../src/vuln-report-button.ts';

function innerButton(el: VulnReportButton): HTMLButtonElement {
  const button = el.shadowRoot?.querySelector('button');
  if (!button) throw new Error('no button rendered');
  return button;
}

describe('<vuln-report-button>', () => {
  it('renders a button with the default label, as a dialog opener', async () => {
    const el = await fixture<VulnReportButton>(html`<vuln-report-button></vuln-report-button>`);
    expect(innerButton(el).textContent?.trim()).to.equal('Report a problem');
    expect(innerButton(el).getAttribute('part')).to.equal('button');
    expect(innerButton(el).getAttribute('aria-haspopup')).to.equal('dialog');
  });

  it('reads every attribute into its property', async () => {
    const el = await fixture<VulnReportButton>(html`<vuln-report-button
      label="Report a security issue"
      project-key="pk_test_acme"
      endpoint="http://127.0.0.1:4010"
      app-version="2.4.1"
      environment="staging"
      placement="bottom-left"
      theme="dark"
      user-email="ada@example.com"
      capture-errors
    ></vuln-report-button>`);
    expect(innerButton(el).textContent?.trim()).to.equal('Report a security issue');
    expect([el.projectKey, el.endpoint, el.appVersion, el.environment, el.placement, el.theme, el.userEmail, el.captureErrors]).to.deep.equal([
      'pk_test_acme',
      'http://127.0.0.1:4010',
      '2.4.1',
      'staging',
      'bottom-left',
      'dark',
      'ada@example.com',
      true,
    ]);
  });

  it('floats in the corner it is placed in, and stays in the flow inline', async () => {
    const floating = await fixture<VulnReportButton>(html`<vuln-report-button placement="bottom-right"></vuln-report-button>`);
    const style = getComputedStyle(floating);
    expect(style.position).to.equal('fixed');
    expect(style.bottom).to.equal('16px');
    expect(style.right).to.equal('16px');
    const inline = await fixture<VulnReportButton>(html`<vuln-report-button></vuln-report-button>`);
    expect(getComputedStyle(inline).position).to.equal('static');
  });

  it('switches colours with the theme and takes the host’s custom properties', async () => {
    const light = await fixture<VulnReportButton>(html`<vuln-report-button theme="light"></vuln-report-button>`);
    const dark = await fixture<VulnReportButton>(html`<vuln-report-button theme="dark"></vuln-report-button>`);
    expect(getComputedStyle(innerButton(light)).backgroundColor).to.equal('rgb(29, 78, 216)');
    expect(getComputedStyle(innerButton(dark)).backgroundColor).to.equal('rgb(147, 197, 253)');
    const themed = await fixture<VulnReportButton>(html`<vuln-report-button style="--vuln-report-accent: rgb(1, 2, 3); --vuln-report-radius: 0px"></vuln-report-button>`);
    expect(getComputedStyle(innerButton(themed)).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(innerButton(themed)).borderTopLeftRadius).to.equal('0px');
  });

  it('speaks the language of its own lang or the nearest ancestor’s', async () => {
    const spanish = await fixture<HTMLElement>(html`<div lang="es-MX"><vuln-report-button></vuln-report-button></div>`);
    expect(innerButton(spanish.querySelector('vuln-report-button')!).textContent?.trim()).to.equal('Informar de un problema');
    const russian = await fixture<VulnReportButton>(html`<vuln-report-button lang="ru"></vuln-report-button>`);
    expect(innerButton(russian).textContent?.trim()).to.equal('Сообщить о проблеме');
    const unknown = await fixture<VulnReportButton>(html`<vuln-report-button lang="fr"></vuln-report-button>`);
    expect(innerButton(unknown).textContent?.trim()).to.equal('Report a problem');
  });

  it('lets the host override any string', async () => {
    const el = await fixture<VulnReportButton>(html`<vuln-report-button .strings=${{ button: 'Tell us' }}></vuln-report-button>`);
    expect(innerButton(el).textContent?.trim()).to.equal('Tell us');
  });

  it('renders a hostile label as text', async () => {
    const el = await fixture<VulnReportButton>(html`<vuln-report-button label="<img src=x onerror=alert(1)>"></vuln-report-button>`);
    expect(innerButton(el).textContent?.trim()).to.equal('<img src=x onerror=alert(1)>');
    expect(innerButton(el).querySelector('img')).to.equal(null);
  });

  it('passes its nonce to Lit for fallback style elements', async () => {
    delete (globalThis as { litNonce?: string }).litNonce;
    await fixture(html`<vuln-report-button nonce="abc123"></vuln-report-button>`);
    expect((globalThis as { litNonce?: string }).litNonce).to.equal('abc123');
    delete (globalThis as { litNonce?: string }).litNonce;
  });

  it('is focusable and has no accessibility violations, light or dark', async () => {
    for (const theme of ['light', 'dark']) {
      const el = await fixture<VulnReportButton>(html`<vuln-report-button theme=${theme} project-key="pk_test_acme" endpoint="http://127.0.0.1:4998"></vuln-report-button>`);
      innerButton(el).focus();
      expect(el.shadowRoot?.activeElement).to.equal(innerButton(el));
      await expect(el).to.be.accessible();
    }
  });

  it('survives its define module being evaluated twice', async () => {
    await import(`../src/define.ts?again=${Date.now()}`);
    expect(customElements.get('vuln-report-button')).to.exist;
  });

  it('fires vuln-report-open when the dialog opens', async () => {
    const el = await fixture<VulnReportButton>(html`<vuln-report-button project-key="pk_test_acme" endpoint="http://127.0.0.1:4998"></vuln-report-button>`);
    setTimeout(() => innerButton(el).click());
    const event = await oneEvent(el, 'vuln-report-open');
    expect(event.bubbles && event.composed).to.equal(true);
    el.shadowRoot?.querySelector('vuln-report-dialog')?.shadowRoot?.querySelector('dialog')?.close();
  });

  it('is visibly unavailable when misconfigured, telling the host developer why once, and never repeating a secret key', async () => {
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      for (const [attributes, reason] of [
        [{ 'project-key': 'pk_test_acme' }, 'endpoint'],
        [{ 'project-key': 'sk_live_acme_SECRET', endpoint: 'http://127.0.0.1:4998' }, 'secret'],
        [{ 'project-key': 'acme', endpoint: 'http://127.0.0.1:4998' }, 'pk_'],
      ] as const) {
        const el = document.createElement('vuln-report-button');
        for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
        const told = new Promise<GlobalEventHandlersEventMap['vuln-report-error']>((resolve) => el.addEventListener('vuln-report-error', resolve, { once: true }));
        const host = await fixture(html`<div></div>`);
        host.append(el);
        const event = await told;
        expect(event.detail.message).to.contain(reason);
        expect(innerButton(el).disabled).to.equal(true);
        expect(getComputedStyle(innerButton(el)).opacity).to.equal('0.55');
        // Nothing opens: show() resolves at once, with open unset.
        await el.show();
        expect(el.open).to.equal(false);
        expect(el.shadowRoot!.querySelector('vuln-report-dialog')).to.equal(null);
        el.label = 'Changed';
        await el.updateComplete;
      }
      expect(logged).to.have.length(3);
      expect(logged.join('\n')).not.to.contain('SECRET');
      // Given what it lacked, it works.
      const el = await fixture<VulnReportButton>(html`<vuln-report-button project-key="pk_test_acme"></vuln-report-button>`);
      el.endpoint = 'http://127.0.0.1:4998';
      await el.updateComplete;
      expect(innerButton(el).disabled).to.equal(false);
    } finally {
      console.error = original;
    }
  });
});
