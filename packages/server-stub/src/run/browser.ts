import { setupWorker } from 'msw/browser';
import { createStub, type StubOptions } from '../stub.ts';

/** Options of {@link startStubWorker}. */
export interface StubWorkerOptions extends StubOptions {
  /** Where the page serves `mockServiceWorker.js` (shipped as `@vuln-report/server-stub/mockServiceWorker.js`). Default `/mockServiceWorker.js`. */
  serviceWorkerUrl?: string;
  /** Keep msw from logging each intercepted request. Default true. */
  quiet?: boolean;
}

/**
 * Runs the stub inside the page's service worker: a static site (or a browser test)
 * gets the whole intake with no server. Requests the stub does not know pass through.
 */
export async function startStubWorker(options: StubWorkerOptions = {}) {
  const stub = createStub(options);
  const worker = setupWorker(...stub.handlers);
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: options.quiet ?? true,
  });
  return { stub, worker, stop: () => worker.stop() };
}

export { createStub, type Stub, type StubOptions } from '../stub.ts';
export { verifyActivityLog, type ChainCheck } from '../core/activity-log.ts';
export { DEFAULT_SEED } from '../seed.ts';
