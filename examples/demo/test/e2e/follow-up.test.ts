import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations as violations, intake, intakeUrl, MIN_FILL_MS, openDialog, pageUrl, reportTitled, sendReport, useBrowser } from './support.ts';

const browser = useBrowser();
const STAFF = { Authorization: 'Bearer staff_test_token' };

/** Opens the page's floating button and sends a report; returns the stored report's id, from the view's reference. */
async function reportFrom(page: Page, title: string) {
  await page.locator('vuln-report-button[placement="bottom-right"]').click();
  await sendReport(page, { title, description: `${title}: described.` });
  const reference = openDialog(page).locator('[part~="reference"]');
  await reference.waitFor();
  const id = (await reference.textContent())!;
  expect((await reportTitled(title)).map((report) => report.id)).toEqual([id]);
  return id;
}

/** The state the open report view shows. */
const shownState = (page: Page) => openDialog(page).locator('[part~="receipt"] [data-state]');

/** A staff action that must succeed. */
async function staff(id: string, action: string, body: unknown) {
  const answer = await intake('POST', `/v1/triage/reports/${id}/${action}`, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/** A port nothing listens on. */
async function closedPort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the customer follows up on a report', () => {
  it('story 7: staff ask a question and the open widget shows it through the events route, with polling turned off; the answer goes back with a file and staff see it', async () => {
    const page = await browser.newPage();
    // Polling turned off: a read of the report's view never reaches the intake, so only the stream can bring the question.
    const polls: string[] = [];
    await page.route(/\/v1\/reports\/[^/]+$/, (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      polls.push(route.request().url());
      return route.abort();
    });
    await page.goto(pageUrl('index.html'));
    const id = await reportFrom(page, 'Invoice totals round the wrong way');
    await expect(shownState(page).textContent()).resolves.toBe('Received');

    const asked = Date.now();
    await staff(id, 'request-info', { message: 'Which invoice shows it? A screenshot would help.' });
    const dialog = openDialog(page);
    await dialog.getByText('Which invoice shows it? A screenshot would help.').waitFor({ timeout: 10_000 });
    // Well under the 15 s a poll would take, and with no poll at all.
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect(polls).toEqual([]);
    await expect(shownState(page).textContent()).resolves.toBe('More information needed');

    await dialog.getByLabel('Your answer').fill('INV-1041: the total is 1,240.00 but the lines add up to 1,239.99.');
    const screenshot = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await dialog.locator('#reply-files').setInputFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: screenshot });
    await dialog.locator('.reply').getByRole('button', { name: 'Send', exact: true }).click();
    await dialog.locator('.notice', { hasText: 'Thank you' }).waitFor();
    await expect(shownState(page).textContent()).resolves.toBe('Received');

    const seen = (await intake('GET', `/v1/triage/reports/${id}`)).body;
    expect(seen.timeline.at(-1)).toMatchObject({ type: 'reporter-replied', message: 'INV-1041: the total is 1,240.00 but the lines add up to 1,239.99.' });
    const [file] = seen.attachments;
    expect(file).toMatchObject({ name: 'invoice.png', type: 'image/png', size: screenshot.length });
    expect(seen.timeline.at(-1).attachments).toEqual([file.id]);
    const download = await fetch(`${intakeUrl()}/v1/triage/reports/${id}/attachments/${file.id}`, { headers: STAFF });
    expect(Buffer.from(await download.arrayBuffer())).toEqual(screenshot);
  });

  it('story 8: the customer withdraws a report not yet triaged', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl('projects.html'));
    const id = await reportFrom(page, 'Reported by mistake');
    const dialog = openDialog(page);
    await dialog.getByRole('button', { name: 'Withdraw report' }).click();
    await dialog.getByText('Withdraw this report? We will stop working on it.').waitFor();
    await dialog.locator('.confirm').getByRole('button', { name: 'Withdraw report' }).click();
    await dialog.getByText('You withdrew it.').first().waitFor();
    await expect(shownState(page).textContent()).resolves.toBe('Closed');
    expect((await intake('GET', `/v1/triage/reports/${id}`)).body).toMatchObject({ state: 'closed', closeReason: 'withdrawn' });
    expect(await dialog.locator('.reply').count()).toBe(0);
  });

  it('story 9: a resolved report’s view shows the version that fixed it and the release note', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl('index.html'));
    const id = await reportFrom(page, 'Session kept after password change');
    await staff(id, 'assess', { vulnerability: true, dataCompromised: true, serverCompromised: false, denialOfService: false, scope: 'reporter-tenant' });
    await expect.poll(() => shownState(page).textContent()).toBe('Being fixed');
    await staff(id, 'resolve', {
      fixedIn: '2.4.2',
      releaseNote: 'Changing a password now ends every other session.',
      details: 'Sessions are revoked on password change.',
      affectedVersions: ['2.4.0', '2.4.1'],
    });
    const dialog = openDialog(page);
    await dialog.getByText('Fixed in version 2.4.2.').first().waitFor();
    await expect(dialog.locator('[part~="release-note"]').textContent()).resolves.toBe('Changing a password now ends every other session.');
    await expect(shownState(page).textContent()).resolves.toBe('Resolved');
  });

  it('story 10: "my reports" opens a report sent on an earlier visit, with its history', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl('index.html'));
    const id = await reportFrom(page, 'Sent on an earlier visit');
    await staff(id, 'request-info', { message: 'Does it still happen after the update?' });
    await page.goto(pageUrl('projects.html'));
    await page.locator('vuln-report-button[placement="bottom-right"]').click();
    const dialog = openDialog(page);
    await dialog.locator('form').getByRole('button', { name: 'My reports' }).click();
    await dialog.getByRole('button', { name: 'Sent on an earlier visit' }).click();
    await dialog.getByRole('heading', { name: 'Sent on an earlier visit' }).waitFor();
    await dialog.getByText('Does it still happen after the update?').waitFor();
    await expect(shownState(page).textContent()).resolves.toBe('More information needed');
    await expect(dialog.locator('[part~="reference"]').textContent()).resolves.toBe(id);
  });
});

