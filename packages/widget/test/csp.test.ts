import { expect } from '@open-wc/testing';
import type { VulnReportButton } from '../src/vuln-report-button.ts';
import { until } from './support.ts';

/** The strict-CSP host page in an iframe, with its violations. */
async function loadHost() {
  const frame = document.createElement('iframe');
  frame.src = '/__csp/host.html';
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const win = frame.contentWindow as Window & { violations: string[] };
  await until(() => Boolean(win.customElements?.get('vuln-report-button')), 'the widget to register');
  const el = frame.contentDocument!.querySelector('vuln-report-button') as VulnReportButton;
  await el.updateComplete;
  return { frame, win, el };
}

describe('under a strict Content-Security-Policy', () => {
  it('styles the button and opens the styled dialog with no violation reported', async () => {
    const { frame, win, el } = await loadHost();
    const button = el.shadowRoot!.querySelector('button')!;
    expect(win.getComputedStyle(button).backgroundColor).to.equal('rgb(29, 78, 216)');
    button.click();
    await until(() => Boolean(el.shadowRoot!.querySelector('vuln-report-dialog')?.shadowRoot?.querySelector('dialog[open]')), 'the dialog to open');
    const dialog = el.shadowRoot!.querySelector('vuln-report-dialog')!.shadowRoot!.querySelector('dialog')!;
    expect(win.getComputedStyle(dialog).color).to.equal('rgb(17, 24, 39)');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(win.violations).to.deep.equal([]);
    frame.remove();
  });

  it('would report a violation: the policy is really enforced on that page', async () => {
    const { frame, win } = await loadHost();
    const style = win.document.createElement('style');
    style.textContent = 'body { color: red; }';
    win.document.head.append(style);
    await until(() => win.violations.length > 0, 'the violation report');
    expect(win.violations[0]).to.contain('style-src');
    frame.remove();
  });
});
