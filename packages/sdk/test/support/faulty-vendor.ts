import { PROBLEM_CONTENT_TYPE } from '@vuln-report/contract';
import { createStub } from '@vuln-report/server-stub';

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
 * The SDK's test vendor, in Node and in the browser tests alike: the stub intake with no
 * rate limits, and in front of its reporter routes a log of every request and the faults
 * a test scripts (`failNext`) or spreads at random (`failRandomly`). `handle` answers a
 * Fetch request; `Response.error()` stands for a dropped connection.
 */
export function createFaultyVendor() {
  const stub = createStub({ rateLimit: false });
  const requests: SeenRequest[] = [];
  let script: Fault[] = [];
  let random: { rate: number; faults: Fault[] } | undefined;

  const nextFault = (): Fault | undefined => {
    if (script.length > 0) return script.shift();
    if (random && Math.random() < random.rate) return random.faults[Math.floor(Math.random() * random.faults.length)];
    return undefined;
  };

  async function inFront(request: Request): Promise<Response | undefined> {
    requests.push({ method: request.method, path: new URL(request.url).pathname, idempotencyKey: request.headers.get('Idempotency-Key'), at: Date.now() });
    const fault = nextFault();
    if (!fault) return stub.handle(request);
    if ('lost' in fault) {
      await stub.handle(request);
      return Response.error();
    }
    if ('delayMs' in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (!('status' in fault)) return Response.error();
    return Response.json(
      { type: 'about:blank', title: 'Injected fault', status: fault.status },
      { status: fault.status, headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}) } },
    );
  }

  return {
    stub,
    requests,
    /** Answers a request: reporter routes through the faults, everything else straight to the stub. */
    handle: (request: Request) => (/\/v1\/reports/.test(new URL(request.url).pathname) ? inFront(request) : stub.handle(request)),
    /** The reports the stub stored, oldest first, each attachment with its bytes (base64). */
    stored: () =>
      Object.values(stub.state.reports).map((report) => ({
        ...report,
        attachments: report.attachments.map((attachment) => ({ ...attachment, dataBase64: stub.state.attachments[`${report.id} ${attachment.id}`] })),
      })),
    /** The receipt the stub keeps for a report sent with this Idempotency-Key. */
    receiptFor: (idempotencyKey: string, projectKey = 'pk_test_acme') => stub.state.idempotency[`${projectKey} ${idempotencyKey}`]?.receipt,
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
    /** Starts over: the stub's records, the log and every fault. */
    async reset() {
      await stub.reset();
      requests.length = 0;
      script = [];
      random = undefined;
    },
  };
}

/** A vendor made by {@link createFaultyVendor}. */
export type FaultyVendor = ReturnType<typeof createFaultyVendor>;
