import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, runConformance } from '@vuln-report/server-stub';
import { lockFolder } from '../src/db/folder-lock.ts';
import { ConfigError } from '../src/config.ts';
import type { IntakeServer } from '../src/server.ts';
import { DEFAULT_LEDGER_SECRET } from '@vuln-report/server-stub';
import { deriveLedgerKeys } from '@vuln-report/server-stub/core';
import { call, CREDENTIALS, draft, freshSchema, postgresUnreachable, STAFF, submit, TEST_DATABASE_URL, startTestServer } from './support/server.ts';

const unreachable = await postgresUnreachable();
if (unreachable) console.warn(`PostgreSQL tests of the server skipped: ${unreachable}`);

async function conformance(server: IntakeServer) {
  const results = await runConformance({
    baseUrl: server.url,
    ...CREDENTIALS,
    directory: {
      tenants: Object.fromEntries(DEFAULT_SEED.tenants.map((tenant) => [tenant.id, tenant.supportContacts.map((contact) => contact.email)])),
      staffAlerts: DEFAULT_SEED.staffAlerts ?? [],
    },
  });
  return results.filter((result) => !result.ok).map((result) => `${result.name}: ${result.detail}`);
}

/** A report's event stream sees a staff request for information made after it opened. */
async function streamsAChange(base: string) {
  const receipt = (await submit(base, draft())).body;
  const events = await fetch(`${base}/v1/reports/${receipt.id}/events`, { headers: { Authorization: `Bearer ${receipt.trackingToken}` } });
  const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const read = async (until: RegExp) => {
    while (!until.test(text)) text += (await reader.read()).value ?? '';
  };
  await read(/"state":"received"/);
  const asked = await call(`${base}/v1/triage/reports/${receipt.id}/request-info`, { method: 'POST', headers: STAFF, body: { message: 'Which browser?' } });
  expect(asked.status).toBe(200);
  await read(/"state":"needs-info"/);
  await reader.cancel();
}

