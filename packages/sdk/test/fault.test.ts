import { describe, expect, it } from 'vitest';
import { DRAFT, testClient, useFakeVendor, waitFor } from './support/node-vendor.ts';

const vendor = useFakeVendor();

describe('under faults', () => {
  it('200 reports through a vendor failing 30% of requests (503 or a dropped connection, before or after storing) all arrive, each exactly once', async () => {
    vendor.failRandomly(
      0.3,
      [{ status: 503 }, { drop: true }, { status: 503, afterStore: true }, { drop: true, afterStore: true }],
      20261126,
    );
    const client = testClient({ retry: { limit: 2, delayMs: 1, maxDelayMs: 2 }, queueBackoff: { delayMs: 2, maxDelayMs: 10 } });
    const delivered = new Set<string>();
    client.on('delivered', ({ localId }) => delivered.add(localId));

    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.report({ ...DRAFT, title: `Report ${i}` })),
    );
    const queued = results.filter((result) => result.status === 'queued');
    expect(results.every((result) => result.status === 'sent' || result.status === 'queued')).toBe(true);
    await waitFor(() => delivered.size === queued.length, 15_000);

    const titles = vendor.stored().map((stored) => stored.report.title);
    expect(titles).toHaveLength(200);
    expect(new Set(titles).size).toBe(200);
    expect(await client.pending()).toEqual([]);
    // Faults did happen, on both kinds of request and on both sides of storing.
    expect(vendor.requests.length).toBeGreaterThan(250);
  });
});
