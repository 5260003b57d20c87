import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuthError, memoryQueue, QueueFullError } from '../../src/index.ts';
import { fileQueue } from '../../src/queue/file.ts';
import { DRAFT, testClient, useStub, waitFor } from '../support/node-vendor.ts';

const vendor = useStub();

/** Every attempt of one report fails: it is queued. */
const UNREACHABLE = Array(4).fill({ drop: true });
const PATIENT = { queueBackoff: { delayMs: 60_000 } };

describe('the offline queue', () => {
  it('sends a queued report on flush() and emits delivered with its receipt', async () => {
    vendor.failNext(...UNREACHABLE);
    const client = testClient(PATIENT);
    const queued = await client.report(DRAFT);
    const events: unknown[] = [];
    client.on('delivered', (event) => events.push(event));
    await client.flush();
    expect(vendor.stored()).toHaveLength(1);
    const localId = (queued as { localId: string }).localId;
    expect(events).toEqual([{ localId, receipt: vendor.receiptFor(localId) }]);
    expect(vendor.receiptFor(localId)!.id).toBe(vendor.stored()[0]!.id);
    expect(await client.pending()).toEqual([]);
  });

  it('sends on its own backoff timer, with no flush()', async () => {
    vendor.failNext(...UNREACHABLE, ...UNREACHABLE);
    const client = testClient();
    expect((await client.report(DRAFT)).status).toBe('queued');
    await waitFor(() => vendor.stored().length === 1);
    expect(await client.pending()).toEqual([]);
  });

  it('drops a queued report the vendor refuses, and emits rejected with the problem', async () => {
    vendor.failNext(...UNREACHABLE, { status: 401 });
    const client = testClient(PATIENT);
    const queued = await client.report(DRAFT);
    const rejected = new Promise<unknown>((resolve) => client.on('rejected', resolve));
    await client.flush();
    expect(await rejected).toEqual({
      localId: (queued as { localId: string }).localId,
      problem: expect.objectContaining({ status: 401 }),
      error: expect.any(AuthError),
    });
    expect(await client.pending()).toEqual([]);
  });

  it('stops at the first failure and keeps the rest for later, oldest first', async () => {
    vendor.failNext(...UNREACHABLE, ...UNREACHABLE, ...UNREACHABLE);
    const client = testClient(PATIENT);
    await client.report({ ...DRAFT, title: 'first' });
    await client.report({ ...DRAFT, title: 'second' });
    await client.report({ ...DRAFT, title: 'third' });
    vendor.requests.length = 0;
    vendor.failNext(...UNREACHABLE);
    await client.flush();
    expect(vendor.requests).toHaveLength(4);
    const pending = await client.pending();
    expect(pending.map((item) => [item.title, item.attempts])).toEqual([
      ['first', 1],
      ['second', 0],
      ['third', 0],
    ]);
    await client.flush();
    expect(vendor.stored().map((stored) => stored.draft.title)).toEqual(['first', 'second', 'third']);
  });

  it('is sent by the next client over the same store (the next init)', async () => {
    const store = memoryQueue();
    vendor.failNext(...UNREACHABLE);
    const first = testClient({ ...PATIENT, queue: store });
    expect((await first.report(DRAFT)).status).toBe('queued');
    first.close();
    const second = testClient({ ...PATIENT, queue: store });
    await waitFor(async () => (await second.pending()).length === 0);
    expect(vendor.stored()).toHaveLength(1);
  });

  it('is bounded by count: a report that can be neither sent nor kept throws QueueFullError', async () => {
    vendor.failNext(...UNREACHABLE, ...UNREACHABLE, ...UNREACHABLE);
    const client = testClient({ ...PATIENT, queueLimits: { maxItems: 2 } });
    await client.report(DRAFT);
    await client.report(DRAFT);
    await expect(client.report(DRAFT)).rejects.toThrow(QueueFullError);
    expect(await client.pending()).toHaveLength(2);
  });

  it('is bounded by bytes, attachments included', async () => {
    vendor.failNext(...UNREACHABLE, ...UNREACHABLE);
    const client = testClient({ ...PATIENT, queueLimits: { maxBytes: 150_000 } });
    const log = new Blob(['x'.repeat(100_000)], { type: 'text/plain' });
    expect((await client.report(DRAFT, { attachments: [log] })).status).toBe('queued');
    await expect(client.report(DRAFT, { attachments: [log] })).rejects.toThrow(/queue is full/);
  });

  it('throws QueueFullError when the storage refuses the write (a full quota)', async () => {
    vendor.failNext(...UNREACHABLE);
    const full = { ...memoryQueue(), put: () => Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError')) };
    const error = await testClient({ ...PATIENT, queue: full })
      .report(DRAFT)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueFullError);
    expect((error as Error).cause).toBeInstanceOf(DOMException);
  });

  it('two clients over one store draining at once send each report once', async () => {
    const store = memoryQueue('shared');
    vendor.failNext(...Array(10).fill(UNREACHABLE).flat());
    const writer = testClient({ ...PATIENT, queue: store });
    for (let i = 0; i < 10; i++) await writer.report({ ...DRAFT, title: `report ${i}` });
    vendor.requests.length = 0;
    const a = testClient({ ...PATIENT, queue: store });
    const b = testClient({ ...PATIENT, queue: store });
    await Promise.all([a.flush(), b.flush(), a.flush(), b.flush()]);
    expect(vendor.stored()).toHaveLength(10);
    expect([...vendor.postsByKey().values()].every((count) => count === 1)).toBe(true);
    expect(vendor.requests).toHaveLength(10);
  });
});

describe('the file queue (Node)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vuln-report-queue-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps reports and their attachments across clients and processes', async () => {
    const path = join(dir, 'nested', 'queue.json');
    vendor.failNext(...UNREACHABLE);
    const first = testClient({ ...PATIENT, queue: fileQueue(path) });
    const log = new File(['boot log\n'], 'boot.log', { type: 'text/plain' });
    expect((await first.report(DRAFT, { attachments: [log] })).status).toBe('queued');
    first.close();

    // A fresh store over the same file, as after a restart.
    const second = testClient({ ...PATIENT, queue: fileQueue(path) });
    await waitFor(() => vendor.stored().length === 1);
    expect(vendor.stored()[0]!.attachments).toEqual([
      expect.objectContaining({ name: 'boot.log', type: 'text/plain', size: 9, dataBase64: btoa('boot log\n') }),
    ]);
    await waitFor(async () => (await second.pending()).length === 0);
    expect(await fileQueue(path).getAll()).toEqual([]);
  });
});

describe('delivery by another client', () => {
  it('tells the client that queued a report when another one delivers it', async () => {
    const store = memoryQueue('shared-tabs');
    vendor.failNext(...UNREACHABLE);
    const queuing = testClient({ ...PATIENT, queue: store });
    const queued = await queuing.report({ ...DRAFT, title: 'queued in one tab' });
    const heard = new Promise<{ localId: string }>((resolve) => queuing.on('delivered', resolve));
    const other = testClient({ ...PATIENT, queue: store });
    await other.flush();
    expect(await heard).toMatchObject({ localId: (queued as { localId: string }).localId, receipt: { id: vendor.stored()[0]!.id } });
    queuing.close();
    other.close();
  });
});