describe('buttons that cannot work as they are set up, each in its own state', () => {
  it('story 11: a secret key disables the button and is never repeated; an unknown key is said beside Send; an intake that is down is told from being offline', async () => {
    const page = await browser.newPage();
    const console: string[] = [];
    page.on('console', (message) => console.push(message.text()));
    await page.goto(pageUrl('security.html'));
    const inline = page.locator('main vuln-report-button');

    await inline.evaluate((button) => button.setAttribute('project-key', 'sk_live_acme'));
    await expect.poll(() => inline.locator('button[part="button"]').isDisabled()).toBe(true);
    expect(console.join('\n')).toContain('vuln-report-button: project-key is a secret key');
    expect(console.join('\n')).not.toContain('sk_live_acme');
    await page.locator('#event-log').getByText('vuln-report-error').first().waitFor();

    await inline.evaluate((button) => button.setAttribute('project-key', 'pk_test_nobody'));
    await expect.poll(() => inline.locator('button[part="button"]').isDisabled()).toBe(false);
    await inline.click();
    let dialog = openDialog(page);
    await dialog.getByLabel('Title').fill('Sent with an unknown key');
    await dialog.getByLabel('What happened?').fill('The key is not the intake’s.');
    await page.waitForTimeout(MIN_FILL_MS);
    await dialog.getByRole('button', { name: 'Send report' }).click();
    const notice = dialog.locator('#send-error');
    await notice.getByText('This form is not set up correctly on this site').waitFor();
    // Beside the Send button, in view.
    await expect(notice.evaluate((element) => element.nextElementSibling?.querySelector('button[type="submit"]') !== null)).resolves.toBe(true);
    await expect(notice.isVisible()).resolves.toBe(true);
    expect(await reportTitled('Sent with an unknown key')).toEqual([]);
    await page.keyboard.press('Escape');

    await page.goto(pageUrl('security.html'));
    await inline.evaluate((button, endpoint) => button.setAttribute('endpoint', endpoint), `http://127.0.0.1:${await closedPort()}`);
    await inline.click();
    dialog = openDialog(page);
    await dialog.getByLabel('Title').fill('Sent to an intake that is down');
    await dialog.getByLabel('What happened?').fill('Nothing listens there.');
    await page.waitForTimeout(MIN_FILL_MS);
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByText('The service cannot be reached right now. Your report is saved on this device').waitFor({ timeout: 30_000 });
    expect(await dialog.getByText('offline').count()).toBe(0);
  });
});

describe('accessibility of the demo pages', () => {
  it('story 12: axe finds nothing on a page with its own header, light and dark, desktop and phone, with the form open and with a report followed', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const viewport of [
        { width: 1100, height: 760 },
        { width: 375, height: 667 },
      ]) {
        const page = await browser.newPage();
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
        await page.goto(pageUrl('projects.html'));
        await page.locator('vuln-report-button').locator('button[part="button"]').waitFor();
        expect(await violations(page), `the page, ${colorScheme}, ${viewport.width}`).toEqual([]);
        await page.locator('vuln-report-button[placement="bottom-right"]').click();
        await openDialog(page).getByLabel('Title').waitFor();
        expect(await violations(page), `the form, ${colorScheme}, ${viewport.width}`).toEqual([]);
        await sendReport(page, { title: `Checked in ${colorScheme} at ${viewport.width}`, description: 'By axe.' });
        await openDialog(page).locator('[part~="reference"]').waitFor();
        expect(await violations(page), `the report view, ${colorScheme}, ${viewport.width}`).toEqual([]);
        await page.close();
      }
    }
  });
});
