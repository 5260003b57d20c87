import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDialog, sendReport, useBrowser } from './support.ts';

const browser = useBrowser();
const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Whether a port can be listened on: nothing the demo started still holds it. */
async function isFree(port: number): Promise<boolean> {
  const server = createServer();
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (listening) await new Promise((resolve) => server.close(resolve));
  return listening;
}

/** Runs `scripts/demo.mjs` with these ports, collecting what it prints. */
function startDemo(env: Record<string, string>) {
  const child = spawn(process.execPath, ['scripts/demo.mjs'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

const running: ChildProcess[] = [];
const dataFiles: string[] = [];
const listeners: Server[] = [];
afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGTERM');
  for (const server of listeners) server.close();
  for (const file of dataFiles) rmSync(file, { force: true });
});

describe('the front door, as a new user meets it', () => {
  it('`vuln-report-stub --help` runs from the committed launcher, with no build needed', () => {
    const result = spawnSync(process.execPath, ['packages/server-stub/bin/vuln-report-stub.js', '--help'], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('vuln-report-stub: the vuln-report intake API as a local server');
  });

  it('`npm run demo` on DEMO_PORT and STUB_PORT: a report sent from the dashboard shows in the console', async () => {
    const demoPort = await freePort();
    let stubPort = await freePort();
    while (stubPort === demoPort) stubPort = await freePort();
    const dataFile = `${root}.vuln-report/demo-data-${stubPort}.json`;
    dataFiles.push(dataFile);
    rmSync(dataFile, { force: true });
    const demo = startDemo({ DEMO_PORT: String(demoPort), STUB_PORT: String(stubPort) });
    running.push(demo.child);
    await expect.poll(() => demo.output.stdout, { timeout: 60_000, interval: 200 }).toContain('vuln-report demo');
    expect(demo.output.stdout).toContain(`http://127.0.0.1:${stubPort}/`);

    const page = await browser.newPage();
    const intakeCalls: string[] = [];
    page.on('request', (request) => {
      const { origin, protocol } = new URL(request.url());
      if (protocol.startsWith('http') && origin !== `http://127.0.0.1:${demoPort}`) intakeCalls.push(origin);
    });
    await page.goto(`http://127.0.0.1:${demoPort}/index.html`);
    await page.locator('vuln-report-button[placement="bottom-right"]').click();
    await openDialog(page).waitFor();
    await sendReport(page, { title: 'Sent on the ports the demo was given', description: 'DEMO_PORT and STUB_PORT, end to end.' });
    await openDialog(page).getByText('Thank you, your report was received').waitFor();
    await page.goto(`http://127.0.0.1:${demoPort}/console.html`);
    await page.getByRole('button', { name: 'Sent on the ports the demo was given', exact: true }).waitFor();
    await page.goto(`http://127.0.0.1:${demoPort}/plain.html`);
    await expect(page.locator('vuln-report-button').getAttribute('endpoint')).resolves.toBe(`http://127.0.0.1:${stubPort}`);
    expect(new Set(intakeCalls)).toEqual(new Set([`http://127.0.0.1:${stubPort}`]));

    demo.child.kill('SIGTERM');
    await expect(demo.exited).resolves.toBe(0);
    await expect.poll(async () => (await isFree(demoPort)) && (await isFree(stubPort))).toBe(true);
  });

  it('a busy port stops `npm run demo` with one sentence and a non-zero exit', async () => {
    const busy = createServer();
    listeners.push(busy);
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    const busyPort = typeof address === 'object' && address ? address.port : 0;
    for (const env of [{ STUB_PORT: String(busyPort), DEMO_PORT: String(await freePort()) }, { DEMO_PORT: String(busyPort), STUB_PORT: String(await freePort()) }]) {
      const demo = startDemo(env);
      running.push(demo.child);
      await expect(demo.exited).resolves.toBe(1);
      const name = env.STUB_PORT === String(busyPort) ? 'STUB_PORT' : 'DEMO_PORT';
      expect(demo.output.stderr.trim()).toBe(`demo: port ${busyPort} on 127.0.0.1 is already in use (is a demo already running?): stop what uses it, or set ${name} to another port.`);
    }
  });
});
