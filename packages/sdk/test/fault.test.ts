import { describe, expect, it } from 'vitest';
import { DRAFT, testClient, useStub, waitFor } from './support/node-vendor.ts';

const vendor = useStub();

describe('under faults', () => {
  it('200 reports through a vendor failing 30% of requests (503s, and connections dropped before or after storing) all arrive, each exactly once', async () => {
    // A fifth fails in front of the stub (503, or no connection: nothing stored); of the
    // rest, the stub itself stores one in eight and then drops the connection.
    vendor.failRandomly(0.2, [{ status: 503 }, { drop: true }]);
    vendor.stub.setFaults({ rate: 0.125, drop: true });
    const client = testClient({ retry: { limit: 2, delayMs: 1, maxDelayMs: 2 }, queueBackoff: { delayMs: 2, maxDelayMs: 10 } });
    const delivered = new Set<string>();
    client.on('delivered', ({ localId }) => delivered.add(localId));

    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.report({ ...DRAFT, title: `Report ${i}` })),
    );
    const queued = results.filter((result) => result.status === 'queued');
    expect(results.every((result) => result.status === 'sent' || result.status === 'queued')).toBe(true);
    await waitFor(() => delivered.size === queued.length, 15_000);

    const titles = vendor.stored().map((stored) => stored.draft.title);
    expect(titles).toHaveLength(200);
    expect(new Set(titles).size).toBe(200);
    expect(Object.keys(vendor.stub.state.idempotency)).toHaveLength(200);
    expect(await client.pending()).toEqual([]);
    // Faults did happen: about 30% of some 290 requests.
    expect(vendor.requests.length).toBeGreaterThan(250);
  });
});
