import { expect } from '@open-wc/testing';
import { createClient, indexedDbQueue, type Client, type ClientEvents } from '../../src/index.ts';
import { DRAFT, FAST, freshDatabase, frameSdk, openFrame, reloadFrame, vendor, waitFor } from './support/helpers.ts';

describe('the offline queue in Chromium', () => {
  const frames: HTMLIFrameElement[] = [];
  const clients: Client[] = [];
  beforeEach(() => vendor.reset());
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const frame of frames.splice(0)) frame.remove();
    await vendor.reset();
  });

  async function frame() {
    const opened = await openFrame();
    frames.push(opened);
    return opened;
  }

  it('keeps a queued report in IndexedDB across a page reload, and the page after it sends it', async () => {
    const database = freshDatabase('reload');
    const page = await frame();
    await vendor.faults(1);
    let sdk = frameSdk(page)!;
    const before = sdk.createClient({ ...FAST, queue: sdk.indexedDbQueue(database), queueBackoff: { delayMs: 60_000 } });
    const result = await before.report(DRAFT);
    expect(result.status).to.equal('queued');

    await reloadFrame(page);
    sdk = frameSdk(page)!;
    const kept = await sdk.indexedDbQueue(database).getAll();
    expect(kept.map((item) => item.localId)).to.deep.equal([(result as { localId: string }).localId]);

    await vendor.faults(0);
    const after = sdk.createClient({ ...FAST, queue: sdk.indexedDbQueue(database) });
    clients.push(after);
    await waitFor(async () => (await vendor.state()).stored.length === 1);
    const { stored } = await vendor.state();
    expect(stored[0]!.idempotencyKey).to.equal((result as { localId: string }).localId);
    await waitFor(async () => (await after.pending()).length === 0);
  });

  it('queues while the vendor is unreachable and sends on the online event', async () => {
    await vendor.faults(1);
    // A long backoff: only the online event can send it in time.
    const client = createClient({ ...FAST, queue: indexedDbQueue(freshDatabase('online')), queueBackoff: { delayMs: 60_000 } });
    clients.push(client);
    const result = await client.report(DRAFT, { attachments: [new File(['{"a":1}'], 'state.json', { type: 'application/json' })] });
    expect(result.status).to.equal('queued');
    expect(await client.pending()).to.have.length(1);

    await vendor.faults(0);
    const delivered = new Promise<ClientEvents['delivered']>((resolve) => client.on('delivered', resolve));
    window.dispatchEvent(new Event('online'));
    const event = await delivered;
    expect(event.localId).to.equal((result as { localId: string }).localId);
    expect(event.receipt.state).to.equal('received');
    expect((await vendor.state()).stored).to.have.length(1);
    expect(await client.pending()).to.deep.equal([]);
  });

  it('two tabs draining one queue send each report exactly once (Web Locks)', async () => {
    expect(navigator.locks, 'Web Locks').to.exist;
    const database = freshDatabase('tabs');
    const [tabA, tabB] = [await frame(), await frame()];
    const sdkA = frameSdk(tabA)!;
    const sdkB = frameSdk(tabB)!;

    await vendor.faults(1);
    const writer = sdkA.createClient({ ...FAST, queue: sdkA.indexedDbQueue(database), queueBackoff: { delayMs: 60_000 } });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => writer.report({ ...DRAFT, title: `Report ${i}` })));
    writer.close();
    expect(results.every((result) => result.status === 'queued')).to.equal(true);
    await vendor.reset();

    // Both tabs start draining at once (a client drains when created), and flush on top.
    const a = sdkA.createClient({ ...FAST, queue: sdkA.indexedDbQueue(database) });
    const b = sdkB.createClient({ ...FAST, queue: sdkB.indexedDbQueue(database) });
    clients.push(a, b);
    await Promise.all([a.flush(), b.flush()]);
    await waitFor(async () => (await a.pending()).length === 0);

    const state = await vendor.state();
    expect(state.stored).to.have.length(20);
    expect(Object.keys(state.postsByKey)).to.have.length(20);
    expect(Object.values(state.postsByKey).every((count) => count === 1), JSON.stringify(state.postsByKey)).to.equal(true);
  });

  it('50 reports through a vendor failing 30% (503 or dropped connections) all arrive exactly once', async () => {
    // A fifth fails in front of the stub (503, or no connection: nothing stored); of the
    // rest, the stub itself stores one in eight and then drops the connection.
    await vendor.faults(0.2, [{ status: 503 }, { drop: true }]);
    await vendor.stubFaults({ rate: 0.125, drop: true });
    const client = createClient({ ...FAST, queue: indexedDbQueue(freshDatabase('faults')) });
    clients.push(client);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => client.report({ ...DRAFT, title: `Report ${i}` })));
    expect(results.every((result) => result.status === 'sent' || result.status === 'queued')).to.equal(true);
    await waitFor(async () => (await client.pending()).length === 0, 20_000);
    const { stored, postsByKey } = await vendor.state();
    const titles = stored.map((report) => report.title);
    expect(titles).to.have.length(50);
    expect(new Set(titles).size).to.equal(50);
    expect(Object.values(postsByKey).reduce((sum, count) => sum + count, 0)).to.be.greaterThan(50);
  });
});
