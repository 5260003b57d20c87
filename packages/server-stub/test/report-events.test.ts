import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubServer, type StubServer } from '../src/run/node-server.ts';
import { signCustomerToken } from '@vuln-report/sdk/node';
import { draft } from './support/harness.ts';

const STAFF = { Authorization: 'Bearer staff_test_token', 'Content-Type': 'application/json' };
const harmless = { vulnerability: true, dataCompromised: false, serverCompromised: false, denialOfService: false, scope: 'platform' };

let server: StubServer;
beforeAll(async () => {
  server = await startStubServer({ port: 0, rateLimit: false, eventPingMs: 200 });
});
afterAll(() => server?.close());

async function receipt() {
  const response = await fetch(`${server.url}/v1/reports`, {
    method: 'POST',
    headers: { 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': randomUUID(), 'Content-Type': 'application/json' },
    body: JSON.stringify(draft()),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; trackingToken: string };
}

/** A staff action, which must succeed. */
async function staff(path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: STAFF, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

/** One server-sent event, or a comment line. */
type Item = { event?: string; id?: string; data?: any; comment?: string };

/** Opens the events stream of a report and reads it item by item, as a client would with fetch streaming. */
async function open(id: string, token: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/v1/reports/${id}/events`, { headers: { Authorization: `Bearer ${token}`, ...headers }, signal: controller.signal });
  const items: Item[] = [];
  let ended = false;
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((resolve) => resolve());
  const reading = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const item: Item = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) item.comment = line.slice(1).trim();
            else if (line.startsWith('event: ')) item.event = line.slice(7);
            else if (line.startsWith('id: ')) item.id = line.slice(4);
            else if (line.startsWith('data: ')) item.data = JSON.parse(line.slice(6));
          }
          items.push(item);
          wake();
        }
      }
    } catch {
      // aborted
    }
    ended = true;
    wake();
  })();
  const events = () => items.filter((item) => item.event);
  return {
    response,
    items,
    events,
    get ended() {
      return ended;
    },
    /** Waits until `check` holds of what has arrived (or the stream has ended). */
    async until(check: () => boolean, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!check() && !ended) {
        if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(items)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
}

describe('GET /v1/reports/{id}/events', () => {
  it('sends the view on connect, with its updatedAt as the event id, as text/event-stream', async () => {
    const r = await receipt();
    const stream = await open(r.id, r.trackingToken);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get('cache-control')).toBe('no-store');
    await stream.until(() => stream.events().length === 1);
    const [first] = stream.events();
    expect(first).toMatchObject({ event: 'report', id: first!.data.updatedAt, data: { id: r.id, state: 'received' } });
    expect(first!.data.trackingToken).toBeUndefined();
    await stream.close();
  });

  it('sends the view again on every change: the question staff ask arrives at once', async () => {
    const r = await receipt();
    const stream = await open(r.id, r.trackingToken);
    await stream.until(() => stream.events().length === 1);
    await staff(`/v1/triage/reports/${r.id}/request-info`, { message: 'Which browser did you use?' });
    await stream.until(() => stream.events().length === 2);
    const view = stream.events()[1]!.data;
    expect(view.state).toBe('needs-info');
    expect(view.timeline.at(-1)).toMatchObject({ type: 'info-requested', message: 'Which browser did you use?', actor: 'vendor' });
    expect(stream.events()[1]!.id).toBe(view.updatedAt);
    await stream.close();
  });

  it('pings with a comment while nothing changes', async () => {
    const r = await receipt();
    const stream = await open(r.id, r.trackingToken);
    await stream.until(() => stream.items.some((item) => item.comment === 'ping'));
    await stream.close();
  });

  it('ends when the customer token that opened it ends, not an hour later', async () => {
    const r = await receipt();
    // Issued 3,599 s ago for 3,600 s: it ends in a second.
    const token = signCustomerToken({ secretKey: 'sk_test_acme', tenant: 'acme', sub: 'u1', email: 'u1@acme.example', expiresInSeconds: 3600, now: new Date(Date.now() - 3_599_000) });
    const stream = await open(r.id, token);
    await stream.until(() => stream.events().length === 1);
    expect(stream.ended).toBe(false);
    await stream.until(() => stream.ended, 4000);
    expect(stream.ended).toBe(true);
    // The token is still within its minute of clock skew: a new stream opens, and ends at once.
    const again = await open(r.id, token);
    expect(again.response.status).toBe(200);
    await again.until(() => again.ended, 2000);
    expect(again.ended).toBe(true);
  });

  it('ends after a final state', async () => {
    const r = await receipt();
    const stream = await open(r.id, r.trackingToken);
    await stream.until(() => stream.events().length === 1);
    await staff(`/v1/triage/reports/${r.id}/assess`, harmless);
    await staff(`/v1/triage/reports/${r.id}/resolve`, { fixedIn: '2.4.2', releaseNote: 'Project names are escaped.', details: 'Output encoding.', affectedVersions: ['< 2.4.2'] });
    await stream.until(() => stream.ended);
    expect(stream.events().map((event) => event.data.state)).toEqual(['received', 'triaged', 'resolved']);
    expect(stream.events().at(-1)!.data).toMatchObject({ fixedIn: '2.4.2' });
  });

  it('sends a final report once and ends at once', async () => {
    const r = await receipt();
    await fetch(`${server.url}/v1/reports/${r.id}/withdraw`, { method: 'POST', headers: { Authorization: `Bearer ${r.trackingToken}` } });
    const stream = await open(r.id, r.trackingToken);
    await stream.until(() => stream.ended);
    expect(stream.events().map((event) => [event.data.state, event.data.closeReason])).toEqual([['closed', 'withdrawn']]);
  });

  it('resumes with Last-Event-ID: the view is not sent again unless it changed since', async () => {
    const r = await receipt();
    const first = await open(r.id, r.trackingToken);
    await first.until(() => first.events().length === 1);
    const lastId = first.events()[0]!.id!;
    await first.close();

    const same = await open(r.id, r.trackingToken, { 'Last-Event-ID': lastId });
    await same.until(() => same.items.some((item) => item.comment === 'ping'));
    expect(same.events()).toEqual([]);
    await same.close();

    await staff(`/v1/triage/reports/${r.id}/request-info`, { message: 'More?' });
    const changed = await open(r.id, r.trackingToken, { 'Last-Event-ID': lastId });
    await changed.until(() => changed.events().length === 1);
    expect(changed.events()[0]!.data.state).toBe('needs-info');
    await changed.close();
  });

  it('answers 404 for another report’s token and 401 without one, as the report route does', async () => {
    const r = await receipt();
    const other = await receipt();
    expect((await fetch(`${server.url}/v1/reports/${r.id}/events`, { headers: { Authorization: `Bearer ${other.trackingToken}` } })).status).toBe(404);
    expect((await fetch(`${server.url}/v1/reports/${r.id}/events`)).status).toBe(401);
  });

  it('lets go of a stream the client left, and closing the server ends the streams still open', async () => {
    const r = await receipt();
    const left = await open(r.id, r.trackingToken);
    await left.until(() => left.events().length === 1);
    expect(server.stub.eventStreams).toBe(1);
    await left.close();
    await expect.poll(() => server.stub.eventStreams).toBe(0);
    const own = await startStubServer({ port: 0, rateLimit: false });
    const response = await fetch(`${own.url}/v1/reports`, {
      method: 'POST',
      headers: { 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': randomUUID(), 'Content-Type': 'application/json' },
      body: JSON.stringify(draft()),
    });
    const { id, trackingToken } = (await response.json()) as { id: string; trackingToken: string };
    const events = await fetch(`${own.url}/v1/reports/${id}/events`, { headers: { Authorization: `Bearer ${trackingToken}` } });
    const reader = events.body!.getReader();
    await reader.read();
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(own.stub.eventStreams).toBe(0);
    // The stream ends (cleanly or not) rather than keeping the server open.
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended';
      })().catch(() => 'ended'),
    ).resolves.toBe('ended');
  });
});
