/**
 * The standalone stub in a process of its own (in memory, or with `--durable` on a data
 * file in a temporary folder), driven by `stub.ts` over IPC, so the load
 * generator does not share its event loop. Run with `--expose-gc`: `heap` messages
 * answer the heap used after a full collection, and how many reports are stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStubServer } from '@vuln-report/server-stub';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error('run me through stub.ts: I need --expose-gc and an IPC channel');

// `--durable`: every report is on disk (the journal, flushed) before it is acknowledged.
const durable = process.argv.includes('--durable');
const dataDir = durable ? mkdtempSync(join(tmpdir(), 'vuln-report-bench-')) : undefined;
const server = await startStubServer({ port: 0, rateLimit: false, ...(dataDir ? { dataFile: join(dataDir, 'data.json') } : {}) });

/** Heap held: twice, so what the first collection freed in finalizers goes too. */
function heapUsed() {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

process.on('message', async (message) => {
  if (message === 'heap') {
    process.send!({ heapUsed: heapUsed(), reports: Object.keys(server.stub.state.reports).length });
  } else if (message === 'close') {
    await server.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    process.disconnect();
  }
});
process.send({ url: server.url });
