import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxEmail } from '@vuln-report/contract';
import { Outbox } from '@vuln-report/contract';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/core/clock.ts';
import { DEFAULT_SEED } from '../src/seed.ts';
import { startStubServer, type StubServer, type StubServerOptions } from '../src/run/node-server.ts';
import { UNTRACKED_EMAIL, upgradeEmail } from '../src/run/persistence.ts';
import { applyChange, createMemoryStore, createState } from '../src/store/memory.ts';
import { startCli } from './support/cli.ts';
import { draft } from './support/harness.ts';
import { useSmtpSink } from './support/smtp-sink.ts';

/** The default seed with no staff alert addresses. */
const QUIET_SEED = { ...DEFAULT_SEED, staffAlerts: [] };

const sink = useSmtpSink();

const START = '2026-11-26T09:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(START) + seconds * 1000).toISOString();
const STAFF = { Authorization: 'Bearer staff_test_token' };
const CONTROL = { Authorization: 'Bearer stub_control_token', 'Content-Type': 'application/json' };

/** A port on loopback with nothing listening: every connection to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function withServer(options: StubServerOptions, run: (server: StubServer) => Promise<void>) {
  // No staff alerts: each test follows the one email its report sends.
  const server = await startStubServer({ port: 0, clock: createManualClock(new Date(START)), onDeliveryError: () => {}, seed: QUIET_SEED, ...options });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

/** Files a report with a reporter address: its acknowledgement is the one email. */
async function fileReport(server: StubServer): Promise<Response> {
  return fetch(`${server.url}/v1/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_live_acme', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify(draft({ reporter: { email: 'ada@example.com' } })),
  });
}

/** The outbox as staff read it, checked against the contract. */
async function outbox(server: StubServer): Promise<OutboxEmail[]> {
  const response = await fetch(`${server.url}/v1/triage/outbox?limit=100&mode=all`, { headers: STAFF });
  expect(response.status).toBe(200);
  return Outbox.parse(await response.json()).items;
}

/** Moves the stub's clock as a test does; the answer comes once what fell due was attempted. */
async function moveClock(server: StubServer, advanceSeconds: number) {
  const response = await fetch(`${server.url}/__stub/clock`, { method: 'POST', headers: CONTROL, body: JSON.stringify({ advanceSeconds }) });
  expect(response.status).toBe(200);
}

/** Waits for the outcome of the first attempt, which a commit starts after its answer. */
async function firstAttempt(server: StubServer): Promise<OutboxEmail> {
  const tried = (email: OutboxEmail | undefined) => email !== undefined && (email.status !== 'queued' || email.lastError !== undefined);
  await expect.poll(async () => tried((await outbox(server))[0]), { timeout: 5_000, interval: 20 }).toBe(true);
  return (await outbox(server))[0]!;
}

describe('email delivery with retries', () => {
  it('retries a refused email on the stub’s clock and delivers it exactly once, its state visible in the outbox', async () => {
    sink.refusing = true;
    await withServer({ smtpUrl: sink.url }, async (server) => {
      expect((await fileReport(server)).status).toBe(201);

      const first = await firstAttempt(server);
      expect(first).toMatchObject({ status: 'queued', attempts: 1, createdAt: START, nextAttemptAt: at(1) });
      expect(first.lastError).toContain('451');
      expect(first.sentAt).toBeUndefined();
      expect(sink.received).toHaveLength(0);

      await moveClock(server, 1);
      expect((await outbox(server))[0]).toMatchObject({ status: 'queued', attempts: 2, nextAttemptAt: at(1 + 5) });

      // Not due yet: nothing is tried.
      await moveClock(server, 4);
      expect((await outbox(server))[0]).toMatchObject({ status: 'queued', attempts: 2 });
      expect(sink.rcptCalls).toBe(2);

      sink.refusing = false;
      await moveClock(server, 1);
      const sent = (await outbox(server))[0]!;
      expect(sent).toMatchObject({ status: 'sent', attempts: 3, sentAt: at(6), createdAt: START });
      expect(sent.nextAttemptAt).toBeUndefined();
      expect(sent.lastError).toContain('451');
      expect(sink.received).toHaveLength(1);
      expect(sink.received[0]!.headers.get('x-vuln-report-email')).toBe(sent.id);

      // Nothing goes out again, however far the clock moves.
      await moveClock(server, 3600);
      expect((await outbox(server))[0]).toMatchObject({ status: 'sent', attempts: 3 });
    });
    expect(sink.received).toHaveLength(1);
    expect(sink.rcptCalls).toBe(3);
  });

  it('marks an email that never gets through failed after its last attempt, and tries it no more', async () => {
    const port = await closedPort();
    await withServer({ smtpUrl: `smtp://mailer:s3cret-password@127.0.0.1:${port}` }, async (server) => {
      await fileReport(server);
      expect(await firstAttempt(server)).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: at(1) });

      let elapsed = 0;
      for (const [pause, attempts] of [
        [1, 2],
        [5, 3],
        [30, 4],
        [120, 5],
      ] as const) {
        await moveClock(server, pause);
        elapsed += pause;
        const email = (await outbox(server))[0]!;
        expect(email).toMatchObject({ status: 'queued', attempts });
        expect(email.nextAttemptAt).toBe(at(elapsed + [1, 5, 30, 120, 600][attempts - 1]!));
      }
      await moveClock(server, 600);
      const failed = (await outbox(server))[0]!;
      expect(failed).toMatchObject({ status: 'failed', attempts: 6 });
      expect(failed.nextAttemptAt).toBeUndefined();
      expect(failed.sentAt).toBeUndefined();
      expect(failed.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);
      expect(failed.lastError).not.toContain('s3cret-password');
      expect(failed.lastError!.length).toBeLessThanOrEqual(200);

      await moveClock(server, 24 * 3600);
      expect((await outbox(server))[0]).toMatchObject({ status: 'failed', attempts: 6 });
    });
  });

  it('sends from the configured sender', async () => {
    await withServer({ smtpUrl: sink.url, smtpFrom: 'Acme Security <security@acme.example>' }, async (server) => {
      await fileReport(server);
      await firstAttempt(server);
      expect((await outbox(server))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.from?.value).toEqual([{ address: 'security@acme.example', name: 'Acme Security' }]);
  });

  it('takes the sender from --smtp-from on the command line, and refuses one that is not a one-line address', async () => {
    const cli = startCli(['--port', '0', '--smtp', sink.url, '--smtp-from', 'Globex PSIRT <psirt@globex.example>']);
    try {
      const url = await cli.url;
      await fetch(`${url}/v1/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_live_acme', 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify(draft({ reporter: { email: 'ada@example.com' } })),
      });
      // The acknowledgement and the staff alert.
      await expect.poll(() => sink.received.length, { timeout: 10_000, interval: 20 }).toBe(2);
      for (const mail of sink.received) expect(mail.from?.value).toEqual([{ address: 'psirt@globex.example', name: 'Globex PSIRT' }]);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
    const refused = startCli(['--port', '0', '--smtp-from', 'psirt@globex.example\r\nBcc: x@evil.example']);
    refused.url.catch(() => undefined);
    expect(await refused.exited).toBe(2);
  });

  it('sends nothing about a change that was never committed (its write could not be flushed)', async () => {
    const fatal: Error[] = [];
    const dataFile = join(mkdtempSync(join(tmpdir(), 'vr-delivery-')), 'stub.json');
    const server = await startStubServer({
      port: 0,
      seed: QUIET_SEED,
      dataFile,
      smtpUrl: sink.url,
      onDeliveryError: () => {},
      journal: {
        sync: () => {
          throw new Error('EIO: the disk refused');
        },
        onFatal: (error) => fatal.push(error),
      },
    });
    try {
      expect((await fileReport(server)).status).toBe(500);
      expect(fatal).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sink.rcptCalls).toBe(0);
      expect(sink.received).toHaveLength(0);
    } finally {
      await server.close().catch(() => undefined);
    }
  });

  it('keeps the delivery state across a restart and delivers a queued email when it falls due', async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'vr-delivery-')), 'stub.json');
    sink.refusing = true;
    await withServer({ dataFile, smtpUrl: sink.url }, async (server) => {
      await fileReport(server);
      expect(await firstAttempt(server)).toMatchObject({ status: 'queued', attempts: 1 });
    });
    sink.refusing = false;
    await withServer({ dataFile, smtpUrl: sink.url }, async (server) => {
      const [email, ...others] = await outbox(server);
      expect(others).toEqual([]);
      expect(email).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: at(1) });
      await moveClock(server, 1);
      expect(await outbox(server)).toEqual([expect.objectContaining({ id: email!.id, status: 'sent', attempts: 2 })]);
    });
    expect(sink.received).toHaveLength(1);
    expect(sink.rcptCalls).toBe(2);
  });
});

describe('the outbox in the store', () => {
  const email = (id: string, createdAt: string, extra: Partial<OutboxEmail> = {}): OutboxEmail => ({
    id,
    to: 'ada@example.com',
    subject: 'Subject',
    text: 'Text\n',
    mode: 'live',
    kind: 'acknowledgement',
    relatedId: 'rpt_1',
    createdAt,
    status: 'queued',
    attempts: 0,
    ...extra,
  });

  it('lists queued emails due by now, soonest first, and undoes an update of a unit that throws', async () => {
    const store = createMemoryStore();
    await store.transaction(async (tx) => {
      tx.addEmail(email('eml_a', at(0), { attempts: 1, nextAttemptAt: at(30) }));
      tx.addEmail(email('eml_b', at(5)));
      tx.addEmail(email('eml_c', at(1), { status: 'sent', attempts: 1, sentAt: at(2) }));
      tx.addEmail(email('eml_d', at(2)));
    });
    await store.transaction(async (tx) => {
      expect((await tx.emailsDue(at(10), 10)).map((due) => due.id)).toEqual(['eml_d', 'eml_b']);
      expect((await tx.emailsDue(at(60), 2)).map((due) => due.id)).toEqual(['eml_d', 'eml_b']);
      expect((await tx.emailsDue(at(60), 10)).map((due) => due.id)).toEqual(['eml_d', 'eml_b', 'eml_a']);
      expect(await tx.nextEmailDue()).toBe(at(2));
    });
    await expect(
      store.transaction(async (tx) => {
        tx.putEmail(email('eml_b', at(5), { status: 'sent', attempts: 1, sentAt: at(6) }));
        throw new Error('decision failed');
      }),
    ).rejects.toThrow('decision failed');
    expect(store.state.outbox.map((kept) => [kept.id, kept.status])).toEqual([
      ['eml_a', 'queued'],
      ['eml_b', 'queued'],
      ['eml_c', 'sent'],
      ['eml_d', 'queued'],
    ]);
    await expect(store.transaction(async (tx) => tx.putEmail(email('eml_x', at(0))))).rejects.toThrow(/No email eml_x/);
  });

  it('reads an email saved before delivery was tracked as failed with no attempts: neither resent nor said to be delivered', () => {
    const legacy = { id: 'eml_old', to: 'ada@example.com', subject: 'S', text: 'T\n', kind: 'acknowledgement', relatedId: 'rpt_1', sentAt: at(0) } as unknown as OutboxEmail;
    expect(upgradeEmail(legacy)).toEqual({ ...email('eml_old', at(0), { subject: 'S', text: 'T\n' }), status: 'failed', attempts: 0, lastError: UNTRACKED_EMAIL });
    const current = email('eml_new', at(1));
    expect(upgradeEmail(current)).toBe(current);
  });

  it('replays an email change with an id it has as an update, in place', () => {
    const state = createState();
    applyChange(state, { kind: 'email', value: email('eml_a', at(0)) });
    applyChange(state, { kind: 'email', value: email('eml_b', at(1)) });
    applyChange(state, { kind: 'email', value: email('eml_a', at(0), { attempts: 1, lastError: '451 busy', nextAttemptAt: at(1) }) });
    applyChange(state, { kind: 'email', value: email('eml_a', at(0), { attempts: 2, status: 'sent', sentAt: at(2), lastError: '451 busy' }) });
    expect(state.outbox.map((kept) => [kept.id, kept.status, kept.attempts])).toEqual([
      ['eml_a', 'sent', 2],
      ['eml_b', 'queued', 0],
    ]);
  });
});
