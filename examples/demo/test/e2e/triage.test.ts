import type { Page } from 'playwright-core';
import { DEFAULT_SEED } from '@vuln-report/server-stub';
import { beforeEach, describe, expect, it } from 'vitest';
import { intake, intakeUrl, openDialog, outbox, pageUrl, reportTitled, screenshot, sendReport, useBrowser } from './support.ts';

const browser = useBrowser();
const ALL_CONTACTS = DEFAULT_SEED.tenants.flatMap((tenant) => tenant.supportContacts.map((contact) => contact.email));

beforeEach(async () => {
  await intake('POST', '/__stub/reset');
});

/** Files a report as a customer of `key`, through the intake's reporter route. */
async function fileReport(title: string, extra: Record<string, unknown> = {}, key = 'pk_test_acme') {
  const response = await fetch(`${intakeUrl()}/v1/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Project-Key': key, 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ kind: 'vulnerability', title, description: `Details of ${title}.`, ...extra }),
  });
  return (await response.json()) as { id: string; trackingToken: string };
}

/** The triage console, with a report selected. */
async function openInConsole(page: Page, title: string) {
  await page.goto(pageUrl('console.html'));
  await page.getByRole('button', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor();
}

async function assess(page: Page, facts: { data?: boolean; server?: boolean; dos?: boolean; scope: 'Platform' | 'Reporting tenant only' }, expected: string) {
  const form = page.getByRole('form', { name: 'Assess' });
  if (facts.data) await form.getByLabel('Data compromised').check();
  if (facts.server) await form.getByLabel('Server compromised').check();
  if (facts.dos) await form.getByLabel('Denial of service').check();
  await form.getByLabel(facts.scope).check();
  await form.getByRole('status').getByText(`Severity: ${expected}`).waitFor();
  await form.getByRole('button', { name: 'Record assessment' }).click();
  await page.getByText(`Assessment recorded: `).filter({ hasText: ` is ${expected}.` }).waitFor();
}

async function resolve(page: Page, version: string, note: string) {
  const form = page.getByRole('form', { name: 'Resolve' });
  await form.getByLabel('Fixed in version').fill(version);
  await form.getByLabel('Release note').fill(note);
  await form.getByLabel('How it was resolved').fill('The value is now encoded before use.');
  await form.getByRole('button', { name: 'Resolve report' }).click();
  await page.getByText(`Report resolved in ${version}.`).waitFor();
}

describe('staff triage through the console', () => {
  it('lets staff download an attachment as the file the reporter sent', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const form = new FormData();
    form.append('report', JSON.stringify({ kind: 'bug', title: 'Chart labels overlap', description: 'See the screenshot.' }));
    form.append('attachments', new Blob([png], { type: 'image/png' }), 'chart.png');
    const sent = await fetch(`${intakeUrl()}/v1/reports`, { method: 'POST', headers: { 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID() }, body: form });
    expect(sent.status).toBe(201);

    const page = await browser.newPage();
    await openInConsole(page, 'Chart labels overlap');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('chart.png');
    const path = await download.path();
    expect(new Uint8Array((await import('node:fs')).readFileSync(path))).toEqual(png);
  });

  it('story 2: a blocker resolved in a version reaches the release notes, every support contact, and the customer’s open widget', async () => {
    const customer = await browser.newPage();
    await customer.goto(pageUrl('security.html'));
    await customer.getByRole('button', { name: 'Report a security issue' }).click();
    await sendReport(customer, { title: 'Open redirect on the login page', description: 'next= accepts any host.', email: 'ada@example.com' });
    const dialog = openDialog(customer);
    await dialog.getByText('Thank you, your report was received').waitFor();
    await dialog.locator('[data-state]').getByText('Received').waitFor();

    const staff = await browser.newPage();
    await openInConsole(staff, 'Open redirect on the login page');
    await assess(staff, { server: true, scope: 'Platform' }, 'blocker');
    await resolve(staff, '2.4.2', 'Login redirects only to our own hosts.');
    await staff.locator('section', { has: staff.getByRole('heading', { level: 2, name: 'Release notes' }) }).getByText('2.4.2').first().waitFor();
    await screenshot(staff, 'console');

    const [report] = await reportTitled('Open redirect on the login page');
    const notes = (await intake('GET', '/v1/release-notes')).body.items;
    expect(notes[0]).toMatchObject({ version: '2.4.2', vulnerabilities: [{ reportId: report!.id, severity: 'blocker' }] });
    const resolution = (await outbox()).filter((mail) => mail.kind === 'resolution' && mail.relatedId === report!.id);
    expect(resolution.map((mail) => mail.to).sort()).toEqual([...ALL_CONTACTS, 'ada@example.com'].sort());

    // The customer's dialog is still open: it follows the status without a reload.
    await dialog.locator('[data-state="resolved"]').waitFor({ timeout: 45_000 });
    await dialog.getByText('Fixed in version 2.4.2.').waitFor();
  });

  it('story 3: a critical report tells only the reporting tenant’s contacts', async () => {
    await fileReport('Tenant admin can read its own audit export unencrypted', {}, 'pk_test_globex');
    const staff = await browser.newPage();
    await openInConsole(staff, 'Tenant admin can read its own audit export unencrypted');
    await assess(staff, { data: true, scope: 'Reporting tenant only' }, 'critical');
    await resolve(staff, '2.4.3', 'Audit exports are encrypted at rest.');
    const resolution = (await outbox()).filter((mail) => mail.kind === 'resolution');
    expect(resolution.map((mail) => mail.to)).toEqual(['secops@globex.example']);
  });

  it('story 4: declared data loss is in the outbox at the instant of the declaration', async () => {
    await fileReport('Shared links outlive their project');
    const staff = await browser.newPage();
    await openInConsole(staff, 'Shared links outlive their project');
    const form = staff.getByRole('form', { name: 'Declare data loss' });
    await form.getByLabel('acme').check();
    await form.getByLabel('initech').check();
    await form.getByLabel('Action taken').fill('Every shared link of deleted projects was revoked.');
    await form.getByRole('button', { name: 'Notify affected tenants' }).click();
    await staff.locator('pre').getByText('Every shared link of deleted projects was revoked.').first().waitFor();
    const [listed] = await reportTitled('Shared links outlive their project');
    const report = (await intake('GET', `/v1/triage/reports/${listed!.id}`)).body;
    const notices = (await outbox()).filter((mail) => mail.kind === 'data-loss');
    expect(notices.map((mail) => mail.to).sort()).toEqual(['cto@initech.example', 'it@initech.example', 'ops@acme.example', 'security@acme.example']);
    expect(new Set(notices.map((mail) => mail.createdAt))).toEqual(new Set([report.dataLoss.declaredAt]));
  });

  it('story 5: an incident not notified within 24 hours shows overdue once the clock moves', async () => {
    const staff = await browser.newPage();
    await staff.goto(pageUrl('console.html'));
    const form = staff.getByRole('form', { name: 'New incident' });
    await form.getByLabel('Incident title').fill('Object storage bucket listing exposed');
    await form.getByLabel('globex').check();
    await form.getByLabel('Recommended measures').fill('Rotate the access keys of every bucket.');
    await form.getByRole('button', { name: 'Open incident' }).click();
    await staff.getByText(/Notice due in 2[34] h/).waitFor();
    await staff.getByRole('button', { name: '+25 hours' }).click();
    await staff.getByText(/Notice overdue by \d+ h/).waitFor();
    const sla = (await intake('GET', '/v1/triage/sla')).body.items;
    expect(sla).toContainEqual(expect.objectContaining({ kind: 'incident-notice', status: 'overdue' }));
    await staff.getByRole('listitem').filter({ hasText: 'incident-notice' }).filter({ hasText: 'overdue' }).first().waitFor();
  });

  it('story 7: a report full of hostile strings renders as text in the console and in the emails', async () => {
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    await fileReport(hostile, {
      description: `${hostile}\n{{constructor.constructor('alert(3)')()}}\njavascript:alert(4)`,
      stepsToReproduce: '<svg onload=alert(5)>',
      reporter: { email: 'mallory@example.com', name: '<b onmouseover=alert(6)>Mallory</b>' },
    });
    const staff = await browser.newPage();
    await openInConsole(staff, hostile);
    await staff.getByText('<svg onload=alert(5)>').first().waitFor();
    const mail = staff.locator('pre').filter({ hasText: '<img src=x onerror=alert(1)>' }).first();
    await mail.waitFor();
    expect(await staff.locator('img[src="x"], svg[onload], b[onmouseover]').count()).toBe(0);
    expect(await staff.evaluate(() => document.querySelectorAll('script:not([type="module"])').length)).toBe(0);
    expect((await outbox())[0]!.text).toContain('<img src=x onerror=alert(1)>');
    await staff.waitForTimeout(300);
    expect(browser.alerts).toEqual([]);
  });
});
