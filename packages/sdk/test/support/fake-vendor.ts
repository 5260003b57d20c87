/**
 * A fake vendor: just the reporter half of the intake contract that the SDK needs, as MSW
 * handlers, plus a fault switch and counters for tests. MSW stands in only for the
 * vendor's server; the SDK under test is real. The stub in `packages/server-stub` will
 * replace this module; nothing else in the tests knows how the vendor is built.
 */
import { delay, http, HttpResponse, type RequestHandler } from 'msw';
import { LIMITS, MessageBody, PROBLEM_CONTENT_TYPE, ReportDraft, validate } from '../../src/contract/index.ts';
import type { Attachment, Problem, Receipt, ReportView, TimelineEntry } from '../../src/contract/index.ts';

/** One way a request can fail on purpose. */
export interface Fault {
  /** Answer with this status (a problem+json body). 503 when neither `status` nor `drop` is set. */
  status?: number;
  /** The `Retry-After` header to send with it. */
  retryAfter?: string;
  /** Drop the connection instead of answering. */
  drop?: boolean;
  /** Wait this long first (longer than the client's timeout makes it time out). */
  delayMs?: number;
  /** Fail only after storing the report: the answer is lost, the report is not. */
  afterStore?: boolean;
}

/** What the vendor stored for one report. */
export interface StoredReport {
  idempotencyKey: string;
  receipt: Receipt;
  report: ReportDraft;
  attachments: { name: string; type: string; size: number }[];
  view: ReportView;
  /** The request body, to tell a replay from a different body under the same key. */
  fingerprint: string;
}

/** A request as the vendor saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  at: number;
}

/** The seeded project keys of the contract. */
export const PROJECT_KEYS = ['pk_test_acme', 'pk_test_globex', 'pk_test_initech'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function problem(status: number, title: string, extra: Partial<Problem> = {}, headers: Record<string, string> = {}) {
  const body: Problem = { type: 'about:blank', title, status, ...extra };
  return HttpResponse.json(body, { status, headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, ...headers } });
}

