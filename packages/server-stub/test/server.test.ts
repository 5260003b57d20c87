import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConformance } from '../src/conformance/suite.ts';
import { SUITE_CREDENTIALS } from './support/suite-credentials.ts';
import { startStubServer, type StubServer } from '../src/run/node-server.ts';
import { DEFAULT_SEED, type Seed } from '../src/seed.ts';
import { startCli } from './support/cli.ts';
import { draft } from './support/harness.ts';

const work = mkdtempSync(join(tmpdir(), 'vuln-report-stub-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function submit(server: StubServer, body: unknown = draft(), headers: Record<string, string> = {}) {
  return fetch(`${server.url}/v1/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID(), ...headers },
    body: JSON.stringify(body),
  });
}

describe('the standalone server', () => {
  const directoryOf = (seed: Seed) => ({
    tenants: Object.fromEntries(seed.tenants.map((tenant) => [tenant.id, tenant.supportContacts.map((contact) => contact.email)])),
    staffAlerts: seed.staffAlerts ?? [],
  });

  it.each([
    ['the default policy', DEFAULT_SEED],
    ['a policy that tells criticals to the reporting tenant only', { ...DEFAULT_SEED, policy: { notifications: { 'resolve-critical': ['reporting-tenant', 'reporter'] } } } satisfies Seed],
  ])('binds to loopback and passes the conformance suite, exact recipients included, with %s', async (_policy, seed) => {
    const server = await startStubServer({ port: 0, seed });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const results = await runConformance({ baseUrl: server.url, ...SUITE_CREDENTIALS, directory: directoryOf(seed) });
      expect(results.filter((result) => !result.ok)).toEqual([]);
      expect(results.length).toBeGreaterThanOrEqual(20);
    } finally {
      await server.close();
    }
  });

  it('fails the conformance suite when a notice reaches more than the published policy says', async () => {
    // The intake tells criticals to every tenant, but the suite is told it knows only acme: the resolution check must fail.
    const server = await startStubServer({ port: 0 });
    try {
      const narrowDirectory = { tenants: { acme: ['security@acme.example', 'ops@acme.example'] }, staffAlerts: ['security-team@vendor.example'] };
      const results = await runConformance({ baseUrl: server.url, ...SUITE_CREDENTIALS, directory: narrowDirectory });
      const resolution = results.find((result) => result.name.startsWith('a resolved vulnerability'))!;
      expect(resolution.ok).toBe(false);
      expect(resolution.detail).toMatch(/resolve-critical: expected .* got .*secops@globex\.example/);
    } finally {
      await server.close();
    }
  });

  it('keeps every report across a restart with a data file', async () => {
    const dataFile = join(work, 'restart.json');
    const first = await startStubServer({ port: 0, dataFile });
    const receipts = [];
    for (let i = 0; i < 5; i++) receipts.push(await (await submit(first)).json());
    await first.close();
    const second = await startStubServer({ port: 0, dataFile });
    try {
      expect(Object.keys(second.stub.state.reports).sort()).toEqual(receipts.map((r) => r.id).sort());
      const view = await fetch(`${second.url}/v1/reports/${receipts[0].id}`, { headers: { Authorization: `Bearer ${receipts[0].trackingToken}` } });
      expect(view.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('refuses a body over the limit before reading it all, with 413', async () => {
    const server = await startStubServer({ port: 0 });
    try {
      const huge = new Uint8Array(11 * 1024 * 1024);
      const response = await fetch(`${server.url}/v1/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data; boundary=x', 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID() },
        body: huge,
      });
      expect(response.status).toBe(413);
      expect(Object.keys(server.stub.state.reports)).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('limits each project key with a token bucket and says when to retry', async () => {
    const server = await startStubServer({ port: 0, rateLimit: { perKeyAndClient: { capacity: 3, refillPerSecond: 0.1 } } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await submit(server)).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
      const limited = await submit(server);
      expect(limited.headers.get('retry-after')).toBe('10');
      expect(await limited.json()).toMatchObject({ status: 429, retryAfter: 10 });
      expect((await submit(server, draft(), { 'X-Project-Key': 'pk_test_globex' })).status).toBe(201);
    } finally {
      await server.close();
    }
  });

  it('limits per client address, whatever client header a caller sends', async () => {
    const server = await startStubServer({ port: 0, rateLimit: { perKeyAndClient: { capacity: 100, refillPerSecond: 1 }, perClient: { capacity: 2, refillPerSecond: 0.1 } } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await submit(server, draft(), { 'X-Vuln-Report-Client': `spoofed-${i}` })).status);
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await server.close();
    }
  });

  it('drops the connection when a dropped-connection fault is injected', async () => {
    const server = await startStubServer({ port: 0 });
    try {
      await fetch(`${server.url}/__stub/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer stub_control_token' }, body: JSON.stringify({ rate: 1, drop: true }) });
      await expect(submit(server)).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it('answers a malformed percent-escape in the path with 400, not 500', async () => {
    const server = await startStubServer({ port: 0 });
    try {
      for (const path of ['/v1/reports/%E0', '/v1/triage/reports/%zz', '/v1/incidents/%']) {
        const status = await new Promise<number>((resolve, reject) => {
          httpRequest(`${server.url}${path}`, { headers: { Authorization: 'Bearer staff_test_token' } }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          })
            .on('error', reject)
            .end();
        });
        expect(status, path).toBe(400);
      }
    } finally {
      await server.close();
    }
  });

  it('answers unknown paths with problem details', async () => {
    const server = await startStubServer({ port: 0 });
    try {
      const response = await fetch(`${server.url}/elsewhere`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await server.close();
    }
  });

  it('serves 1,000 concurrent submissions on loopback, with 200 replays among them: all stored, none twice, no error', async () => {
    const server = await startStubServer({ port: 0, rateLimit: false });
    try {
      const keys = Array.from({ length: 1000 }, () => crypto.randomUUID());
      const sends = [...keys.map((key, i) => [key, i] as const), ...keys.slice(0, 200).map((key, i) => [key, i] as const)];
      const statuses = await Promise.all(
        sends.map(
          ([key, i]) =>
            new Promise<number>((resolve, reject) => {
              const body = JSON.stringify(draft({ title: `Load ${i}` }));
              const request = httpRequest(
                `${server.url}/v1/reports`,
                { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': key } },
                (response) => {
                  response.resume();
                  response.on('end', () => resolve(response.statusCode ?? 0));
                },
              );
              request.on('error', reject);
              request.end(body);
            }),
        ),
      );
      expect(statuses.filter((status) => status !== 201 && status !== 200)).toEqual([]);
      expect(statuses.filter((status) => status === 201)).toHaveLength(1000);
      const reports = Object.values(server.stub.state.reports);
      expect(reports).toHaveLength(1000);
      expect(new Set(reports.map((report) => report.draft.title)).size).toBe(1000);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('the vuln-report-stub command', () => {
  const start = startCli;

  it('stops cleanly on SIGTERM and keeps its data for the next start', async () => {
    const dataFile = join(work, 'cli.json');
    const first = start(['--port', '0', '--data', dataFile]);
    const url = await first.url;
    const response = await fetch(`${url}/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify(draft()),
    });
    const receipt = await response.json();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(dataFile, 'utf8')).snapshot.state.reports)).toEqual([receipt.id]);

    const second = start(['--port', '0', '--data', dataFile]);
    const view = await fetch(`${await second.url}/v1/reports/${receipt.id}`, { headers: { Authorization: `Bearer ${receipt.trackingToken}` } });
    expect(view.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 30_000);

  it('refuses an invalid seed file with a clear message', async () => {
    const seedFile = join(work, 'seed.json');
    (await import('node:fs')).writeFileSync(seedFile, JSON.stringify({ tenants: [], staff: [] }));
    const run = start(['--port', '0', '--seed', seedFile]);
    let stderr = '';
    run.child.stderr.on('data', (chunk) => (stderr += chunk));
    expect(await run.exited).toBe(2);
    run.url.catch(() => {});
    expect(stderr).toContain('the seed');
    expect(stderr).toContain('tenants');
  }, 30_000);
});
