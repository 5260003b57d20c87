import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { burst, call, readAll, startCli } from './support/server.ts';

const work = realpathSync(mkdtempSync(join(tmpdir(), 'vuln-report-server-durable-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the newcomer’s server on PGlite, killed with SIGKILL in the middle of a burst', () => {
  it('starts with no set-up in ./vuln-report-data, keeps every acknowledged report through kill -9, takes over the dead process’s lock, and stops on SIGTERM', async () => {
    // `npx vuln-report-server`, in a folder of its own: nothing but the package.
    const first = startCli(['--port', '0', '--no-rate-limit'], { cwd: work, launcher: true });
    const url = await first.url;
    expect(first.stdout).toContain(`records in PGlite in ${join(work, 'vuln-report-data')}`);
    expect(first.stdout).toMatch(/staff Sam Triage \(.*\): token staff_test_token; console triage@vendor\.example \/ staff-demo-password/);
    expect(first.stdout).toContain('tenant acme: publishable keys pk_test_acme, pk_live_acme');
    expect((await call(`${url}/readyz`)).status).toBe(200);

    // Several hundred submissions at once; the process is killed once a third are answered.
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const acknowledged = await burst(url, 300, 100, () => first.child.kill('SIGKILL'), agent);
    await first.exited;
    agent.destroy();
    expect(acknowledged.size).toBeGreaterThanOrEqual(100 - 64);

    const again = startCli(['--port', '0', '--no-rate-limit'], { cwd: work, launcher: true });
    const restarted = await again.url;
    try {
      for (const receipt of acknowledged.values()) {
        const view = await call(`${restarted}/v1/reports/${receipt.id}`, { headers: { Authorization: `Bearer ${receipt.trackingToken}` } });
        expect(view.status, receipt.id).toBe(200);
      }
      const titles = (await readAll<{ title: string }>(restarted, '/v1/triage/reports?mode=all')).map((report) => report.title);
      expect(new Set(titles).size, 'no report stored twice').toBe(titles.length);
      for (const title of acknowledged.keys()) expect(titles).toContain(title);
    } finally {
      again.child.kill('SIGTERM');
    }
    expect(await again.exited).toBe(0);
    expect(again.stdout).toMatch(/SIGTERM, finishing the requests under way\.\.\.\nvuln-report-server: stopped\.\n$/);
    expect(existsSync(join(work, 'vuln-report-data', 'vuln-report.lock')), 'the lock is released').toBe(false);
  }, 60_000);
});
