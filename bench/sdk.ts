/**
 * The CPU cost of one `report()` call: capture, redaction, validation and the request
 * being built, up to the moment the SDK hands it to `fetch`; and the whole call when the
 * intake answers at once. Run in Node, whose `performance.now()` has sub-microsecond
 * resolution; a browser coarsens it to 100 µs (5 µs cross-origin isolated), too coarse
 * for a call that takes well under a millisecond.
 */
import { createClient, memoryQueue, type ReportFieldsInput } from '@vuln-report/sdk';
import { num, percentile, type Row } from './stats.ts';

/** A receipt as the intake sends it: the SDK checks it has an id and a tracking token. */
const RECEIPT = JSON.stringify({
  id: 'rep_01JBENCH0000000000000000',
  trackingToken: 'tt_0123456789abcdef0123456789abcdef',
  state: 'received',
  receivedAt: '2025-11-26T10:00:00.000Z',
  acknowledgeBy: '2025-11-28T10:00:00.000Z',
  statusUrl: 'http://127.0.0.1:9/v1/reports/rep_01JBENCH0000000000000000',
});

/** What a reporter types: a realistic report, not a minimal one. */
const DRAFT: ReportFieldsInput = {
  kind: 'vulnerability',
  title: 'Invoice PDF of another tenant is downloadable',
  description:
    'Changing the invoice number in the download link returns the PDF of another customer. ' +
    'I opened INV-1041 from Billing, then replaced the number with INV-1040 and got a PDF with ' +
    'another company name, address and the last four digits of its card. '.repeat(3),
};

/** Options of {@link benchSdk}. */
export interface SdkBenchOptions {
  /** Measured calls; as many again are made first, unmeasured, so the JIT has settled. */
  calls: number;
}

/**
 * Measures `report()` on a client whose `fetch` answers 201 with a receipt at once. In
 * Node the SDK captures only the runtime and time zone, so the client is given app, user
 * and extra context of about the size a browser captures (page URL with a token to
 * redact, referrer, title, user agent), so redaction has as much to read as in a page.
 */
export async function benchSdk({ calls }: SdkBenchOptions): Promise<Row[]> {
  let handedAt = 0;
  const client = createClient({
    endpoint: 'http://127.0.0.1:9',
    projectKey: 'pk_test_acme',
    queue: memoryQueue(),
    app: { name: 'acme-console', version: '4.12.0', environment: 'production' },
    user: { id: 'u_1842', email: 'dana@customer.example' },
    extra: {
      page: 'https://console.acme.example/billing/invoices?tenant=t_77&access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      referrer: 'https://console.acme.example/billing',
      title: 'Acme Cloud: billing',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      viewport: '1100x760',
      plan: 'pro',
      seats: 12,
    },
    fetch: async () => {
      handedAt = performance.now();
      return new Response(RECEIPT, { status: 201, headers: { 'Content-Type': 'application/json' } });
    },
  });

  const upToFetch: number[] = [];
  const whole: number[] = [];
  try {
    for (let i = 0; i < calls * 2; i++) {
      const started = performance.now();
      const result = await client.report(DRAFT);
      const ended = performance.now();
      if (result.status !== 'sent') throw new Error(`report() ended ${result.status}, not sent`);
      if (i < calls) continue;
      upToFetch.push((handedAt - started) * 1000);
      whole.push((ended - started) * 1000);
    }
  } finally {
    client.close();
  }

  const part = `SDK, Node (${num(calls)} calls)`;
  const µs = (values: number[]) => `${num(percentile(values, 50))} µs median, ${num(percentile(values, 95))} µs p95`;
  return [
    { part, what: '`report()` up to `fetch`: context capture, redaction, validation, request built', ours: µs(upToFetch) },
    { part, what: '`report()` whole call, the intake answering 201 at once', ours: µs(whole) },
  ];
}
