import { describe, expect, it } from 'vitest';
import { intake, intakeUrl, MIN_FILL_MS, openDialog, pageUrl, reportTitled, screenshot, sendReport, useBrowser } from './support.ts';

const browser = useBrowser();

describe('a customer reports a problem', () => {
  it('story 1: reports a vulnerability with the keyboard only and gets a receipt', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl('index.html'));
    await screenshot(page, 'button');
    // Tab from the top of the page to the floating button, as a keyboard user would.
    let reached = false;
    for (let i = 0; i < 25 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.tagName === 'VULN-REPORT-BUTTON');
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    const dialog = openDialog(page);
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.querySelector('vuln-report-dialog')?.shadowRoot?.activeElement?.getAttribute('name'))).toBe('kind');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Session token leaks into the Referer header');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Opening an external link from the billing page sends the session token in the Referer.');
    await screenshot(page, 'dialog');
    await page.waitForTimeout(MIN_FILL_MS);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await dialog.getByText('Thank you, your report was received').waitFor();
    const [stored] = await reportTitled('Session token leaks into the Referer header');
    expect(stored).toMatchObject({ tenant: 'acme', state: 'received' });
    await expect(dialog.locator('[part~="reference"]').textContent()).resolves.toBe(stored!.id);
    await screenshot(page, 'receipt');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' }).catch(() => undefined);
    expect(await openDialog(page).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('VULN-REPORT-BUTTON');
  });

  it('story 6: the connection drops while sending, after the intake stored it; the report arrives once when the network is back', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl('security.html'));
    await page.getByRole('button', { name: 'Report a security issue' }).click();
    const dialog = openDialog(page);
    await dialog.getByLabel('Title').fill('Sent through a flaky network');
    await dialog.getByLabel('What happened?').fill('The connection dropped while sending.');
    await page.waitForTimeout(MIN_FILL_MS);
    // The intake stores each attempt, then drops the connection: the page never gets an answer.
    await intake('POST', '/__stub/faults', { rate: 1, drop: true });
    await dialog.getByRole('button', { name: 'Send report' }).click();
    // Online, and the intake gives no answer: it is out of reach, the reporter is not offline.
    await dialog.getByText('The service cannot be reached right now. Your report is saved on this device').waitFor({ timeout: 30_000 });
    await intake('POST', '/__stub/faults', { rate: 0 });
    expect(await reportTitled('Sent through a flaky network')).toHaveLength(1);
    // The network comes back (the browser says so): the saved report is sent again with its key.
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await dialog.getByText('Your saved report has now been sent.').waitFor({ timeout: 30_000 });
    const stored = await reportTitled('Sent through a flaky network');
    expect(stored).toHaveLength(1);
    await expect(dialog.locator('[part~="reference"]').textContent()).resolves.toBe(stored[0]!.id);
  });

  it('the network is down while sending; the report is saved and delivered when it returns', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl('security.html'));
    await page.getByRole('button', { name: 'Report a security issue' }).click();
    const dialog = openDialog(page);
    await dialog.getByLabel('Title').fill('Sent while offline');
    await dialog.getByLabel('What happened?').fill('No network at all.');
    await page.waitForTimeout(MIN_FILL_MS);
    await page.context().setOffline(true);
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByText('You seem to be offline. Your report is saved on this device').waitFor({ timeout: 30_000 });
    expect(await reportTitled('Sent while offline')).toEqual([]);
    await page.context().setOffline(false);
    await dialog.getByText('Your saved report has now been sent.').waitFor({ timeout: 30_000 });
    expect(await reportTitled('Sent while offline')).toHaveLength(1);
  });

  it('the React page and the plain-HTML page (single-file build, Spanish) both send reports', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl('react.html'));
    await page.getByRole('button', { name: 'Report a problem (React)' }).click();
    await sendReport(page, { title: 'Sent from the React page', description: 'Through the React wrapper.' });
    await page.getByText(/^Sent: rpt_/).waitFor();
    expect(await reportTitled('Sent from the React page')).toHaveLength(1);

    await page.goto(pageUrl('plain.html'));
    // The plain page names the demo's intake in its markup; point it at this run's.
    await page.evaluate((url) => document.querySelector('vuln-report-button')!.setAttribute('endpoint', url), intakeUrl());
    await page.getByRole('button', { name: 'Informar de un problema' }).click();
    const dialog = openDialog(page);
    await dialog.getByLabel('Título').fill('Enviado desde la página sencilla');
    await dialog.getByLabel('¿Qué ha pasado?').fill('Con el archivo único.');
    await page.waitForTimeout(MIN_FILL_MS);
    await dialog.getByRole('button', { name: 'Enviar informe' }).click();
    await dialog.getByText('Gracias, hemos recibido su informe').waitFor();
    expect(await reportTitled('Enviado desde la página sencilla')).toHaveLength(1);
  });
});
