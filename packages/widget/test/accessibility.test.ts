import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { VulnReportButton } from '../src/vuln-report-button.ts';
import { fill, INTAKE, openDialog, startIntake, until } from './support.ts';

interface AxeResult {
  violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }>;
}
declare global {
  interface Window {
    axe: { run(context: Document | Element, options?: unknown): Promise<AxeResult> };
  }
}

let intake: Awaited<ReturnType<typeof startIntake>>;
before(async () => {
  // The test runner's page is the host page: it gets what any page should have.
  document.title = 'Billing · Acme Cloud';
  document.documentElement.lang = 'en';
  intake = await startIntake();
  await import('axe-core/axe.min.js' as string);
});
after(() => intake.stop());
afterEach(() => setViewport({ width: 1280, height: 800 }));

/**
 * A host page as a product has one: its own header (a banner landmark) and main, the
 * button in the corner. The dialog must add no second banner, and nothing else axe flags.
 */
async function hostPage(theme: string) {
  const page = await fixture<HTMLElement>(html`<div>
    <header><strong>Acme Cloud</strong> <nav aria-label="Site"><a href="#billing">Billing</a></nav></header>
    <main>
      <h1>Billing</h1>
      <p>Invoices are kept for seven years.</p>
      <vuln-report-button theme=${theme} project-key="pk_test_acme" endpoint=${INTAKE} placement="bottom-right"></vuln-report-button>
    </main>
  </div>`);
  return page.querySelector('vuln-report-button')!;
}

/** Every axe violation on the whole page, shadow roots included, named with where it is. */
async function violations(): Promise<string[]> {
  const result = await window.axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map((violation) => `${violation.id} (${violation.help}) at ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

/** Checks the page as it is now, after the dialog's opening animation. */
async function check(el: VulnReportButton, state: string) {
  const dialog = el.shadowRoot!.querySelector('vuln-report-dialog')?.shadowRoot?.querySelector('dialog');
  await Promise.all((dialog?.getAnimations() ?? []).map((animation) => animation.finished));
  expect(await violations(), state).to.deep.equal([]);
}



const STAFF = { Authorization: 'Bearer staff_test_token', 'Content-Type': 'application/json' };
const staff = (id: string, action: string, body: unknown) => fetch(`${INTAKE}/v1/triage/reports/${id}/${action}`, { method: 'POST', headers: STAFF, body: JSON.stringify(body) });

/** Walks the dialog through every state it has, checking each. */
async function everyState(theme: string) {
  intake.stub.reset();
  localStorage.clear();
  const el = await hostPage(theme);
  await check(el, 'the page with the button');
  let root = await openDialog(el);
  await check(el, 'the form');
  root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await until(() => Boolean(root.querySelector('#title-error')), 'errors');
  await check(el, 'the form with errors');
  fill(root, { title: 'Checked for accessibility', description: 'Every state.' });
  root.querySelector('dialog')!.dispatchEvent(new Event('cancel', { cancelable: true }));
  await until(() => Boolean(root.querySelector('[role="alertdialog"]')), 'the discard question');
  await check(el, 'the discard question');
  root.querySelector<HTMLButtonElement>('[data-keep]')!.click();
  await until(() => !root.querySelector('[role="alertdialog"]'), 'the form again');
  root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await until(() => Boolean(root.querySelector('[part~="reference"]')), 'the report view');
  const id = root.querySelector('[part~="reference"]')!.textContent!;
  await check(el, 'the report view, just sent');
  await staff(id, 'request-info', { message: 'Which browser?' });
  await until(() => root.querySelector('[part~="receipt"] [data-state]')?.textContent === 'More information needed', 'the question');
  root.querySelector<HTMLButtonElement>('.reply button[type="submit"]')!.click();
  await until(() => Boolean(root.querySelector('#reply-error')), 'the reply error');
  [...root.querySelectorAll<HTMLButtonElement>('.reply button')].find((button) => button.textContent === 'Withdraw report')!.click();
  await until(() => Boolean(root.querySelector('#withdraw-question')), 'the withdrawal question');
  await check(el, 'a question to answer, an empty answer refused, the withdrawal asked');
  root.querySelector<HTMLButtonElement>('.confirm button[part~="secondary"]')!.click();
  fill(root, { message: 'Chromium.' });
  root.querySelector<HTMLButtonElement>('.reply button[type="submit"]')!.click();
  await until(() => root.querySelector('.notice')?.textContent === 'Thank you', 'the answer sent');
  await staff(id, 'assess', { vulnerability: true, dataCompromised: false, serverCompromised: false, denialOfService: true, scope: 'platform' });
  await staff(id, 'resolve', { fixedIn: '2.4.2', releaseNote: 'Fixed.', details: 'Fixed for good.', affectedVersions: ['2.4.1'] });
  await until(() => Boolean(root.querySelector('[part~="release-note"]')), 'the resolution');
  await check(el, 'a resolved report');
  [...root.querySelectorAll<HTMLButtonElement>('[part~="receipt"] > [part~="actions"] button')].at(-1)!.click();
  await until(() => Boolean(root.querySelector('.reports li')), 'my reports');
  await check(el, 'my reports');
  await el.hide();
  root = await openDialog(el);
  fill(root, { title: 'Saved for later', description: 'The intake is down.' });
  intake.stub.setFaults({ rate: 1, status: 503 });
  root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await until(() => root.querySelector('[part~="receipt"] h3')?.textContent === 'Saved', 'the saved view', 20_000);
  intake.stub.setFaults({ rate: 0 });
  await check(el, 'a report saved for later');
  await el.hide();
  root = await openDialog(el);
  fill(root, { title: 'A bot', description: 'Fills everything.', website: 'http://spam.example' });
  root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await until(() => root.querySelector('[part~="receipt"] h3')?.textContent === 'Thank you', 'the thank-you');
  await check(el, 'the thank-you');
  await el.hide();
}

describe('accessibility on a host page with its own header and main', () => {
  for (const [width, height] of [
    [1280, 800],
    [375, 667],
  ] as const) {
    for (const theme of ['light', 'dark']) {
      it(`has no axe violations in any state, ${theme}, ${width} px wide`, async () => {
        await setViewport({ width, height });
        await everyState(theme);
      });
    }
  }

  it('has none with a button that is not usable as configured', async () => {
    const original = console.error;
    console.error = () => undefined;
    await fixture(html`<div><header>Acme Cloud</header><main><h1>Billing</h1><vuln-report-button project-key="sk_live_acme"></vuln-report-button></main></div>`);
    console.error = original;
    expect(await violations()).to.deep.equal([]);
  });

  it('would see a second banner: the check’s positive control', async () => {
    await fixture(html`<div><header>Acme Cloud</header><main><h1>Billing</h1></main><header>Another banner</header></div>`);
    expect((await violations()).join()).to.contain('landmark-no-duplicate-banner');
  });
});
