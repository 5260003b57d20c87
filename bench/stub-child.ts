/**
 * The standalone stub in a process of its own, driven by `stub.ts` over IPC, so the load
 * generator does not share its event loop. Run with `--expose-gc`: `heap` messages
 * answer the heap used after a full collection, and how many reports are stored.
 */
import { startStubServer } from '@vuln-report/server-stub';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error('run me through stub.ts: I need --expose-gc and an IPC channel');

const server = await startStubServer({ port: 0, rateLimit: false });

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
    process.disconnect();
  }
});
process.send({ url: server.url });
