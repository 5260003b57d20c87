import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createFaultyVendor } from './faulty-vendor.ts';
import { createClient, memoryQueue, type Client, type ClientOptions } from '../../src/index.ts';

/** Where the stub intake answers in Node tests (MSW intercepts it; nothing leaves the process). */
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

export type { Fault, SeenRequest } from './faulty-vendor.ts';

/**
 * Starts the SDK's test vendor (the stub intake with faults in front, see
 * {@link createFaultyVendor}) under msw/node for this file's tests, reset after each test.
 */
export function useStub() {
  const vendor = createFaultyVendor();
  const server = setupServer(http.all(`${ENDPOINT}/*`, ({ request }) => vendor.handle(request)));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => vendor.reset());
  afterAll(() => server.close());

  return {
    ...vendor,
    /** A staff action on the stub's triage API, as the vendor's triage team would take it. */
    async triage(id: string, action: 'assess' | 'request-info' | 'resolve', body: unknown) {
      const response = await fetch(`${ENDPOINT}/v1/triage/reports/${id}/${action}`, {
        method: 'POST',
        headers: { Authorization: 'Bearer staff_test_token', 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`triage ${action}: ${response.status} ${await response.text()}`);
    },
  };
}

/** The stub and its helpers, as {@link useStub} makes them. */
export type StubVendor = ReturnType<typeof useStub>;

const open: Client[] = [];
afterEach(() => {
  for (const client of open.splice(0)) client.close();
});

/** A client of the stub intake with fast retries and a memory queue, closed after the test. */
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
