import { createStub } from '@vuln-report/server-stub';
import { delay, getResponse, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { PROBLEM_CONTENT_TYPE } from '@vuln-report/contract';
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

/**
 * A failure the stub cannot be told to make once (its own faults are a random share of
 * every request): answered in front of it, so the stub never sees the request, except
 * for `lost`.
 */
export type Fault =
  /** Answer this status (problem+json), with this `Retry-After` if given. */
  | { status: number; retryAfter?: string }
  /** The connection fails: the vendor cannot be reached. */
  | { drop: true }
  /** No answer for this long, then the connection fails (longer than the client's timeout, it times out). */
  | { delayMs: number }
  /** The stub takes the request and stores the report, then the connection fails: the answer is lost. */
  | { lost: true };

/** A reporter request as it reached the vendor, faulted or not. */
export interface SeenRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  at: number;
}

/**
 * Starts the stub intake (`@vuln-report/server-stub`) under msw/node for this file's tests,
 * with no rate limits, reset after each test. In front of it, one test-only handler on the
 * reporter routes logs each request (to count attempts and POSTs per Idempotency-Key) and
 * answers the faults a test scripts with `failNext` or `failRandomly`; any other request
 * falls through to the stub. What was stored is the stub's own state: `stub.state`.
 */
export function useStub() {
  const stub = createStub({ rateLimit: false });
  const server = setupServer(...stub.handlers);
  const requests: SeenRequest[] = [];
  let script: Fault[] = [];
  let random: { rate: number; faults: Fault[] } | undefined;

  const nextFault = (): Fault | undefined => {
    if (script.length > 0) return script.shift();
    if (random && Math.random() < random.rate) return random.faults[Math.floor(Math.random() * random.faults.length)];
    return undefined;
  };

  const inFront = http.all(`${ENDPOINT}/v1/reports*`, async ({ request }) => {
    requests.push({
      method: request.method,
      path: new URL(request.url).pathname,
      idempotencyKey: request.headers.get('Idempotency-Key'),
      at: Date.now(),
    });
    const fault = nextFault();
    if (!fault) return undefined; // the stub answers
    if ('lost' in fault) {
      await getResponse(stub.handlers, request.clone());
      return HttpResponse.error();
    }
    if ('delayMs' in fault) await delay(fault.delayMs);
    if (!('status' in fault)) return HttpResponse.error();
    return HttpResponse.json(
      { type: 'about:blank', title: 'Injected fault', status: fault.status },
      { status: fault.status, headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}) } },
    );
  });

  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
    server.use(inFront);
  });
  afterEach(() => {
    stub.reset();
    requests.length = 0;
    script = [];
    random = undefined;
  });
  afterAll(() => server.close());

  return {
    stub,
    /** The reports the stub stored, oldest first, each attachment with its bytes (base64). */
    stored: () =>
      Object.values(stub.state.reports).map((report) => ({
        ...report,
        attachments: report.attachments.map((attachment) => ({ ...attachment, dataBase64: stub.state.attachments[`${report.id} ${attachment.id}`] })),
      })),
    /** The receipt the stub keeps for a report sent with this Idempotency-Key. */
    receiptFor: (idempotencyKey: string, projectKey = 'pk_test_acme') => stub.state.idempotency[`${projectKey} ${idempotencyKey}`]?.receipt,
    /** Every reporter request, in order (clear it with `requests.length = 0`). */
    requests,
    /** How many POSTs carried each Idempotency-Key. */
    postsByKey() {
      const counts = new Map<string, number>();
      for (const { method, idempotencyKey } of requests) {
        if (method === 'POST' && idempotencyKey) counts.set(idempotencyKey, (counts.get(idempotencyKey) ?? 0) + 1);
      }
      return counts;
    },
    /** The next reporter requests fail in these ways, in order. */
    failNext(...faults: Fault[]) {
      script.push(...faults);
    },
    /** From now on a share `rate` of reporter requests fails, each in one of `faults` (on top of the stub's own faults). */
    failRandomly(rate: number, faults: Fault[]) {
      random = rate > 0 ? { rate, faults } : undefined;
    },
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
