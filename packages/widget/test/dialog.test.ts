import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createClient, memoryQueue } from '@vuln-report/sdk';
import type { CloseSource } from '../src/events/request-close.ts';
import type { VulnReportButton } from '../src/vuln-report-button.ts';
import { button, deepActive, dialogRoot, fill, INTAKE, openDialog, until, useIntake } from './support.ts';

const intake = useIntake();

/** The dialog's form. */
const form = (root: ShadowRoot) => root.querySelector('vuln-report-form')!;



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
    const root = await openDialog(el);
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
      const root = await openDialog(el);
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
    const root = await openDialog(el);
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
    const root = await openDialog(el);
    fill(root, { title: 'Events', description: 'Checking events.' });
    el.addEventListener('vuln-report-submit', (event) => event.detail.extra && Object.assign(event.detail.extra, { plan: 'pro' }), { once: true });
    setTimeout(() => submit(root));
    const submitted = await oneEvent(el, 'vuln-report-submitted');
    expect(submitted.detail.receipt.id).to.equal(reports()[0]!.id);
    expect(reports()[0]!.draft.context?.extra).to.deep.equal({ plan: 'pro' });
  });

  it('sends nothing when the host cancels the submit event', async () => {
    const el = await button();
    const root = await openDialog(el);
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
    const root = await openDialog(el);
    fill(root, { title: 'Refused', description: 'Unknown key.' });
    const original = console.error;
    const logged: string[] = [];
    console.error = (message: string) => logged.push(message);
    setTimeout(() => submit(root));
    const error = await oneEvent(el, 'vuln-report-error');
    console.error = original;
    expect(error.detail.problem?.status).to.equal(401);
    expect(error.detail.message).to.contain('Unknown project key.');
    expect(logged.join()).to.contain('Unknown project key.');
    // The reporter reads it beside the Send button, not the developer's words: the site is at fault, and the text stays.
    await until(() => Boolean(root.querySelector('#send-error')), 'the notice');
    expect(root.querySelector('#send-error')!.textContent).to.contain('not set up correctly');
    expect(root.querySelector('#send-error')!.nextElementSibling!.querySelector('button[type="submit"]')).to.exist;
    expect(root.querySelector<HTMLInputElement>('[name="title"]')!.value).to.equal('Refused');
  });

  it('asks a too-fast submission to wait, and stores nothing a bot fills in', async () => {
    const el = await button();
    const root = await openDialog(el);
    // Far more than this test takes to fill and send, far less than a person's default.
    form(root).minFillMs = 300;
    fill(root, { title: 'Fast', description: 'Too fast.' });
    submit(root);
    await el.updateComplete;
    await until(() => Boolean(root.querySelector('#send-error')?.textContent!.includes('take a moment')), 'the wait message');
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
    const root = await openDialog(el);
    fill(root, { title: 'Offline report', description: 'Sent while offline.' });
    intake.stub.setFaults({ rate: 1, drop: true });
    setTimeout(() => submit(root));
    const queued = await oneEvent(el, 'vuln-report-queued');
    expect(queued.detail.localId).to.be.a('string');
    // Online, with an intake that drops the connection: the intake is out of reach, not the reporter offline.
    expect(root.querySelector('[part~="receipt"]')!.textContent).to.contain('The service cannot be reached right now.');
    expect(root.querySelector('[part~="receipt"]')!.textContent).to.contain('saved on this device');
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
    const root = await openDialog(el);
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

  it('leaves out a file over the limit, naming it beside the field, and sends the valid ones', async () => {
    const el = await button();
    const root = await openDialog(el);
    const input = root.querySelector<HTMLInputElement>('#attachments')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'huge.png', { type: 'image/png' }));
    transfer.items.add(new File(['log line'], 'console.txt', { type: 'text/plain' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await until(() => Boolean(root.querySelector('#attachments-error')), 'the attachment error');
    expect(root.querySelector('#attachments-error')!.textContent).to.contain('huge.png');
    expect([...root.querySelectorAll('.files li span')].map((item) => item.textContent)).to.deep.equal(['console.txt']);
    fill(root, { title: 'With a log', description: 'See the log.' });
    submit(root);
    await until(() => reports().length === 1, 'the report');
    expect(reports()[0]!.attachments.map(({ name, type, size }) => ({ name, type, size }))).to.deep.equal([{ name: 'console.txt', type: 'text/plain', size: 8 }]);
  });

  it('replaces the files a second pick replaces, adds pasted and dropped ones, and shows progress while sending them', async () => {
    const el = await button();
    const root = await openDialog(el);
    const input = root.querySelector<HTMLInputElement>('#attachments')!;
    const pick = (...files: File[]) => {
      const transfer = new DataTransfer();
      for (const file of files) transfer.items.add(file);
      input.files = transfer.files;
      input.dispatchEvent(new Event('change'));
    };
    const names = () => [...root.querySelectorAll('.files li span')].map((item) => item.textContent);
    pick(new File(['a'], 'first.txt', { type: 'text/plain' }));
    await until(() => names().length === 1, 'the first pick');
    pick(new File(['b'], 'second.txt', { type: 'text/plain' }));
    await until(() => names()[0] === 'second.txt', 'the second pick');
    expect(names()).to.deep.equal(['second.txt']);
    const pasted = new DataTransfer();
    pasted.items.add(new File(['p'], 'pasted.txt', { type: 'text/plain' }));
    root.querySelector('#description')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
    const dropped = new DataTransfer();
    dropped.items.add(new File(['d'], 'dropped.txt', { type: 'text/plain' }));
    input.closest('.field')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    await until(() => names().length === 3, `pasted and dropped files, not only ${names().join(', ')}`);
    expect(names()).to.deep.equal(['second.txt', 'pasted.txt', 'dropped.txt']);
    fill(root, { title: 'Three files', description: 'See them.' });
    // The bar is there while the files are sent: seen as it comes and goes.
    let progress = false;
    const watching = new MutationObserver(() => (progress ||= Boolean(root.querySelector('progress[part~="progress"]'))));
    watching.observe(root, { childList: true, subtree: true });
    submit(root);
    await until(() => reports().length === 1, 'the report');
    watching.disconnect();
    expect(progress).to.equal(true);
    expect(reports()[0]!.attachments.map((file) => file.name)).to.deep.equal(['second.txt', 'pasted.txt', 'dropped.txt']);
  });

  it('closes an untouched form without asking, keeps the pre-filled email, and forgets old errors', async () => {
    const el = await button(html`<vuln-report-button project-key="pk_test_acme" endpoint=${INTAKE} user-email="ada@example.com"></vuln-report-button>`);
    let root = await openDialog(el);
    expect(root.querySelector<HTMLInputElement>('[name="reporter.email"]')!.value).to.equal('ada@example.com');
    submit(root);
    await until(() => Boolean(root.querySelector('#title-error')), 'errors');
    setTimeout(() => root.querySelector('dialog')!.dispatchEvent(new Event('cancel', { cancelable: true })));
    await oneEvent(el, 'vuln-report-close');
    expect(root.querySelector('[role="alertdialog"]')).to.equal(null);
    root = await openDialog(el);
    expect(root.querySelector('#title-error')).to.equal(null);
    expect(root.querySelector('[role="status"]')!.textContent).to.equal('');
    fill(root, { title: 'With the pre-filled email', description: 'Sent.' });
    submit(root);
    await until(() => Boolean(root.querySelector('[part~="reference"]')), 'the receipt');
    expect(reports()[0]!.draft.reporter?.email).to.equal('ada@example.com');
    root.querySelector<HTMLButtonElement>('[part~="receipt"] button[part~="primary"]')!.click();
    root = await openDialog(el);
    expect(root.querySelector<HTMLInputElement>('[name="reporter.email"]')!.value).to.equal('ada@example.com');
    expect(root.querySelector<HTMLInputElement>('[name="title"]')!.value).to.equal('');
    root.querySelector('dialog')!.close();
  });

  it('keeps typed text through a look at "my reports", and through a close the browser forces', async () => {
    localStorage.setItem(`vuln-report:my-reports:${INTAKE}:pk_test_acme`, JSON.stringify([{ id: 'rpt_earlier', trackingToken: 't', title: 'Earlier', receivedAt: new Date().toISOString(), state: 'triaged' }]));
    const el = await button();
    let root = await openDialog(el);
    fill(root, { title: 'Half-typed' });
    [...root.querySelectorAll<HTMLButtonElement>('form [part~="actions"] button')].at(-1)!.click();
    await until(() => Boolean(root.querySelector('.reports li')), 'my reports');
    expect(root.querySelector('.reports li [data-state]')!.textContent).to.equal('Being fixed');
    root.querySelector<HTMLButtonElement>('.section [part~="actions"] button[part~="primary"]')!.click();
    await until(() => !root.querySelector('form')!.hidden, 'the form again');
    expect(root.querySelector<HTMLInputElement>('[name="title"]')!.value).to.equal('Half-typed');
    setTimeout(() => root.querySelector('dialog')!.close());
    await oneEvent(el, 'vuln-report-close');
    expect(deepActive()).to.equal(el.shadowRoot!.querySelector('button'));
    root = await openDialog(el);
    expect(root.querySelector<HTMLInputElement>('[name="title"]')!.value).to.equal('Half-typed');
    root.querySelector('dialog')!.close();
  });

  it('stays unavailable until given its endpoint, then makes its client and opens', async () => {
    const errors: string[] = [];
    const onError = (event: ErrorEvent | PromiseRejectionEvent) => errors.push(String('message' in event ? event.message : event.reason));
    addEventListener('error', onError);
    addEventListener('unhandledrejection', onError);
    const original = console.error;
    console.error = () => undefined;
    const el = await button(html`<vuln-report-button project-key="pk_test_acme" capture-errors></vuln-report-button>`);
    console.error = original;
    expect(el.shadowRoot!.querySelector('button')!.disabled).to.equal(true);
    el.endpoint = INTAKE;
    await el.updateComplete;
    const root = await openDialog(el);
    expect(root.querySelector('form')).to.exist;
    removeEventListener('error', onError);
    removeEventListener('unhandledrejection', onError);
    expect(errors).to.deep.equal([]);
    root.querySelector('dialog')!.close();
  });

  it('sends with the settings the button has when sending, even ones set after the dialog was prefetched', async () => {
    const el = await button(html`<vuln-report-button project-key="pk_test_globex" endpoint=${INTAKE}></vuln-report-button>`);
    await until(() => Boolean(el.shadowRoot?.querySelector('vuln-report-dialog')?.shadowRoot?.querySelector('form')), 'the dialog prefetched');
    el.projectKey = 'pk_test_acme';
    await el.updateComplete;
    const root = await openDialog(el);
    fill(root, { title: 'After the key changed', description: 'Sent with the new one.' });
    submit(root);
    await until(() => reports().length === 1, 'the report');
    expect(reports()[0]!.tenant).to.equal('acme');
    root.querySelector('dialog')!.close();
  });

  it('names a wrong file beside the attachments even when other fields are wrong too', async () => {
    const el = await button();
    const root = await openDialog(el);
    const transfer = new DataTransfer();
    transfer.items.add(new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' }));
    const input = root.querySelector<HTMLInputElement>('#attachments')!;
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await until(() => Boolean(root.querySelector('#attachments-error')), 'the file error');
    submit(root);
    await until(() => Boolean(root.querySelector('#title-error')), 'the errors');
    expect(root.querySelector('#attachments-error')!.textContent).to.contain('tool.exe');
    root.querySelector('dialog')!.close();
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
    root.querySelector<HTMLButtonElement>('.header button')!.click();
    await el.updateComplete;
    expect(root.querySelector('dialog')!.open).to.equal(false);
    expect(el.open).to.equal(false);
    expect(el.hasAttribute('open')).to.equal(false);
  });

  it('lets the host keep the dialog open when unsent text would be lost, naming what asked to close', async () => {
    const el = await button();
    const root = await openDialog(el);
    const sources: CloseSource[] = [];
    const keepOpen = (event: GlobalEventHandlersEventMap['vuln-report-request-close']) => {
      sources.push(event.detail.source);
      event.preventDefault();
    };
    el.addEventListener('vuln-report-request-close', keepOpen);
    fill(root, { title: 'Not to be lost' });
    root.querySelector<HTMLButtonElement>('.header button')!.click();
    root.querySelectorAll<HTMLButtonElement>('form [part~="actions"] button')[1]!.click();
    root.querySelector('dialog')!.dispatchEvent(new Event('cancel', { cancelable: true }));
    await el.shadowRoot!.querySelector('vuln-report-dialog')!.updateComplete;
    expect(sources).to.deep.equal(['close-button', 'cancel-button', 'keyboard']);
    expect(root.querySelector('dialog')!.open).to.equal(true);
    expect(root.querySelector('[role="alertdialog"]')).to.equal(null);
    expect(root.querySelector('form')!.hidden).to.equal(false);
    // With nothing to lose there is nothing to ask: the dialog just closes.
    fill(root, { title: '' });
    root.querySelector<HTMLButtonElement>('.header button')!.click();
    expect(sources).to.have.length(3);
    expect(root.querySelector('dialog')!.open).to.equal(false);
    el.removeEventListener('vuln-report-request-close', keepOpen);
  });

  it('has no accessibility violations with the dialog open, in light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      const el = await button(html`<vuln-report-button theme=${theme} project-key="pk_test_acme" endpoint=${INTAKE}></vuln-report-button>`);
      const root = await openDialog(el);
      submit(root);
      await until(() => Boolean(root.querySelector('#title-error')), 'errors shown');
      // axe reads colours as painted: let the opening animation finish first.
      await Promise.all(root.querySelector('dialog')!.getAnimations().map((animation) => animation.finished));
      await expect(el).to.be.accessible();
      root.querySelector('dialog')!.close();
    }
  });
});
