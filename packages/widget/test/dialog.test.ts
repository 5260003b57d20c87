import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createClient, memoryQueue } from '@vuln-report/sdk';
import type { CloseSource } from '../src/events/request-close.ts';
import type { VulnReportButton } from '../src/vuln-report-button.ts';
import { button, deepActive, dialogRoot, INTAKE, startIntake, until } from './support.ts';

let intake: Awaited<ReturnType<typeof startIntake>>;
before(async () => {
  intake = await startIntake();
});
after(() => intake.stop());
beforeEach(() => {
  intake.stub.reset();
  localStorage.clear();
});

/** The dialog's form. */
const form = (root: ShadowRoot) => root.querySelector('vuln-report-form')!;

/**
 * Opens the dialog by its button. A person needs a few seconds to fill the form; these
 * tests type at once, so the minimum fill time is waived but where it is the subject.
 */
async function open(el: VulnReportButton) {
  el.shadowRoot!.querySelector('button')!.click();
  await until(() => Boolean(el.shadowRoot?.querySelector('vuln-report-dialog')?.shadowRoot?.querySelector('dialog[open]')), 'the dialog to open');
  const root = dialogRoot(el);
  form(root).minFillMs = 0;
  return root;
}

function fill(root: ShadowRoot, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const input = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

const submit = (root: ShadowRoot) => root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
const reports = () => Object.values(intake.stub.state.reports);

describe('the report dialog', () => {
  it('takes a report by keyboard alone, from the button to the receipt and back', async () => {
    const el = await button();
    el.shadowRoot!.querySelector('button')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => Boolean(el.shadowRoot?.querySelector('vuln-report-dialog')?.shadowRoot?.querySelector('dialog[open]')), 'the dialog to open');
    const root = dialogRoot(el);
    form(root).minFillMs = 0;
    await until(() => deepActive()?.getAttribute('name') === 'kind', 'focus on the first field');
    await sendKeys({ press: 'ArrowDown' });
    expect(root.querySelector<HTMLInputElement>('input[value="bug"]')!.checked).to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.getAttribute('name')).to.equal('title');
    await sendKeys({ type: 'Export button does nothing' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'I press Export and nothing downloads.' });
    await sendKeys({ press: 'Shift+Tab' });
    await sendKeys({ press: 'Enter' });
    await until(() => Boolean(root.querySelector('[part~="receipt"]')), 'the receipt');
    const [stored] = reports();
    expect(stored?.draft).to.include({ kind: 'bug', title: 'Export button does nothing', description: 'I press Export and nothing downloads.' });
    expect(root.querySelector('[part~="reference"]')!.textContent).to.equal(stored!.id);
    expect(deepActive()?.hasAttribute('data-heading')).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await until(() => !root.querySelector('dialog[open]'), 'the dialog to close');
    expect(deepActive()).to.equal(el.shadowRoot!.querySelector('button'));
  });

  it('sends the captured context, minus the parts the reporter removed', async () => {
    const el = await button();
    const root = await open(el);
    await until(() => root.querySelectorAll('.context-row').length > 0, 'the context preview');
    const urlRow = [...root.querySelectorAll('.context-row')].find((row) => row.querySelector('dt')?.textContent === 'page address')!;
    expect(urlRow.querySelector('code')!.textContent).to.contain(location.pathname);
    urlRow.querySelector('button')!.click();
    await el.updateComplete;
    fill(root, { title: 'Context check', description: 'Only some context.' });
    submit(root);
    await until(() => reports().length === 1, 'the report to be stored');
    const context = reports()[0]!.draft.context!;
    expect(context.url).to.equal(undefined);
    expect(context.userAgent).to.be.a('string');
  });

  it('names each invalid field beside it and in the live region, in English, Spanish and Russian', async () => {
    const expected = {
      en: ['This field is required.', '2 fields need your attention.'],
      es: ['Este campo es obligatorio.', '2 campos necesitan su atención.'],
      ru: ['Это поле обязательно.', 'Полей, требующих внимания: 2.'],
    };
    for (const [lang, [required, summary]] of Object.entries(expected)) {
      const el = await button(html`<vuln-report-button lang=${lang} project-key="pk_test_acme" endpoint=${INTAKE}></vuln-report-button>`);
      const root = await open(el);
      fill(root, { 'reporter.email': 'not-an-email' });
      submit(root);
      await until(() => Boolean(root.querySelector('#title-error')), `errors in ${lang}`);
      expect(root.querySelector('#title-error')!.textContent).to.equal(required);
      expect(root.querySelector('#description-error')!.textContent).to.equal(required);
      expect(root.querySelector('#reporter\\.email-error')).to.exist;
      expect(root.querySelector('[role="status"]')!.textContent).to.contain(summary!.replace('2', '3'));
      expect(root.querySelector('#title')!.getAttribute('aria-invalid')).to.equal('true');
      expect(root.querySelector('#title')!.getAttribute('aria-describedby')).to.contain('title-error');
      expect(deepActive()?.id).to.equal('title');
      expect(reports()).to.have.length(0);
      root.querySelector('dialog')!.close();
    }
  });

  it('asks before discarding typed text, and keeps it when told to', async () => {
    const el = await button();
    const root = await open(el);
    fill(root, { title: 'Half-written' });
    root.querySelector('dialog')!.dispatchEvent(new Event('cancel', { cancelable: true }));
    await el.updateComplete;
    await until(() => Boolean(root.querySelector('[role="alertdialog"]')), 'the confirmation');
    expect(root.querySelector('dialog')!.open).to.equal(true);
    root.querySelector<HTMLButtonElement>('[data-keep]')!.click();
    await until(() => !root.querySelector('[role="alertdialog"]'), 'the form again');
    expect(root.querySelector<HTMLInputElement>('[name="title"]')!.value).to.equal('Half-written');
    root.querySelector('dialog')!.dispatchEvent(new Event('cancel', { cancelable: true }));
    await until(() => Boolean(root.querySelector('[role="alertdialog"]')), 'the confirmation');
    setTimeout(() => [...root.querySelectorAll<HTMLButtonElement>('[role="alertdialog"] button')].at(-1)!.click());
    await oneEvent(el, 'vuln-report-close');
    expect(root.querySelector('dialog')!.open).to.equal(false);
    expect(deepActive()).to.equal(el.shadowRoot!.querySelector('button'));
  });

  it('fires submit (cancelable, taking host context), then submitted with the receipt', async () => {
    const el = await button();
    const root = await open(el);
    fill(root, { title: 'Events', description: 'Checking events.' });
    el.addEventListener('vuln-report-submit', (event) => event.detail.extra && Object.assign(event.detail.extra, { plan: 'pro' }), { once: true });
    setTimeout(() => submit(root));
    const submitted = await oneEvent(el, 'vuln-report-submitted');
    expect(submitted.detail.receipt.id).to.equal(reports()[0]!.id);
    expect(reports()[0]!.draft.context?.extra).to.deep.equal({ plan: 'pro' });
  });

  it('sends nothing when the host cancels the submit event', async () => {
    const el = await button();
    const root = await open(el);
    fill(root, { title: 'Cancelled', description: 'The host says no.' });
    const cancelled = new Promise<Event>((resolve) => {
      const cancel = (event: Event) => {
        event.preventDefault();
        resolve(event);
      };
      el.addEventListener('vuln-report-submit', cancel, { once: true });
    });
    submit(root);
    expect((await cancelled).defaultPrevented).to.equal(true);
    await el.shadowRoot!.querySelector('vuln-report-dialog')!.updateComplete;
    // Nothing on its way: the form is no longer busy, and the intake has nothing.
    expect(root.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).to.equal(false);
    expect(reports()).to.have.length(0);
    expect(root.querySelector('form')!.hidden).to.equal(false);
  });

  it('fires vuln-report-error with the problem when the intake refuses the report', async () => {
    const el = await button(html`<vuln-report-button project-key="pk_unknown_key" endpoint=${INTAKE}></vuln-report-button>`);
    const root = await open(el);
    fill(root, { title: 'Refused', description: 'Unknown key.' });
    setTimeout(() => submit(root));
    const error = await oneEvent(el, 'vuln-report-error');
    expect(error.detail.problem?.status).to.equal(401);
    expect(root.querySelector('[role="status"]')!.textContent).to.contain('Unknown project key.');
  });

  it('asks a too-fast submission to wait, and stores nothing a bot fills in', async () => {
    const el = await button();
    const root = await open(el);
    // Far more than this test takes to fill and send, far less than a person's default.
    form(root).minFillMs = 300;
    fill(root, { title: 'Fast', description: 'Too fast.' });
    submit(root);
    await el.updateComplete;
    await until(() => root.querySelector('[role="status"]')!.textContent!.includes('take a moment'), 'the wait message');
    expect(reports()).to.have.length(0);
    fill(root, { website: 'http://spam.example' });
    submit(root);
    await until(() => Boolean(root.querySelector('[part~="receipt"]')), 'the thank-you view');
    expect(reports()).to.have.length(0);
  });

  it('saves the report offline, says so, and delivers it once when the network is back', async () => {
    // A queue of its own: other clients on this page share the default IndexedDB queue and would deliver it.
    const client = createClient({
      endpoint: INTAKE,
      projectKey: 'pk_test_acme',
      queue: memoryQueue(),
      retry: { limit: 1, delayMs: 10, maxDelayMs: 20 },
      queueBackoff: { delayMs: 60_000 },
    });
    const el = await button(html`<vuln-report-button .client=${client} project-key="pk_test_acme" endpoint=${INTAKE}></vuln-report-button>`);
    const root = await open(el);
    fill(root, { title: 'Offline report', description: 'Sent while offline.' });
    intake.stub.setFaults({ rate: 1, drop: true });
    setTimeout(() => submit(root));
    const queued = await oneEvent(el, 'vuln-report-queued');
    expect(queued.detail.localId).to.be.a('string');
    expect(root.querySelector('[part~="receipt"]')!.textContent).to.contain('will be sent when you are back online');
    intake.stub.setFaults({ rate: 0 });
    setTimeout(() => window.dispatchEvent(new Event('online')));
    const submitted = await oneEvent(el, 'vuln-report-submitted');
    await until(() => Boolean(root.querySelector('[part~="reference"]')), 'the receipt after delivery');
    expect(reports()).to.have.length(1);
    expect(submitted.detail.receipt.id).to.equal(reports()[0]!.id);
    client.close();
  });

  it('shows the live status and keeps the report in "my reports"', async () => {
    const client = createClient({ endpoint: INTAKE, projectKey: 'pk_test_acme' });
    const el = await button(html`<vuln-report-button .client=${client} project-key="pk_test_acme" endpoint=${INTAKE}></vuln-report-button>`);
    const root = await open(el);
    fill(root, { title: '<img src=x onerror=alert(1)>', description: 'Hostile title.' });
    submit(root);
    await until(() => Boolean(root.querySelector('[data-state]')), 'the status');
    expect(root.querySelector('[data-state]')!.textContent).to.equal('Received');
    [...root.querySelectorAll<HTMLButtonElement>('[part~="actions"] button')].at(-1)!.click();
    await until(() => Boolean(root.querySelector('.reports li')), 'my reports');
    const item = root.querySelector('.reports li')!;
    expect(item.querySelector('.report-title')!.textContent).to.equal('<img src=x onerror=alert(1)>');
    expect(item.querySelector('img')).to.equal(null);
    client.close();
  });

  it('refuses an attachment over the limit beside the field, and sends a valid one', async () => {
    const el = await button();
    const root = await open(el);
    const input = root.querySelector<HTMLInputElement>('#attachments')!;
    const add = (file: File) => {
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      input.dispatchEvent(new Event('change'));
    };
    add(new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'huge.png', { type: 'image/png' }));
    await el.updateComplete;
    await until(() => Boolean(root.querySelector('#attachments-error')), 'the attachment error');
    expect(root.querySelector('#attachments-error')!.textContent).to.contain('huge.png');
    root.querySelector<HTMLButtonElement>('.files button')!.click();
    add(new File(['log line'], 'console.txt', { type: 'text/plain' }));
    fill(root, { title: 'With a log', description: 'See the log.' });
    submit(root);
    await until(() => reports().length === 1, 'the report');
    expect(reports()[0]!.attachments.map(({ name, type, size }) => ({ name, type, size }))).to.deep.equal([{ name: 'console.txt', type: 'text/plain', size: 8 }]);
  });

  it('closes an untouched form without asking, keeps the pre-filled email, and forgets old errors', async () => {
    const el = await button(html`<vuln-report-button project-key="pk_test_acme" endpoint=${INTAKE} user-email="ada@example.com"></vuln-report-button>`);
    let root = await open(el);
    expect(root.querySelector<HTMLInputElement>('[name="reporter.email"]')!.value).to.equal('ada@example.com');
    submit(root);
    await until(() => Boolean(root.querySelector('#title-error')), 'errors');
    setTimeout(() => root.querySelector('dialog')!.dispatchEvent(new Event('cancel', { cancelable: true })));
    await oneEvent(el, 'vuln-report-close');
    expect(root.querySelector('[role="alertdialog"]')).to.equal(null);
    root = await open(el);
    expect(root.querySelector('#title-error')).to.equal(null);
    expect(root.querySelector('[role="status"]')!.textContent).to.equal('');
    fill(root, { title: 'With the pre-filled email', description: 'Sent.' });
    submit(root);
    await until(() => Boolean(root.querySelector('[part~="reference"]')), 'the receipt');
    expect(reports()[0]!.draft.reporter?.email).to.equal('ada@example.com');
    root.querySelector<HTMLButtonElement>('[part~="receipt"] button[part~="primary"]')!.click();
    root = await open(el);
    expect(root.querySelector<HTMLInputElement>('[name="reporter.email"]')!.value).to.equal('ada@example.com');
    expect(root.querySelector<HTMLInputElement>('[name="title"]')!.value).to.equal('');
    root.querySelector('dialog')!.close();
  });

  it('keeps typed text through a look at "my reports", and through a close the browser forces', async () => {
    localStorage.setItem(`vuln-report:my-reports:${INTAKE}:pk_test_acme`, JSON.stringify([{ id: 'rpt_earlier', trackingToken: 't', title: 'Earlier', receivedAt: new Date().toISOString(), state: 'triaged' }]));
    const el = await button();
    let root = await open(el);
    fill(root, { title: 'Half-typed' });
    [...root.querySelectorAll<HTMLButtonElement>('form [part~="actions"] button')].at(-1)!.click();
    await until(() => Boolean(root.querySelector('.reports li')), 'my reports');
    expect(root.querySelector('.reports li [data-state]')!.textContent).to.equal('Being fixed');
    root.querySelector<HTMLButtonElement>('section [part~="actions"] button[part~="primary"]')!.click();
    await until(() => !root.querySelector('form')!.hidden, 'the form again');
    expect(root.querySelector<HTMLInputElement>('[name="title"]')!.value).to.equal('Half-typed');
    setTimeout(() => root.querySelector('dialog')!.close());
    await oneEvent(el, 'vuln-report-close');
    expect(deepActive()).to.equal(el.shadowRoot!.querySelector('button'));
    root = await open(el);
    expect(root.querySelector<HTMLInputElement>('[name="title"]')!.value).to.equal('Half-typed');
    root.querySelector('dialog')!.close();
  });

  it('tells the host when a button without an endpoint is opened', async () => {
    const el = await button(html`<vuln-report-button project-key="pk_test_acme"></vuln-report-button>`);
    const original = console.error;
    console.error = () => undefined;
    setTimeout(() => el.shadowRoot!.querySelector('button')!.click());
    const error = await oneEvent(el, 'vuln-report-error');
    console.error = original;
    expect(error.detail.message).to.contain('endpoint');
  });

  it('waits for its endpoint before making a client, then opens once it is given', async () => {
    const errors: string[] = [];
    const onError = (event: ErrorEvent | PromiseRejectionEvent) => errors.push(String('message' in event ? event.message : event.reason));
    addEventListener('error', onError);
    addEventListener('unhandledrejection', onError);
    const el = await button(html`<vuln-report-button project-key="pk_test_acme" capture-errors></vuln-report-button>`);
    await until(() => Boolean(el.shadowRoot?.querySelector('vuln-report-dialog')), 'the dialog to load while idle');
    el.endpoint = INTAKE;
    const root = await open(el);
    expect(root.querySelector('form')).to.exist;
    removeEventListener('error', onError);
    removeEventListener('unhandledrejection', onError);
    expect(errors).to.deep.equal([]);
    root.querySelector('dialog')!.close();
  });

  it('names a wrong file beside the attachments even when other fields are wrong too', async () => {
    const el = await button();
    const root = await open(el);
    const transfer = new DataTransfer();
    transfer.items.add(new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' }));
    const input = root.querySelector<HTMLInputElement>('#attachments')!;
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    submit(root);
    await until(() => Boolean(root.querySelector('#title-error')), 'the errors');
    expect(root.querySelector('#attachments-error')!.textContent).to.contain('tool.exe');
    root.querySelector('dialog')!.close();
  });

  it('refreshes the state of each open report when "my reports" is shown', async () => {
    const client = createClient({ endpoint: INTAKE, projectKey: 'pk_test_acme', queue: memoryQueue() });
    const el = await button(html`<vuln-report-button .client=${client} project-key="pk_test_acme" endpoint=${INTAKE}></vuln-report-button>`);
    let root = await open(el);
    fill(root, { title: 'Followed from my reports', description: 'Triaged while away.' });
    submit(root);
    await until(() => Boolean(root.querySelector('[part~="reference"]')), 'the receipt');
    root.querySelector<HTMLButtonElement>('[part~="receipt"] button[part~="primary"]')!.click();
    const id = reports()[0]!.id;
    const staff = { name: 'Sam Triage', channel: 'api' as const };
    await intake.stub.intake.assess(id, { dataCompromised: false, serverCompromised: false, denialOfService: false, scope: 'platform' }, staff, { baseUrl: INTAKE });
    root = await open(el);
    [...root.querySelectorAll<HTMLButtonElement>('form [part~="actions"] button')].at(-1)!.click();
    await until(() => root.querySelector('.reports li [data-state]')?.textContent === 'Being fixed', 'the refreshed state');
    root.querySelector('dialog')!.close();
    client.close();
  });

  it('opens with show() and closes with hide(), each resolving once done, with open reflected', async () => {
    const el = await button();
    await el.show();
    const root = dialogRoot(el);
    expect(root.querySelector('dialog')!.open).to.equal(true);
    expect(el.hasAttribute('open')).to.equal(true);
    expect(deepActive()?.getAttribute('name')).to.equal('kind');
    fill(root, { title: 'Kept for later' });
    await el.hide();
    expect(root.querySelector('dialog')!.open).to.equal(false);
    expect(el.hasAttribute('open')).to.equal(false);
    expect(deepActive()).to.equal(el.shadowRoot!.querySelector('button'));
    await el.show();
    expect(root.querySelector<HTMLInputElement>('[name="title"]')!.value).to.equal('Kept for later');
    await el.hide();
  });

  it('opens and closes as the open attribute comes and goes, and drops it when the reporter closes', async () => {
    const el = await button();
    setTimeout(() => el.setAttribute('open', ''));
    await oneEvent(el, 'vuln-report-open');
    const root = dialogRoot(el);
    expect(root.querySelector('dialog')!.open).to.equal(true);
    setTimeout(() => el.removeAttribute('open'));
    await oneEvent(el, 'vuln-report-close');
    expect(root.querySelector('dialog')!.open).to.equal(false);
    await el.show();
    root.querySelector<HTMLButtonElement>('header button')!.click();
    await el.updateComplete;
    expect(root.querySelector('dialog')!.open).to.equal(false);
    expect(el.open).to.equal(false);
    expect(el.hasAttribute('open')).to.equal(false);
  });

  it('lets the host keep the dialog open when unsent text would be lost, naming what asked to close', async () => {
    const el = await button();
    const root = await open(el);
    const sources: CloseSource[] = [];
    const keepOpen = (event: GlobalEventHandlersEventMap['vuln-report-request-close']) => {
      sources.push(event.detail.source);
      event.preventDefault();
    };
    el.addEventListener('vuln-report-request-close', keepOpen);
    fill(root, { title: 'Not to be lost' });
    root.querySelector<HTMLButtonElement>('header button')!.click();
    root.querySelectorAll<HTMLButtonElement>('form [part~="actions"] button')[1]!.click();
    root.querySelector('dialog')!.dispatchEvent(new Event('cancel', { cancelable: true }));
    await el.shadowRoot!.querySelector('vuln-report-dialog')!.updateComplete;
    expect(sources).to.deep.equal(['close-button', 'cancel-button', 'keyboard']);
    expect(root.querySelector('dialog')!.open).to.equal(true);
    expect(root.querySelector('[role="alertdialog"]')).to.equal(null);
    expect(root.querySelector('form')!.hidden).to.equal(false);
    // With nothing to lose there is nothing to ask: the dialog just closes.
    fill(root, { title: '' });
    root.querySelector<HTMLButtonElement>('header button')!.click();
    expect(sources).to.have.length(3);
    expect(root.querySelector('dialog')!.open).to.equal(false);
    el.removeEventListener('vuln-report-request-close', keepOpen);
  });

  it('resolves show() with open unset, and tells the host, when the dialog cannot open', async () => {
    const el = await button(html`<vuln-report-button project-key="pk_test_acme"></vuln-report-button>`);
    const messages: string[] = [];
    el.addEventListener('vuln-report-error', (event) => messages.push(event.detail.message));
    const original = console.error;
    console.error = () => undefined;
    try {
      await el.show();
    } finally {
      console.error = original;
    }
    expect(el.open).to.equal(false);
    expect(messages).to.have.length(1);
    expect(messages[0]).to.contain('endpoint');
  });

  it('has no accessibility violations with the dialog open, in light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      const el = await button(html`<vuln-report-button theme=${theme} project-key="pk_test_acme" endpoint=${INTAKE}></vuln-report-button>`);
      const root = await open(el);
      submit(root);
      await until(() => Boolean(root.querySelector('#title-error')), 'errors shown');
      // axe reads colours as painted: let the opening animation finish first.
      await Promise.all(root.querySelector('dialog')!.getAnimations().map((animation) => animation.finished));
      await expect(el).to.be.accessible();
      root.querySelector('dialog')!.close();
    }
  });
});
