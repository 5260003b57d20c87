import { Agent } from 'node:http';
import type { ActivityLogEntry, OutboxEmail } from '@vuln-report/contract';
import { verifyActivityLog } from '@vuln-report/server-stub';
import { createManualClock } from '@vuln-report/server-stub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { burst, call, draft, eventually, freshSchema, postgresUnreachable, readAll, STAFF, startCli, TEST_DATABASE_URL, useSmtpSink, startTestServer } from './support/server.ts';

const unreachable = await postgresUnreachable();

/** Live keys, so every email is really delivered (a test-mode one would reach only test recipients, and the seed names none). */
const LIVE = 'pk_live_acme';
const submitTo = (base: string, title: string, agent?: Agent) =>
  call(`${base}/v1/reports`, {
    method: 'POST',
    agent,
    body: draft({ title, reporter: { email: 'ada@example.com' } }),
    headers: { 'X-Project-Key': LIVE, 'Idempotency-Key': crypto.randomUUID() },
  });

describe.skipIf(unreachable)('two server processes on one PostgreSQL schema', () => {
  const sink = useSmtpSink({ acrossTests: true });
  const { schema, drop } = freshSchema();
  /** Reports whose acknowledgement deadline passed before either process started. */
  const overdue: string[] = [];
  let a: ReturnType<typeof startCli>;
  let b: ReturnType<typeof startCli>;
  let urls: [string, string];
  let args: string[];

  beforeAll(async () => {
    // Ten days ago, one process took reports that nobody acknowledged.
    const past = await startTestServer({ port: 0, databaseUrl: TEST_DATABASE_URL, schema, rateLimit: false, clock: createManualClock(new Date(Date.now() - 10 * 86_400_000)) });
    try {
      for (let i = 0; i < 8; i++) overdue.push((await submitTo(past.url, `Overdue ${i}`)).body.id);
    } finally {
      await past.close();
    }
    // Both start together: each one's first tick finds every breach at once.
    args = ['--port', '0', '--database-url', TEST_DATABASE_URL, '--schema', schema, '--smtp', sink.url, '--no-rate-limit'];
    a = startCli(args);
    b = startCli(args);
    urls = [await a.url, await b.url];
  }, 30_000);

  afterAll(async () => {
    for (const run of [a, b]) if (run?.child.exitCode === null) run.child.kill('SIGTERM');
    await Promise.all([a?.exited, b?.exited]);
    await drop();
  });

  it('stores every report once, whichever process took it', async () => {
    const agents = [new Agent({ keepAlive: true, maxSockets: 16 }), new Agent({ keepAlive: true, maxSockets: 16 })];
    const titles = Array.from({ length: 80 }, (_, i) => `Spread ${i}`);
    const answers = await Promise.all(titles.map((title, i) => submitTo(urls[i % 2]!, title, agents[i % 2])));
    for (const agent of agents) agent.destroy();
    expect(answers.map((answer) => answer.status)).toEqual(titles.map(() => 201));
    const stored = await readAll<{ id: string; title: string }>(urls[1], '/v1/triage/reports?mode=all');
    const spread = stored.filter((report) => report.title.startsWith('Spread '));
    expect(spread.map((report) => report.title).sort()).toEqual([...titles].sort());
    expect(new Set(stored.map((report) => report.id)).size).toBe(stored.length);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(titles.length);
  });

  it('streams on process A a change made through process B', async () => {
    const receipt = (await submitTo(urls[1], 'Followed across processes')).body;
    const events = await fetch(`${urls[0]}/v1/reports/${receipt.id}/events`, { headers: { Authorization: `Bearer ${receipt.trackingToken}` } });
    expect(events.status).toBe(200);
    const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const read = async (until: RegExp) => {
      while (!until.test(text)) text += (await reader.read()).value ?? '';
    };
    await read(/"state":"received"/);
    const asked = await call(`${urls[1]}/v1/triage/reports/${receipt.id}/request-info`, { method: 'POST', headers: STAFF, body: { message: 'Which version do you run?' } });
    expect(asked.status).toBe(200);
    await read(/"state":"needs-info"/);
    await reader.cancel();
  });

  it('gives two staff acting on one report at once, on two processes, one success and one 409', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = (await submitTo(urls[0], `Contended ${round}`)).body;
      const statuses = await Promise.all(urls.map((url) => call(`${url}/v1/triage/reports/${id}/close`, { method: 'POST', headers: STAFF, body: { reason: 'spam' } }).then((r) => r.status)));
      expect(statuses.sort()).toEqual([200, 409]);
    }
  });

  it('alerts staff once of each breached deadline, though both processes saw it', async () => {
    let alerts: OutboxEmail[] = [];
    await eventually(async () => {
      const outbox = await readAll<OutboxEmail>(urls[0], '/v1/triage/outbox?mode=all');
      alerts = outbox.filter((email) => email.kind === 'staff-alert' && overdue.includes(email.relatedId));
      // One alert at intake and one of the breach, per report.
      return alerts.length >= overdue.length * 2;
    }, 'the breach alerts');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const outbox = await readAll<OutboxEmail>(urls[1], '/v1/triage/outbox?mode=all');
    for (const id of overdue) expect(outbox.filter((email) => email.kind === 'staff-alert' && email.relatedId === id), id).toHaveLength(2);
  });

  it('sends every email once, whichever process claimed it', async () => {
    let outbox: OutboxEmail[] = [];
    await eventually(async () => {
      outbox = await readAll<OutboxEmail>(urls[0], '/v1/triage/outbox?mode=all');
      return outbox.length > 0 && outbox.every((email) => email.status === 'sent');
    }, 'every email sent', 15_000);
    const counts = sink.counts();
    expect([...counts.values()].filter((count) => count > 1)).toEqual([]);
    expect([...counts.keys()].sort()).toEqual(outbox.map((email) => email.id).sort());
    expect(outbox.every((email) => email.attempts === 1)).toBe(true);
  });

  it('keeps one valid activity log, written by both', async () => {
    const entries = await readAll<ActivityLogEntry>(urls[0], '/v1/triage/activity-log');
    expect(entries.length).toBeGreaterThan(10);
    expect(verifyActivityLog(entries)).toMatchObject({ ok: true });
  });

  it('keeps every acknowledged report when process A is killed with SIGKILL in the middle of a burst spread over both, and after A restarts', async () => {
    const agents = [new Agent({ keepAlive: true, maxSockets: 32 }), new Agent({ keepAlive: true, maxSockets: 32 })];
    const acknowledged = await burst(urls, 400, 150, () => a.child.kill('SIGKILL'), agents);
    for (const agent of agents) agent.destroy();
    await a.exited;
    // B answered its half throughout; A's acknowledged ones are there too, read through A restarted.
    expect(acknowledged.size).toBeGreaterThanOrEqual(200);
    a = startCli(args);
    const restarted = await a.url;
    const stored = await readAll<{ id: string; title: string }>(restarted, '/v1/triage/reports?mode=all');
    const titles = new Set(stored.map((report) => report.title));
    expect(titles.size, 'no report stored twice').toBe(stored.length);
    for (const title of acknowledged.keys()) expect(titles.has(title), title).toBe(true);
    for (const receipt of acknowledged.values()) {
      expect((await call(`${restarted}/v1/reports/${receipt.id}`, { headers: { Authorization: `Bearer ${receipt.trackingToken}` } })).status).toBe(200);
    }
  });
});
