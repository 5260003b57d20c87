import { describe, expect, it } from 'vitest';
import type { ClientEvents } from '../../src/index.ts';
import { DRAFT, testClient, useStub, type Fault } from '../support/node-vendor.ts';

const vendor = useStub();

/** Statuses and failures that may pass on their own: each is retried, then the report is sent. */
const RETRIED: [string, Fault][] = [
  ['a dropped connection', { drop: true }],
  ['a timeout', { delayMs: 300 }],
  ['408', { status: 408 }],
  ['429', { status: 429 }],
  ['500', { status: 500 }],
  ['502', { status: 502 }],
  ['503', { status: 503 }],
  ['504', { status: 504 }],
];

describe('retries in place', () => {
  it.each(RETRIED)('retries after %s with the same Idempotency-Key, then is sent', async (_name, fault) => {
    vendor.failNext(fault, fault);
    const result = await testClient({ timeoutMs: 100 }).report(DRAFT);
    expect(result.status).toBe('sent');
    const posts = vendor.requests.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((post) => post.idempotencyKey)).size).toBe(1);
    expect(vendor.stored()).toHaveLength(1);
  });

  it.each(RETRIED)('queues the report after %s outlasts every retry', async (_name, fault) => {
    vendor.failNext(...Array(4).fill(fault));
    const client = testClient({ timeoutMs: 100, queueBackoff: { delayMs: 60_000 } });
    const result = await client.report(DRAFT);
    expect(result.status).toBe('queued');
    expect(vendor.requests).toHaveLength(4);
    expect(await client.pending()).toHaveLength(1);
  });

  it.each([400, 401, 403, 404, 409, 413, 415, 422])('does not retry %i', async (status) => {
    vendor.failNext({ status });
    const result = await testClient().report(DRAFT);
    expect(result.status).toBe('rejected');
    expect(vendor.requests).toHaveLength(1);
  });
});

describe('Retry-After', () => {
  it('waits as long as the server asks before retrying (seconds)', async () => {
    vendor.failNext({ status: 429, retryAfter: '1' });
    const result = await testClient().report(DRAFT);
    expect(result.status).toBe('sent');
    const [first, second] = vendor.requests;
    // The backoff alone would retry within milliseconds; the server asked for a second.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('waits as long as the server asks before retrying (HTTP date on a 503)', async () => {
    vendor.failNext({ status: 503, retryAfter: new Date(Date.now() + 2_000).toUTCString() });
    const result = await testClient().report(DRAFT);
    expect(result.status).toBe('sent');
    const [first, second] = vendor.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it('queues rather than holding the caller past maxRetryAfterMs, and keeps the wait', async () => {
    vendor.failNext({ status: 503, retryAfter: '120' });
    const client = testClient();
    const before = Date.now();
    const result = await client.report(DRAFT);
    expect(result.status).toBe('queued');
    expect(vendor.requests).toHaveLength(1);
    const [pending] = await client.pending();
    expect(pending!.notBefore).toBeGreaterThanOrEqual(before + 120_000);
    // A flush before then does not send it: the server asked to wait.
    await client.flush();
    expect(vendor.requests).toHaveLength(1);
  });
});

describe('idempotency', () => {
  it('a report whose answer was lost is replayed and stored once, with the same receipt', async () => {
    vendor.failNext({ lost: true }, { lost: true });
    const result = await testClient().report(DRAFT);
    expect(result.status).toBe('sent');
    expect(vendor.requests).toHaveLength(3);
    expect(new Set(vendor.requests.map((request) => request.idempotencyKey)).size).toBe(1);
    expect(vendor.stored()).toHaveLength(1);
    expect(result.status === 'sent' && result.receipt).toEqual(vendor.receiptFor(vendor.requests[0]!.idempotencyKey!));
    expect(result.status === 'sent' && result.receipt.id).toBe(vendor.stored()[0]!.id);
  });

  it('a queued report replayed from the queue is stored once', async () => {
    // The stub's own fault: every request is processed and stored, then the connection drops.
    vendor.stub.setFaults({ rate: 1, drop: true });
    const client = testClient({ queueBackoff: { delayMs: 60_000 } });
    const result = await client.report(DRAFT);
    expect(result.status).toBe('queued');
    expect(vendor.stored()).toHaveLength(1);
    vendor.stub.setFaults({ rate: 0 });
    const delivered = new Promise<ClientEvents['delivered']>((resolve) => client.on('delivered', resolve));
    await client.flush();
    const localId = (result as { localId: string }).localId;
    const event = await delivered;
    expect(event).toEqual({ localId, receipt: vendor.receiptFor(localId) });
    expect(event.receipt.id).toBe(vendor.stored()[0]!.id);
    expect(vendor.stored()).toHaveLength(1);
    expect(vendor.postsByKey().get(localId)).toBe(5);
  });
});
