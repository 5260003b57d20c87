import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createClient, memoryQueue, type Client, type ClientOptions } from '../../src/index.ts';
import { createFakeVendor, type FakeVendor } from './fake-vendor.ts';

/** Where the fake vendor answers in Node tests (MSW intercepts it; nothing leaves the process). */
export const ENDPOINT = 'https://intake.test';

/** A valid draft, as a reporter would write it. */
export const DRAFT = {
  kind: 'vulnerability',
  title: 'Stored XSS in project name',
  description: 'A <script> in the project name runs for every member.',
} as const;

/** Short backoffs, so retry tests run in milliseconds. Timings are never asserted. */
export const FAST = {
  timeoutMs: 1_000,
  retry: { limit: 3, delayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 2_000 },
  queueBackoff: { delayMs: 5, maxDelayMs: 20 },
} satisfies Partial<ClientOptions>;

/** Starts the fake vendor for this file's tests, resetting it after each test. */
export function useFakeVendor(): FakeVendor {
  const vendor = createFakeVendor();
  const server = setupServer(...vendor.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => vendor.reset());
  afterAll(() => server.close());
  return vendor;
}

const open: Client[] = [];
afterEach(() => {
  for (const client of open.splice(0)) client.close();
});

/** A client of the fake vendor with fast retries and a memory queue, closed after the test. */
export function testClient(options: Partial<ClientOptions> = {}): Client {
  const client = createClient({ endpoint: ENDPOINT, projectKey: 'pk_test_acme', queue: memoryQueue(), ...FAST, ...options });
  open.push(client);
  return client;
}

/** Resolves once `predicate` holds, polling; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error('Timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
