import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import type { VulnReportButton } from '../src/vuln-report-button.ts';
import { button, INTAKE, until } from './support.ts';

async function openDialog(el: VulnReportButton) {
  el.shadowRoot!.querySelector('button')!.click();
  await until(() => Boolean(el.shadowRoot?.querySelector('vuln-report-dialog')?.shadowRoot?.querySelector('dialog[open]')), 'the dialog to open');
  const dialog = el.shadowRoot!.querySelector('vuln-report-dialog')!.shadowRoot!.querySelector('dialog')!;
  // The opening animation moves the box: measure where it comes to rest.
  await Promise.all(dialog.getAnimations().map((animation) => animation.finished));
  return dialog;
}

/** The dialog box's centre is the viewport's, both ways. */
function expectCentred(dialog: HTMLDialogElement) {
  const box = dialog.getBoundingClientRect();
  expect((box.left + box.right) / 2, 'horizontal centre').to.be.closeTo(innerWidth / 2, 1);
  expect((box.top + box.bottom) / 2, 'vertical centre').to.be.closeTo(innerHeight / 2, 1);
}

describe('layout and media', () => {
  afterEach(async () => {
    await setViewport({ width: 1280, height: 800 });
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference', forcedColors: 'none' });
  });

  it('fills a phone screen', async () => {
    await setViewport({ width: 375, height: 667 });
    const dialog = await openDialog(await button());
    expect(dialog.getBoundingClientRect().width).to.equal(375);
    expect(dialog.getBoundingClientRect().height).to.equal(667);
    expectCentred(dialog);
    dialog.close();
  });

  it('is a centred box on a wide screen', async () => {
    const dialog = await openDialog(await button());
    expect(dialog.getBoundingClientRect().width).to.be.below(700);
    expectCentred(dialog);
    dialog.close();
  });

  it('follows the system colour scheme with theme="auto"', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await button();
    expect(getComputedStyle(el.shadowRoot!.querySelector('button')!).backgroundColor).to.equal('rgb(147, 197, 253)');
  });

  it('does not animate the dialog when the reader prefers reduced motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const dialog = await openDialog(await button());
    expect(dialog.getAnimations()).to.have.length(0);
    dialog.close();
  });

  it('keeps a visible button border in forced-colors mode', async () => {
    await emulateMedia({ forcedColors: 'active' });
    const el = await button();
    expect(getComputedStyle(el.shadowRoot!.querySelector('button')!).borderTopStyle).to.equal('solid');
  });

  it('lays the dialog out right to left in an RTL page, keeping a physical corner', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl"><vuln-report-button placement="bottom-right" project-key="pk_test_acme" endpoint=${INTAKE}></vuln-report-button></div>`);
    const el = wrapper.querySelector('vuln-report-button')!;
    expect(el.getBoundingClientRect().right).to.be.closeTo(window.innerWidth - 16, 1);
    const dialog = await openDialog(el);
    expect(getComputedStyle(dialog.querySelector('form')!).direction).to.equal('rtl');
    // Centred, not beside the floating button that opened it.
    expectCentred(dialog);
    dialog.close();
  });
});