/** A small seeded generator (mulberry32), so a fault test fails the same way every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Creates a fake vendor with no reports; `handlers` go to `setupServer` or a dev-server middleware. */
export function createFakeVendor() {
  const byId = new Map<string, StoredReport>();
  const byKey = new Map<string, StoredReport>();
  const requests: SeenRequest[] = [];
  let script: Fault[] = [];
  let random: { rate: number; faults: Fault[]; next: () => number } | undefined;
  let counter = 0;

  function nextFault(): Fault | undefined {
    if (script.length > 0) return script.shift();
    if (random && random.next() < random.rate) return random.faults[Math.floor(random.next() * random.faults.length)];
    return undefined;
  }

  async function fail(fault: Fault): Promise<Response> {
    if (fault.delayMs) await delay(fault.delayMs);
    if (fault.drop) return HttpResponse.error();
    const status = fault.status ?? 503;
    return problem(status, 'Injected fault', {}, fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {});
  }

  function see(request: Request) {
    requests.push({
      method: request.method,
      path: new URL(request.url).pathname,
      idempotencyKey: request.headers.get('Idempotency-Key'),
      at: Date.now(),
    });
  }

  /** The report a tracking token reads, or the problem to answer. */
  function authorized(request: Request, id: string): StoredReport | Response {
    const auth = request.headers.get('Authorization');
    if (!auth?.startsWith('Bearer ')) return problem(401, 'Tracking token required');
    const stored = byId.get(id);
    if (!stored || stored.receipt.trackingToken !== auth.slice(7)) return problem(404, 'No such report');
    return stored;
  }

  function record(stored: StoredReport, entry: TimelineEntry, changes: Partial<ReportView> = {}) {
    stored.view = { ...stored.view, ...changes, timeline: [...stored.view.timeline, entry] };
  }

  async function readSubmission(request: Request) {
    const type = request.headers.get('Content-Type') ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await request.formData();
      const files = form.getAll('attachments').filter((part): part is File => typeof part !== 'string');
      const json = form.get('report');
      return { text: typeof json === 'string' ? json : '', files };
    }
    if (type.startsWith('application/json')) return { text: await request.text(), files: [] as File[] };
    return undefined;
  }

  const handlers: RequestHandler[] = [
    http.post('*/v1/reports', async ({ request }) => {
      see(request);
      const fault = nextFault();
      if (fault && !fault.afterStore) return fail(fault);
      const key = request.headers.get('X-Project-Key');
      if (!key || !PROJECT_KEYS.includes(key)) return problem(401, 'Unknown project key');
      const idempotencyKey = request.headers.get('Idempotency-Key') ?? '';
      if (!UUID.test(idempotencyKey)) {
        return problem(400, 'Invalid request', { errors: [{ path: '', message: 'Idempotency-Key must be a UUID' }] });
      }
      const submission = await readSubmission(request);
      if (!submission) return problem(415, 'Unsupported media type');
      if (submission.text.length > LIMITS.jsonBodyBytesMax) return problem(413, 'Body too large');
      if (
        submission.files.length > LIMITS.attachmentsMax ||
        submission.files.some((file) => file.size > LIMITS.attachmentBytesMax)
      ) {
        return problem(413, 'Attachments too large');
      }
      let body: unknown;
      try {
        body = JSON.parse(submission.text);
      } catch {
        return problem(400, 'Invalid JSON', { errors: [{ path: '', message: 'Not JSON' }] });
      }
      const result = validate(ReportDraft, body);
      if (!result.ok) return problem(400, 'Invalid report', { errors: result.issues });
      const attachments = submission.files.map((file) => ({ name: file.name, type: file.type, size: file.size }));
      const fingerprint = JSON.stringify([body, attachments]);

      const earlier = byKey.get(idempotencyKey);
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) return problem(422, 'Idempotency-Key reused with another body');
        return fault ? fail(fault) : HttpResponse.json(earlier.receipt, { status: 200 });
      }
      counter += 1;
      const id = `r_${counter}`;
      const now = new Date();
      const receivedAt = now.toISOString();
      const acknowledgeBy = new Date(now.getTime() + 2 * 24 * 3600_000).toISOString();
      const receipt: Receipt = {
        id,
        trackingToken: `tt_${crypto.randomUUID().replaceAll('-', '')}`,
        state: 'received',
        receivedAt,
        acknowledgeBy,
        statusUrl: `${request.url}/${id}`,
      };
      const report = result.value;
      const stored: StoredReport = {
        idempotencyKey,
        receipt,
        report,
        attachments,
        fingerprint,
        view: {
          ...report,
          id,
          state: 'received',
          dataLossSuspected: report.sawSensitiveData ?? false,
          receivedAt,
          acknowledgeBy,
          attachments: attachments.map((file, index) => ({ ...file, id: `${id}_a${index + 1}`, type: file.type as Attachment['type'] })),
          timeline: [{ at: receivedAt, type: 'received' }],
        },
      };
      byId.set(id, stored);
      byKey.set(idempotencyKey, stored);
      // A fault after storing loses the answer, not the report: the client's replay must get this receipt.
      return fault ? fail(fault) : HttpResponse.json(receipt, { status: 201, headers: { Location: receipt.statusUrl } });
    }),

    http.get('*/v1/reports/:id', async ({ request, params }) => {
      see(request);
      const fault = nextFault();
      if (fault) return fail(fault);
      const stored = authorized(request, String(params.id));
      return stored instanceof Response ? stored : HttpResponse.json(stored.view);
    }),

    http.post('*/v1/reports/:id/withdraw', async ({ request, params }) => {
      see(request);
      const stored = authorized(request, String(params.id));
      if (stored instanceof Response) return stored;
      if (!['received', 'needs-info'].includes(stored.view.state)) return problem(409, 'Already triaged');
      const at = new Date().toISOString();
      record(stored, { at, type: 'closed', reason: 'withdrawn' }, { state: 'closed', closeReason: 'withdrawn' });
      return HttpResponse.json(stored.view);
    }),

    http.post('*/v1/reports/:id/messages', async ({ request, params }) => {
      see(request);
      const stored = authorized(request, String(params.id));
      if (stored instanceof Response) return stored;
      const result = validate(MessageBody, await request.json().catch(() => undefined));
      if (!result.ok) return problem(400, 'Invalid message', { errors: result.issues });
      if (['resolved', 'closed'].includes(stored.view.state)) return problem(409, 'The report is closed');
      const at = new Date().toISOString();
      record(stored, { at, type: 'reporter-replied', message: result.value.message }, { state: 'received' });
      return HttpResponse.json(stored.view);
    }),
  ];

  return {
    handlers,
    /** Every request to a reporter route, in order. */
    requests,
    /** The stored reports, oldest first. */
    stored: () => [...byId.values()],
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
    /** From now on a share `rate` of reporter requests fails, each in one of `faults`, drawn from `seed`. */
    failRandomly(rate: number, faults: Fault[], seed = 1) {
      random = rate > 0 ? { rate, faults, next: seeded(seed) } : undefined;
    },
    /** What staff would do: moves a report along (state, severity, a timeline entry). */
    triage(id: string, changes: Partial<ReportView>, entry: TimelineEntry) {
      const stored = byId.get(id);
      if (!stored) throw new Error(`No report ${id}`);
      record(stored, entry, changes);
    },
    /** Forgets every report, request and fault. */
    reset() {
      byId.clear();
      byKey.clear();
      requests.length = 0;
      script = [];
      random = undefined;
      counter = 0;
    },
  };
}

/** A fake vendor, as {@link createFakeVendor} makes it. */
export type FakeVendor = ReturnType<typeof createFakeVendor>;

/**
 * Control routes under `/__fake/`, for tests that reach the vendor over HTTP (in a
 * browser): reset, faults, and what was stored and requested.
 */
export function controlHandlers(vendor: FakeVendor): RequestHandler[] {
  return [
    http.post('*/__fake/reset', () => {
      vendor.reset();
      return new HttpResponse(null, { status: 204 });
    }),
    http.post('*/__fake/faults', async ({ request }) => {
      const body = (await request.json()) as { next?: Fault[]; rate?: number; faults?: Fault[]; seed?: number };
      if (body.next) vendor.failNext(...body.next);
      if (body.rate !== undefined) vendor.failRandomly(body.rate, body.faults ?? [{ status: 503 }], body.seed);
      return new HttpResponse(null, { status: 204 });
    }),
    http.get('*/__fake/state', () =>
      HttpResponse.json({
        stored: vendor.stored().map(({ idempotencyKey, report }) => ({ idempotencyKey, title: report.title })),
        postsByKey: Object.fromEntries(vendor.postsByKey()),
      }),
    ),
  ];
}