describe('the server on PGlite (embedded, in memory)', () => {
  let server: IntakeServer;
  beforeAll(async () => {
    server = await startTestServer({ port: 0, rateLimit: false });
  });
  afterAll(() => server?.close());

  it('passes the conformance suite', async () => {
    expect(await conformance(server)).toEqual([]);
  });

  it('is alive and ready, and says so on GET and HEAD only', async () => {
    expect(await call(`${server.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await call(`${server.url}/readyz`);
    expect(ready).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', liveStatus: 'ok', accepting: 'ok', accounts: 'ok' } } });
    expect((await fetch(`${server.url}/readyz`, { method: 'HEAD' })).status).toBe(200);
    const post = await call(`${server.url}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('counts calls with no valid credential in /metrics, which the activity log leaves out', async () => {
    const read = async () => Number(/^vuln_report_unauthenticated_requests_total (\d+)$/m.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1]);
    const before = await read();
    await fetch(`${server.url}/v1/triage/sla`, { headers: { Authorization: 'Bearer not_a_token' } });
    await fetch(`${server.url}/v1/reports`);
    expect((await read()) - before).toBe(2);
  });

  it('streams a committed change to the report’s event stream (the trigger’s NOTIFY, on PGlite’s one session)', async () => {
    await streamsAChange(server.url);
  });
});

describe.skipIf(unreachable)('the server on PostgreSQL', () => {
  const { schema, drop } = freshSchema();
  let server: IntakeServer;
  beforeAll(async () => {
    server = await startTestServer({ port: 0, rateLimit: false, databaseUrl: TEST_DATABASE_URL, schema, shutdownTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await server?.close();
    await drop();
  });

  it('passes the conformance suite', async () => {
    expect(await conformance(server)).toEqual([]);
  });

  it('signs the activity log with a key of its own, made on the first start and found by a second process; a configured secret is used instead', async () => {
    const keyOf = async (url: string) => (await call(`${url}/v1/activity-log/key`)).body.items[0].keyId as string;
    const second = await startTestServer({ port: 0, rateLimit: false, databaseUrl: TEST_DATABASE_URL, schema, shutdownTimeoutMs: 5_000 });
    const configured = freshSchema();
    const third = await startTestServer({ port: 0, rateLimit: false, databaseUrl: TEST_DATABASE_URL, schema: configured.schema, ledgerSecret: 'x'.repeat(40) });
    try {
      const own = await keyOf(server.url);
      expect(await keyOf(second.url)).toBe(own);
      expect(own).not.toBe((await (await deriveLedgerKeys(DEFAULT_LEDGER_SECRET).signer)).keyId);
      expect(await keyOf(third.url)).toBe((await deriveLedgerKeys('x'.repeat(40)).signer).keyId);
      expect(server.ledgerSecretFrom).toBe('database');
      expect(third.ledgerSecretFrom).toBe('configuration');
    } finally {
      await Promise.all([second.close(), third.close()]);
      await configured.drop();
    }
  });

  it('is not ready when the database holds a migration newer than this intake, and says why', async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`INSERT INTO ${schema}.vuln_report_migrations (version, name, checksum) VALUES (9999, '9999_future.sql', 'x')`);
      const ready = await call(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.body.checks.migrations).toMatch(/newer than this intake/);
      expect((await call(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await client.query(`DELETE FROM ${schema}.vuln_report_migrations WHERE version = 9999`);
      await client.end();
    }
    expect((await call(`${server.url}/readyz`)).status).toBe(200);
  });
});

describe.skipIf(unreachable)('stopping', () => {
  it('stops accepting, finishes a request under way (201 after COMMIT), then closes the database', async () => {
    const { schema, drop } = freshSchema();
    const server = await startTestServer({ port: 0, rateLimit: false, databaseUrl: TEST_DATABASE_URL, schema });
    const blocker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await blocker.connect();
    try {
      // Holds every insert into reports: the next submission waits inside its transaction.
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${schema}.reports IN EXCLUSIVE MODE`);
      const inFlight = submit(server.url);
      await new Promise((resolve) => setTimeout(resolve, 300));
      let closed = false;
      const closing = server.close().then(() => (closed = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(closed).toBe(false);
      // Not ready while shutting down; new connections are refused.
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      await blocker.query('COMMIT');
      const answered = await inFlight;
      expect(answered.status).toBe(201);
      await closing;
      const stored = await blocker.query(`SELECT count(*)::int AS n FROM ${schema}.reports WHERE id = $1`, [answered.body.id]);
      expect(stored.rows[0].n).toBe(1);
    } finally {
      await blocker.end();
      await server.close();
      await drop();
    }
  });
});

describe('configuration errors, each in one sentence', () => {
  const sentence = /^[^\n]+[.]$/;

  it('a DATABASE_URL that is not a PostgreSQL URL', async () => {
    const error = await startTestServer({ port: 0, databaseUrl: 'mysql://root:hunter2@db/app' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(sentence);
    expect((error as Error).message).toMatch(/not a PostgreSQL URL/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('a PostgreSQL server that does not answer', async () => {
    const error = (await startTestServer({ port: 0, databaseUrl: 'postgres://postgres:secret@127.0.0.1:1/test' }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('Cannot reach PostgreSQL at 127.0.0.1:1: the connection was refused; start PostgreSQL or correct DATABASE_URL.');
  });

  it.skipIf(unreachable)('a database that does not exist', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = '/no_such_database_here';
    const error = (await startTestServer({ port: 0, databaseUrl: url.href }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/has no database no_such_database_here; create it/);
    expect(error.message).toMatch(sentence);
  });

  it.skipIf(unreachable)('a port already in use, with the database closed again', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const { schema, drop } = freshSchema();
    try {
      const error = (await startTestServer({ port, databaseUrl: TEST_DATABASE_URL, schema }).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(`Port ${port} on 127.0.0.1 is already in use; stop what runs there or choose another port with --port.`);
    } finally {
      taken.close();
      await drop();
    }
  });

  it('a data folder another process holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vuln-report-server-locked-'));
    const unlock = lockFolder(dir);
    try {
      const error = (await startTestServer({ port: 0, dataDir: dir }).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toMatch(/^The data folder .* is in use by .*; stop that process or choose another folder\.$/);
    } finally {
      unlock();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a public URL or SMTP URL that is not one', async () => {
    await expect(startTestServer({ port: 0, publicUrl: 'intake.example.com' })).rejects.toThrow(/^The public URL intake\.example\.com is not an http or https URL/);
    await expect(startTestServer({ port: 0, smtpUrl: 'mail.example.com:25' })).rejects.toThrow(/^The SMTP URL .* is not usable/);
  });
});

describe.skipIf(unreachable)('live status in one process', () => {
  it('streams a change committed by a staff request to the report’s event stream, through NOTIFY', async () => {
    const { schema, drop } = freshSchema();
    const server = await startTestServer({ port: 0, rateLimit: false, databaseUrl: TEST_DATABASE_URL, schema });
    try {
      await streamsAChange(server.url);
    } finally {
      await server.close();
      await drop();
    }
  });
});
