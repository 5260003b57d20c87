import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MIN_FILL_MS, openDialog, useBrowser } from './support.ts';

const browser = useBrowser();
const demoConfig = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));
let server: PreviewServer;
let base = '';
const outDir = mkdtempSync(join(tmpdir(), 'vuln-report-demo-static-'));

beforeAll(async () => {
  await build({ configFile: demoConfig, mode: 'static', logLevel: 'warn', build: { outDir } });
  server = await preview({ configFile: demoConfig, mode: 'static', logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  const address = server.httpServer.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  rmSync(outDir, { recursive: true, force: true });
});

describe('the static demo (npm run demo:static)', () => {
  it('takes a report with no server but the static files, and the console on another page sees it', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/security.html`);
    await page.getByRole('button', { name: 'Report a security issue' }).click();
    const dialog = openDialog(page);
    await dialog.getByLabel('Title').fill('Filed on the static demo');
    await dialog.getByLabel('What happened?').fill('The intake runs in the service worker.');
    await page.waitForTimeout(MIN_FILL_MS);
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByText('Thank you, your report was received').waitFor();
    await page.goto(`${base}/console.html`);
    await page.getByRole('button', { name: 'Filed on the static demo', exact: true }).waitFor();
  });
});
