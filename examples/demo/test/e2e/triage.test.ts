import type { Page } from 'playwright-core';
import { signCustomerToken } from '@vuln-report/sdk/node';
import { DEFAULT_SEED } from '@vuln-report/server-stub';
import { beforeEach, describe, expect, it } from 'vitest';
import { axeViolations, intake, intakeUrl, openDialog, outbox, pageUrl, reportTitled, screenshot, sendReport, useBrowser } from './support.ts';

const browser = useBrowser();
const ALL_CONTACTS = DEFAULT_SEED.tenants.flatMap((tenant) => tenant.supportContacts.map((contact) => contact.email));

beforeEach(async () => {
  await intake('POST', '/__stub/reset');
});

/** Files a report as a customer of `key`, through the intake's reporter route. */
async function fileReport(title: string, extra: Record<string, unknown> = {}, key = 'pk_live_acme') {
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
  const form = page.getByRole('form', { name: 'Assess', exact: true });
  // The box starts ticked for the kinds vulnerability and data-exposure; the facts apply only when it is.
  await form.getByLabel('It is a vulnerability').check();
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
  await form.getByLabel('Affected versions').fill(`< ${version}`);
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
    const sent = await fetch(`${intakeUrl()}/v1/reports`, { method: 'POST', headers: { 'X-Project-Key': 'pk_live_acme', 'Idempotency-Key': crypto.randomUUID() }, body: form });
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
    // Said in the status and again on its timeline.
    await dialog.getByText('Fixed in version 2.4.2.').first().waitFor();
  });

  it('story 3: a critical report, once resolved, is told to every tenant’s support contacts (v2: whatever the severity)', async () => {
    await fileReport('Tenant admin can read its own audit export unencrypted', {}, 'pk_live_globex');
    const staff = await browser.newPage();
    await openInConsole(staff, 'Tenant admin can read its own audit export unencrypted');
    await assess(staff, { data: true, scope: 'Reporting tenant only' }, 'critical');
    await resolve(staff, '2.4.3', 'Audit exports are encrypted at rest.');
    const resolution = (await outbox()).filter((mail) => mail.kind === 'resolution');
    expect(resolution.map((mail) => mail.to).sort()).toEqual([...ALL_CONTACTS].sort());
  });

  it('story 4: declared data loss is in the outbox at the instant of the declaration', async () => {
    await fileReport('Shared links outlive their project');
    const staff = await browser.newPage();
    await openInConsole(staff, 'Shared links outlive their project');
    const form = staff.getByRole('form', { name: 'Declare data loss' });
    await form.getByLabel('acme').check();
    await form.getByLabel('initech').check();
    await form.getByLabel('Action taken').fill('Every shared link of deleted projects was revoked.');
    await form.getByLabel('What the customers should do').fill('Share the links of live projects again.');
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

  it('shows the activity log with each call’s outcome, its hash chain and the signed tree head, verified in the browser', async () => {
    await fileReport('A report for the log');
    // A call outside the caller's roles: logged as denied.
    await fetch(`${intakeUrl()}/v1/triage/incidents`, { method: 'POST', headers: { Authorization: 'Bearer staff_test_triager', 'Content-Type': 'application/json' }, body: '{}' });
    const staff = await browser.newPage();
    await staff.goto(pageUrl('console.html'));
    await staff.getByText(/Signed tree head verified: \d+ entries/).waitFor();
    await staff.getByText(/Chain verified/).waitFor();
    const denied = staff.getByRole('row').filter({ hasText: 'POST /v1/triage/incidents' });
    await denied.getByRole('cell', { name: /denied/ }).waitFor();
    await denied.getByRole('cell', { name: 'in the signed head' }).waitFor();
    await staff.getByRole('row').filter({ hasText: 'report.submit' }).getByRole('cell', { name: 'widget' }).or(staff.getByRole('row').filter({ hasText: 'report.submit' }).getByRole('cell', { name: 'sdk' })).first().waitFor();
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

/** The stub's clock, as an epoch time. */
async function clockNow() {
  return Date.parse((await intake('GET', '/__stub/clock')).body.now as string);
}

/** Asks for evidence as a signed-in customer of acme (a live customer token, as its backend would sign it). */
async function askForEvidence(reason: string, scope: Record<string, unknown>) {
  const token = signCustomerToken({ secretKey: 'sk_live_acme', tenant: 'acme', sub: 'auditor', email: 'auditor@acme.example', now: new Date(await clockNow()) });
  const response = await fetch(`${intakeUrl()}/v1/evidence-requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ reason, scope }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

describe('staff triage through the console, version 2 of the contract', () => {
  it('reassesses a triaged report with a reason: the severity shown changes and the reason is on the timeline', async () => {
    const title = 'Export endpoint ignores the tenant filter';
    await fileReport(title);
    const staff = await browser.newPage();
    await openInConsole(staff, title);
    await assess(staff, { scope: 'Platform' }, 'major');

    const form = staff.getByRole('form', { name: 'Reassess', exact: true });
    // The form starts from the assessment of record.
    await form.getByRole('status').getByText('Severity: major').waitFor();
    await form.getByLabel('Data compromised').check();
    await form.getByRole('status').getByText('Severity: blocker').waitFor();
    // Without a reason the intake refuses it, and the problem shows beside this form.
    await form.getByRole('button', { name: 'Record reassessment' }).click();
    await form.getByRole('alert').locator('code', { hasText: 'reason' }).waitFor();
    expect((await intake('GET', `/v1/triage/reports/${(await reportTitled(title))[0]!.id}`)).body.severity).toBe('major');

    await form.getByLabel('Reason for the change').fill('The export leaks rows of other tenants.');
    await form.getByRole('button', { name: 'Record reassessment' }).click();
    await staff.getByText(`Reassessment recorded: ${title} is blocker.`).waitFor();
    await staff.getByRole('row', { name: new RegExp(title) }).getByRole('cell', { name: 'blocker', exact: true }).waitFor();
    const detail = staff.locator('#detail');
    await detail.locator('dl.facts').first().locator('dd', { hasText: /^blocker$/ }).waitFor();
    await detail.locator('ol.timeline li', { hasText: 'reassessed' }).filter({ hasText: 'now severity blocker' }).getByText('The export leaks rows of other tenants.').waitFor();
    // The form now starts from the new assessment.
    await form.getByRole('status').getByText('Severity: blocker').waitFor();
    expect(await form.getByLabel('Data compromised').isChecked()).toBe(true);
  });

  it('assesses a bug as no vulnerability: no severity, the facts left out, and the timeline says so', async () => {
    const title = 'Dashboard chart shows last week twice';
    await fileReport(title, { kind: 'bug' });
    const staff = await browser.newPage();
    await openInConsole(staff, title);
    const form = staff.getByRole('form', { name: 'Assess', exact: true });
    // Unticked for a bug: the four facts are disabled and no severity is given.
    expect(await form.getByLabel('It is a vulnerability').isChecked()).toBe(false);
    expect(await form.getByLabel('Data compromised').isDisabled()).toBe(true);
    await form.getByRole('status').getByText('No severity: not a vulnerability').waitFor();
    // Ticked, the facts open again; unticked, they close.
    await form.getByLabel('It is a vulnerability').check();
    await form.getByRole('status').getByText('Severity: major').waitFor();
    expect(await form.getByLabel('Data compromised').isDisabled()).toBe(false);
    await form.getByLabel('It is a vulnerability').uncheck();
    await form.getByRole('button', { name: 'Record assessment' }).click();
    await staff.getByText(`Assessment recorded: ${title} is not a vulnerability.`).waitFor();

    const detail = staff.locator('#detail');
    await detail.locator('dl.facts').first().getByText('none: not a vulnerability').waitFor();
    await detail.locator('ol.timeline li', { hasText: 'triaged' }).getByText(/not a vulnerability, no severity/).waitFor();
    const [listed] = await reportTitled(title);
    const report = (await intake('GET', `/v1/triage/reports/${listed!.id}`)).body;
    expect(report.assessment).toMatchObject({ vulnerability: false });
    expect(report.assessment.dataCompromised).toBeUndefined();
    expect(report.severity).toBeUndefined();
  });

  it('sets a remediation deadline by hand, shown with who set it and why, and kept by a reassessment', async () => {
    const title = 'Session cookie lacks SameSite';
    await fileReport(title);
    const staff = await browser.newPage();
    await openInConsole(staff, title);
    await assess(staff, { scope: 'Platform' }, 'major');

    const due = new Date((await clockNow()) + 10 * 86_400_000);
    due.setUTCHours(9, 30, 0, 0);
    const form = staff.getByRole('form', { name: 'Remediation deadline' });
    await form.getByLabel('Remediate by (UTC)').fill(due.toISOString().slice(0, 16));
    await form.getByLabel('Reason').fill('Agreed with the customer: their release freeze ends then.');
    await form.getByRole('button', { name: 'Set deadline' }).click();
    await staff.getByText(`Remediation deadline set: ${due.toISOString()}.`).waitFor();

    const remediation = staff.locator('#detail dl.facts').first().locator('dt:has-text("Remediate by") + dd');
    await remediation.getByText('set by hand').waitFor();
    await remediation.locator('time', { hasText: due.toISOString() }).first().waitFor();
    await remediation.getByText('Agreed with the customer: their release freeze ends then.').waitFor();
    await remediation.getByText(/^by \S+/).waitFor();
    await staff.locator('#detail ol.timeline li', { hasText: 'deadline-set' }).waitFor();

    const reassess = staff.getByRole('form', { name: 'Reassess', exact: true });
    await reassess.getByLabel('Server compromised').check();
    await reassess.getByLabel('Reason for the change').fill('A server can be reached through it.');
    await reassess.getByRole('button', { name: 'Record reassessment' }).click();
    await staff.getByText(`Reassessment recorded: ${title} is blocker.`).waitFor();
    await remediation.locator('time', { hasText: due.toISOString() }).first().waitFor();
    const [listed] = await reportTitled(title);
    expect((await intake('GET', `/v1/triage/reports/${listed!.id}`)).body).toMatchObject({ severity: 'blocker', remediateBy: due.toISOString() });
  });

  it('sends a data-loss follow-up to the tenants of the declaration, and lists it with the measures', async () => {
    const title = 'Backups readable by a former admin';
    const { id } = await fileReport(title);
    await intake('POST', `/v1/triage/reports/${id}/data-loss`, { affectedTenants: ['globex'], actionTaken: 'The former admin’s access was revoked.', customerMeasures: 'Review your admins.' });
    const staff = await browser.newPage();
    await openInConsole(staff, title);
    // One declaration per report: once declared, the follow-up takes its place.
    await staff.getByRole('form', { name: 'Data-loss follow-up' }).waitFor();
    expect(await staff.getByRole('form', { name: 'Declare data loss' }).count()).toBe(0);
    await staff.locator('#detail').getByText('Review your admins.').waitFor();

    const form = staff.getByRole('form', { name: 'Data-loss follow-up' });
    await form.getByLabel('What changed').fill('The access lasted two days.');
    await form.getByLabel('New measures for the customers').fill('Rotate the backup encryption keys too.');
    await form.getByRole('button', { name: 'Send follow-up' }).click();
    await staff.getByText('Data-loss follow-up sent to the affected tenants.').waitFor();

    const detail = staff.locator('#detail');
    await detail.locator('ol.follow-ups li', { hasText: 'The access lasted two days.' }).getByText('Rotate the backup encryption keys too.').waitFor();
    await detail.locator('dt:has-text("Measures for customers") + dd').getByText('Rotate the backup encryption keys too.').waitFor();
    await detail.locator('ol.timeline li', { hasText: 'data-loss-updated' }).getByText('The access lasted two days.').waitFor();
    await staff.locator('ol.outbox pre', { hasText: 'The access lasted two days.' }).first().waitFor();
    const followUps = (await outbox()).filter((mail) => mail.kind === 'data-loss' && mail.relatedId === id && mail.text.includes('two days'));
    expect(followUps.map((mail) => mail.to)).toEqual(['secops@globex.example']);
    expect(followUps[0]!.text).toContain('Rotate the backup encryption keys too.');
  });

  it('sends a later incident notice, then moves it to analysed with its analysis and improvements, each emailed', async () => {
    const title = 'Build runners leaked a deploy token';
    const created = await intake('POST', '/v1/triage/incidents', {
      title,
      affectedTenants: ['initech'],
      detectedAt: new Date(await clockNow()).toISOString(),
      recommendedMeasures: 'Rotate your deploy tokens.',
    });
    const id = created.body.id as string;
    const staff = await browser.newPage();
    await staff.goto(pageUrl('console.html'));
    const item = staff.locator('li.incident', { has: staff.getByRole('heading', { name: title }) });
    await item.waitFor();
    // A later notice follows the first one.
    expect(await item.getByRole('form', { name: 'Later notice' }).count()).toBe(0);
    await item.getByRole('button', { name: 'Notify customers' }).click();

    const later = item.getByRole('form', { name: 'Later notice' });
    await later.getByLabel('What changed').fill('The token was used from one address only.');
    await later.getByLabel('New recommended measures').fill('Rotate your deploy tokens and review your deploy logs.');
    await later.getByRole('button', { name: 'Send notice' }).click();
    await staff.getByText(`Later notice of ${title} sent to the affected tenants.`).waitFor();
    await item.locator('dt:has-text("Recommended measures") + dd').getByText('Rotate your deploy tokens and review your deploy logs.').waitFor();

    const move = item.getByRole('form', { name: 'Move to the next state' });
    await move.getByLabel('Next state').selectOption('contained');
    await move.getByRole('button', { name: 'Move' }).click();
    await staff.getByText(`${title} is now contained.`).waitFor();
    // Next comes analysed, which asks for the analysis and the improvements: refused without them.
    await move.getByLabel('Analysis: what happened and why').waitFor();
    await move.getByRole('button', { name: 'Move' }).click();
    await move.getByRole('alert').locator('code', { hasText: 'analysis' }).first().waitFor();
    await move.getByLabel('Analysis: what happened and why').fill('A debug log printed the token.');
    await move.getByLabel('Improvements: what will change').fill('Logs are scrubbed of secrets before they are stored.');
    await move.getByRole('button', { name: 'Move' }).click();
    await staff.getByText(`${title} is now analysed.`).waitFor();

    await item.locator('dt:has-text("Analysis") + dd').getByText('A debug log printed the token.').waitFor();
    await item.locator('dt:has-text("Improvements") + dd').getByText('Logs are scrubbed of secrets before they are stored.').waitFor();
    // The first notice, the later one and both moves were emailed.
    await expect.poll(() => item.locator('ol.timeline li', { hasText: 'emailed to customers' }).count()).toBe(4);
    const notices = (await outbox()).filter((mail) => mail.kind === 'incident' && mail.relatedId === id);
    expect(notices).toHaveLength(4 * 2);
    const analysed = notices.filter((mail) => mail.text.includes('A debug log printed the token.'));
    expect(analysed.map((mail) => mail.to).sort()).toEqual(['cto@initech.example', 'it@initech.example']);
    expect(analysed[0]!.text).toContain('Logs are scrubbed of secrets before they are stored.');
  });

  it('declines an evidence request by keyboard, with its reason shown as text and emailed', async () => {
    const { id: reportId } = await fileReport('Audit trail question');
    const from = new Date((await clockNow()) - 7 * 86_400_000).toISOString();
    const request = await askForEvidence('Who at the vendor read our reports last week?', { from, reports: [reportId] });
    const staff = await browser.newPage();
    await staff.goto(pageUrl('console.html'));
    const item = staff.locator('ul.evidence > li', { hasText: 'Who at the vendor read our reports last week?' });
    await item.locator('dt:has-text("Scope") + dd').getByText(reportId).waitFor();
    await item.locator('dt:has-text("Scope") + dd').locator('time', { hasText: from }).waitFor();

    const form = item.getByRole('form', { name: 'Decline' });
    const reason = form.getByLabel('Reason for declining');
    await reason.fill('Too wide.');
    await form.getByRole('button', { name: 'Decline request' }).click();
    await form.getByRole('alert').getByText('30 characters').waitFor();

    const why = 'Name one report <img src=x onerror=alert(1)>: the scope is too wide.';
    await reason.fill('');
    await reason.focus();
    await staff.keyboard.type(why);
    await staff.keyboard.press('Tab');
    expect(await staff.evaluate(() => document.activeElement?.textContent)).toBe('Decline request');
    await staff.keyboard.press('Enter');
    await staff.getByText('Evidence request of acme declined.').waitFor();

    await item.locator('dt:has-text("Why declined") + dd').getByText(why, { exact: true }).waitFor();
    await item.locator('.badge', { hasText: 'declined' }).waitFor();
    expect(await item.getByRole('form', { name: 'Decline' }).count()).toBe(0);
    expect(await staff.locator('img[src="x"]').count()).toBe(0);
    const told = (await outbox()).filter((mail) => mail.kind === 'evidence' && mail.relatedId === request.id);
    expect(told.map((mail) => mail.to).sort()).toEqual(['auditor@acme.example', 'ops@acme.example', 'security@acme.example']);
    expect(told[0]!.text).toContain(why);
    expect(browser.alerts).toEqual([]);
  });

  it('marks an urgent report, keeps its breached acknowledgement listed as met late, and shows the policy behind it', async () => {
    const title = 'Customer data visible in a shared preview';
    const { id } = await fileReport(title, { kind: 'data-exposure' });
    await fileReport('An ordinary report');
    const staff = await browser.newPage();
    await openInConsole(staff, title);
    await staff.locator('#detail .badges').getByText('Urgent', { exact: true }).waitFor();
    await staff.getByRole('row', { name: new RegExp(title) }).getByText('Urgent', { exact: true }).waitFor();
    expect(await staff.getByRole('row', { name: /An ordinary report/ }).getByText('Urgent', { exact: true }).count()).toBe(0);

    // Five hours on, the four-hour acknowledgement is overdue; acknowledged then, it stays listed as met late.
    await intake('POST', '/__stub/clock', { advanceSeconds: 5 * 3600 });
    await staff.getByRole('button', { name: 'Refresh' }).click();
    const deadlines = staff.locator('#deadlines');
    await deadlines.locator('li.overdue', { hasText: id }).filter({ hasText: 'acknowledgement' }).getByText('overdue by 1 h 0 min').waitFor();
    await assess(staff, { data: true, scope: 'Platform' }, 'blocker');
    const metLate = deadlines.locator('li.met-late', { hasText: id }).filter({ hasText: 'acknowledgement' });
    await metLate.getByText('Met late').waitFor();
    await metLate.getByText('1 h 0 min late').waitFor();

    const policy = staff.locator('#policy');
    await policy.getByRole('row', { name: /Acknowledge an urgent report/ }).getByText('within 4 hours of intake').waitFor();
    await policy.getByRole('row', { name: /data-loss-update/ }).getByText('each affected tenant’s support contacts').waitFor();
  });
});

describe('the admin’s tenants and keys in the console', () => {
  it('creates a tenant, makes it a publishable key shown once, takes a report with it, and revokes it: each change in the log', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl('console.html'));
    const section = page.locator('#tenants');
    await section.getByRole('heading', { name: 'Acme Corporation acme' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const create = section.getByRole('form', { name: 'New tenant' });
    await create.getByLabel('Tenant id').fill('hooli');
    await create.getByLabel('Name', { exact: true }).fill('Hooli <b>XYZ</b>');
    await create.getByLabel('Support contact’s name').fill('Hooli Security');
    await create.getByLabel('Support contact’s email').fill('security@hooli.example');
    await create.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByText('Tenant hooli created: make it a key.').waitFor();
    // Markup in a name is text.
    await section.getByRole('heading', { name: 'Hooli <b>XYZ</b> hooli' }).waitFor();

    const makeKey = section.getByRole('form', { name: 'New key for hooli' });
    await makeKey.getByLabel('Mode').selectOption('live');
    await makeKey.getByRole('button', { name: 'Make key' }).click();
    const secret = (await section.getByRole('status').locator('code').textContent())!;
    expect(secret).toMatch(/^pk_live_[a-z0-9]{24}$/);
    expect(await axeViolations(page)).toEqual([]);

    const sent = await fetch(`${intakeUrl()}/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Project-Key': secret, 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ kind: 'bug', title: 'Sent with the new key', description: 'It works.' }),
    });
    expect(sent.status).toBe(201);

    await section.getByRole('button', { name: `Revoke ${secret}` }).click();
    await page.getByText('The key of hooli was revoked: it no longer works.').waitFor();
    // Shown once: gone after the next action.
    expect(await section.getByRole('status').count()).toBe(0);
    const refused = await fetch(`${intakeUrl()}/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Project-Key': secret, 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ kind: 'bug', title: 'Sent after revocation', description: 'It must not work.' }),
    });
    expect(refused.status).toBe(401);

    const log = (await (await fetch(`${intakeUrl()}/v1/triage/activity-log?writes=only&limit=100`, { headers: { Authorization: 'Bearer staff_test_token' } })).json()) as { items: Array<{ action: string; channel: string }> };
    expect(log.items.filter((entry) => /^(tenant|key)\./.test(entry.action)).map((entry) => `${entry.action} ${entry.channel}`)).toEqual(['tenant.create web', 'key.create web', 'key.revoke web']);
    expect(JSON.stringify(log)).not.toContain(secret.slice(8));
  });
});
