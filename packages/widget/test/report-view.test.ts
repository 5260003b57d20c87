import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { VulnReportButton } from '../src/vuln-report-button.ts';
import { button, deepActive, fill, INTAKE, openDialog, until, useIntake } from './support.ts';

const intake = useIntake();

const STAFF = { Authorization: 'Bearer staff_test_token', 'Content-Type': 'application/json' };
/** A staff action on a report, through the intake's triage API. */
async function staff(id: string, action: string, body: unknown) {
  const response = await fetch(`${INTAKE}/v1/triage/reports/${id}/${action}`, { method: 'POST', headers: STAFF, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${action}: ${response.status} ${await response.text()}`);
}



/** Sends a report from the form and waits for its view; returns the stored report's id. */
async function send(root: ShadowRoot, title = 'Followed live') {
  fill(root, { title, description: 'Something to follow.' });
  root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await until(() => Boolean(root.querySelector('[part~="reference"]')), 'the report view');
  return root.querySelector('[part~="reference"]')!.textContent!;
}

/** The state the report view shows. */
const state = (root: ShadowRoot) => root.querySelector('[part~="receipt"] [data-state]')?.textContent;
const stored = (id: string) => intake.stub.state.reports[id]!;

describe('the report view', () => {
  it('shows the staff’s question as it is asked, and sends the answer with a file', async () => {
    const el = await button();
    const root = await openDialog(el);
    const id = await send(root);
    expect(state(root)).to.equal('Received');
    await staff(id, 'request-info', { message: 'Which browser did you use?' });
    await until(() => state(root) === 'More information needed', 'the question to arrive');
    expect(root.querySelector('.timeline')!.textContent).to.contain('Which browser did you use?');
    expect(root.querySelector('label[for="reply"]')!.textContent).to.equal('Your answer');
    fill(root, { message: 'Chromium 156, screenshot attached.' });
    const transfer = new DataTransfer();
    transfer.items.add(new File(['the console said no'], 'console.txt', { type: 'text/plain' }));
    const files = root.querySelector<HTMLInputElement>('#reply-files')!;
    files.files = transfer.files;
    files.dispatchEvent(new Event('change'));
    await until(() => Boolean(root.querySelector('.reply .files li')), 'the file listed');
    root.querySelector<HTMLButtonElement>('.reply button[type="submit"]')!.click();
    await until(() => state(root) === 'Received', 'the answer to be taken');
    const report = stored(id);
    expect(report.timeline.at(-1)).to.include({ type: 'reporter-replied', message: 'Chromium 156, screenshot attached.' });
    expect(report.attachments.map((file) => file.name)).to.deep.equal(['console.txt']);
    expect(root.querySelector('.timeline')!.textContent).to.contain('console.txt');
    // The live status may say "Received" before the answer to the reply itself arrives: the box empties with that answer.
    await until(() => root.querySelector<HTMLTextAreaElement>('#reply')!.value === '', 'the reply box to empty');
    root.querySelector('dialog')!.close();
  });

  it('closes its stream while the page is hidden, and brings the view up to date when it is shown again', async () => {
    const el = await button();
    const root = await openDialog(el);
    const id = await send(root);
    await until(() => intake.stub.eventStreams === 1, 'the stream');
    const setVisibility = (state: 'hidden' | 'visible') => {
      Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    try {
      setVisibility('hidden');
      await until(() => intake.stub.eventStreams === 0, 'the stream to close');
      await staff(id, 'request-info', { message: 'Asked while you were away.' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(state(root)).to.equal('Received');
      setVisibility('visible');
      await until(() => state(root) === 'More information needed', 'the view brought up to date');
      expect(root.querySelector('.timeline')!.textContent).to.contain('Asked while you were away.');
      await until(() => intake.stub.eventStreams === 1, 'the stream again');
    } finally {
      delete (document as { visibilityState?: string }).visibilityState;
    }
    root.querySelector('dialog')!.close();
  });

  it('names an empty answer beside the box and sends nothing', async () => {
    const el = await button();
    const root = await openDialog(el);
    const id = await send(root);
    root.querySelector<HTMLButtonElement>('.reply button[type="submit"]')!.click();
    await until(() => Boolean(root.querySelector('#reply-error')), 'the error');
    expect(root.querySelector('#reply-error')!.textContent).to.equal('This field is required.');
    expect(deepActive()?.id).to.equal('reply');
    expect(stored(id).timeline.map((entry) => entry.type)).not.to.include('reporter-replied');
    root.querySelector('dialog')!.close();
  });

  it('withdraws a report not yet triaged, after asking, and offers neither withdrawal nor a reply box after', async () => {
    const el = await button();
    const root = await openDialog(el);
    const id = await send(root);
    [...root.querySelectorAll<HTMLButtonElement>('.reply button')].find((b) => b.textContent === 'Withdraw report')!.click();
    await until(() => Boolean(root.querySelector('#withdraw-question')), 'the question');
    root.querySelector<HTMLButtonElement>('.confirm button[part~="primary"]')!.click();
    await until(() => state(root) === 'Closed', 'the withdrawal');
    expect(stored(id)).to.include({ state: 'closed', closeReason: 'withdrawn' });
    expect(root.querySelector('[part~="receipt"]')!.textContent).to.contain('You withdrew it.');
    expect(root.querySelector('.reply')).to.equal(null);
    root.querySelector('dialog')!.close();
  });

  it('shows the fixed-in version and the release note once resolved, and ends the stream', async () => {
    const el = await button();
    const root = await openDialog(el);
    const id = await send(root);
    await staff(id, 'assess', { vulnerability: true, dataCompromised: false, serverCompromised: false, denialOfService: true, scope: 'platform' });
    await until(() => state(root) === 'Being fixed', 'the triage');
    expect(root.querySelector('.reply')).to.exist;
    expect([...root.querySelectorAll('.reply button')].some((b) => b.textContent === 'Withdraw report')).to.equal(false);
    await staff(id, 'resolve', { fixedIn: '2.4.2', releaseNote: 'Project names are escaped everywhere.', details: 'Escaped on output.', affectedVersions: ['2.4.1'] });
    await until(() => state(root) === 'Resolved', 'the resolution');
    const view = root.querySelector('[part~="receipt"]')!;
    expect(view.textContent).to.contain('Fixed in version 2.4.2.');
    expect(view.querySelector('[part~="release-note"]')!.textContent).to.equal('Project names are escaped everywhere.');
    expect(root.querySelector('.reply')).to.equal(null);
    await until(() => intake.stub.eventStreams === 0, 'the stream to end');
    root.querySelector('dialog')!.close();
  });

  it('opens an earlier report from "my reports", with its history', async () => {
    const el = await button();
    let root = await openDialog(el);
    const id = await send(root, 'An earlier report');
    await staff(id, 'request-info', { message: 'Still happening?' });
    root.querySelector<HTMLButtonElement>('[part~="receipt"] > [part~="actions"] button[part~="primary"]')!.click();
    root = await openDialog(el);
    [...root.querySelectorAll<HTMLButtonElement>('form [part~="actions"] button')].at(-1)!.click();
    await until(() => Boolean(root.querySelector('.reports li button')), 'my reports');
    root.querySelector<HTMLButtonElement>('.reports li button')!.click();
    await until(() => state(root) === 'More information needed', 'the earlier report');
    expect(root.querySelector('h3')!.textContent).to.equal('An earlier report');
    expect(deepActive()).to.equal(root.querySelector('h3'));
    expect(root.querySelector('.timeline')!.textContent).to.contain('Still happening?');
    root.querySelector('dialog')!.close();
  });

  it('says so when the intake does not know a report this browser kept', async () => {
    localStorage.setItem(`vuln-report:my-reports:${INTAKE}:pk_test_acme`, JSON.stringify([{ id: 'rpt_gone', trackingToken: 'trk_gone_gone_gone_gone', title: 'Gone', receivedAt: new Date().toISOString(), state: 'received' }]));
    const el = await button();
    const root = await openDialog(el);
    [...root.querySelectorAll<HTMLButtonElement>('form [part~="actions"] button')].at(-1)!.click();
    await until(() => Boolean(root.querySelector('.reports li button')), 'my reports');
    root.querySelector<HTMLButtonElement>('.reports li button')!.click();
    await until(() => Boolean(root.querySelector('[part~="receipt"] [role="alert"]')), 'the problem');
    expect(root.querySelector('[part~="receipt"] [role="alert"]')!.textContent).to.equal('This report is not known to the service.');
    expect(root.querySelector('.reply')).to.equal(null);
    root.querySelector('dialog')!.close();
  });
});

describe('the form', () => {
  it('asks about data once, scope apart, and a name for credit', async () => {
    const el = await button();
    const root = await openDialog(el);
    root.querySelector<HTMLInputElement>('input[value="data-exposure"]')!.click();
    root.querySelector<HTMLInputElement>('input[name="scope"][value="mine"]')!.click();
    root.querySelector<HTMLInputElement>('input[name="creditWanted"]')!.click();
    fill(root, { title: 'Another tenant’s invoice', description: 'It showed on my dashboard.' });
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => Boolean(root.querySelector('#reporter\\.name-error')), 'the name error');
    expect(root.querySelector('#reporter\\.name-error')!.textContent).to.equal('Enter the name to credit, or untick the credit.');
    fill(root, { 'reporter.name': 'Ada' });
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => Object.keys(intake.stub.state.reports).length === 1, 'the report');
    const draft = Object.values(intake.stub.state.reports)[0]!.draft;
    expect(draft).to.deep.include({ kind: 'data-exposure', sawSensitiveData: true, impact: { dataExposed: true, onlyMyAccount: true } });
    expect(draft.reporter).to.deep.equal({ name: 'Ada', credit: { wanted: true } });
    root.querySelector('dialog')!.close();
  });

  it('clears each error, and the count, as its field is fixed', async () => {
    const el = await button();
    const root = await openDialog(el);
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const live = root.querySelector('.live')!;
    await until(() => live.textContent === '2 fields need your attention.', 'the count');
    fill(root, { title: 'Now with a title' });
    await until(() => live.textContent === 'One field needs your attention.', 'the count to go down');
    expect(root.querySelector('#title-error')).to.equal(null);
    fill(root, { description: 'And a description.' });
    await until(() => live.textContent === '', 'the count to go');
    root.querySelector('dialog')!.close();
  });

  it('puts focus back where it was when the reporter keeps editing after the discard question', async () => {
    const el = await button();
    const root = await openDialog(el);
    fill(root, { title: 'Half-written' });
    root.querySelector<HTMLTextAreaElement>('#description')!.focus();
    // Typed, as a person would: the browser lets a page ask before Escape closes a dialog only after input.
    await sendKeys({ type: 'Steps' });
    await sendKeys({ press: 'Escape' });
    await until(() => Boolean(root.querySelector('[role="alertdialog"]')), 'the question');
    expect(deepActive()?.hasAttribute('data-keep')).to.equal(true);
    // Escape again (the browser's cancel event; a second real Escape with no input between closes the dialog outright, text kept).
    root.querySelector('dialog')!.dispatchEvent(new Event('cancel', { cancelable: true }));
    await until(() => !root.querySelector('[role="alertdialog"]'), 'the form again');
    expect(root.querySelector('dialog')!.open).to.equal(true);
    expect(deepActive()?.id).to.equal('description');
    expect(root.querySelector<HTMLTextAreaElement>('#description')!.value).to.equal('Steps');
    root.querySelector('dialog')!.close();
  });
});

describe('a button that cannot reach its intake', () => {
  it('tells an intake that is down from being offline', async () => {
    const el = await button();
    const root = await openDialog(el);
    fill(root, { title: 'Nobody home', description: 'The intake is down.' });
    intake.stub.setFaults({ rate: 1, status: 503 });
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => Boolean(root.querySelector('[part~="receipt"] h3')), 'the saved view', 20_000);
    expect(root.querySelector('[part~="receipt"]')!.textContent).to.contain('The service cannot be reached right now.');
    expect(root.querySelector('[part~="receipt"]')!.textContent).not.to.contain('offline');
    intake.stub.setFaults({ rate: 0 });
    root.querySelector('dialog')!.close();
  });
});
