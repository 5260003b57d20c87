import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { chromiumPath, CHROMIUM_ARGS } from '../../../../scripts/lib/chromium.mjs';

export const demoUrl = () => inject('demoUrl');
export const intakeUrl = () => inject('intakeUrl');
const STAFF = { Authorization: 'Bearer staff_test_token', 'Content-Type': 'application/json' };
/** The dialog asks a person to take a moment before sending. */
export const MIN_FILL_MS = 2600;

/** A page of the built demo, pointed at the test's intake. */
export const pageUrl = (name: string) => `${demoUrl()}/${name}?intake=${encodeURIComponent(intakeUrl())}`;

/** One Chromium for a test file; every page it opens fails the test on a JavaScript dialog (an executed alert). */
export function useBrowser() {
  let browser: Browser;
  const alerts: string[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  });
  afterAll(() => browser?.close());
  return {
    alerts,
    async newPage(): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
      const page = await context.newPage();
      page.on('dialog', async (dialog) => {
        alerts.push(dialog.message());
        await dialog.dismiss();
      });
      return page;
    },
  };
}

/** Calls the intake as staff, or the stub's controls. */
export async function intake(method: string, path: string, body?: unknown) {
  const headers = path.startsWith('/__stub/') ? { ...STAFF, Authorization: 'Bearer stub_control_token' } : STAFF;
  const response = await fetch(`${intakeUrl()}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Every email in the outbox. */
export async function outbox(): Promise<Array<{ to: string; kind: string; relatedId: string; createdAt: string; status: string; subject: string; text: string }>> {
  return (await intake('GET', '/v1/triage/outbox?limit=100')).body.items;
}

/** The report the stub stored with this title. */
export async function reportTitled(title: string) {
  const list = (await intake('GET', '/v1/triage/reports?limit=100')).body.items as Array<{ id: string; title: string; tenant: string; state: string }>;
  return list.filter((report) => report.title === title);
}

/** The open report dialog, wherever it is on the page (Playwright's CSS reaches into shadow roots). */
export const openDialog = (page: Page) => page.locator('dialog[open]');

/** Fills and sends the widget's form in the open dialog, waiting out the minimum fill time. */
export async function sendReport(page: Page, fields: { title: string; description: string; email?: string }) {
  const dialog = openDialog(page);
  await dialog.getByLabel('Title').fill(fields.title);
  await dialog.getByLabel('What happened?').fill(fields.description);
  if (fields.email) await dialog.getByLabel('Email').fill(fields.email);
  await page.waitForTimeout(MIN_FILL_MS);
  await dialog.getByRole('button', { name: 'Send report' }).click();
}

/** Saves a screenshot for the README when `VR_SCREENSHOTS` is set. */
export async function screenshot(page: Page, name: string) {
  if (!process.env.VR_SCREENSHOTS) return;
  const dir = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: `${dir}${name}.png` });
}

const axeSource = readFileSync(fileURLToPath(new URL('../../../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

/** Every axe violation on the page, shadow roots included, as `rule at targets`. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: Document): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe.run(document);
    return result.violations.map((violation) => `${violation.id} at ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
  });
}
