import { createStub } from '@vuln-report/server-stub';
import type { Middleware } from 'koa';
import { getResponse, http, HttpResponse } from 'msw';
import { PROBLEM_CONTENT_TYPE } from '@vuln-report/contract';

/** Where the stub intake answers on the test runner's own origin. */
export const VENDOR_PATH = '/__sdk-vendor/';

/** A failure made in front of the stub, which then never sees the request. */
export type Fault = { status: number } | { drop: true };

/**
 * The stub intake (`@vuln-report/server-stub`) as Koa middleware for web-test-runner: one
 * stub for the whole run, so its state outlives page reloads and is shared by frames. Its
 * own routes answer as they are, `__stub/reset` and `__stub/faults` included. In front of
 * it, test-only MSW handlers:
 *
 * - log each POST's Idempotency-Key (the stub does not count replays);
 * - `POST __test/faults` `{ rate, faults }`: a share of reporter requests fails before the
 *   stub, each with a status or as a dropped connection (the vendor cannot be reached),
 *   on top of the stub's own faults (a status, or a connection dropped after storing);
 * - `GET __test/state`: what the stub stored (Idempotency-Key and title, oldest first) and
 *   the POSTs per key.
 *
 * Everything else falls through to the stub. Requests become Fetch requests for the
 * handlers; a dropped connection is a destroyed socket.
 */
export function vendorMiddleware(): Middleware {
  const stub = createStub({ rateLimit: false });
  let posts = new Map<string, number>();
  let random = { rate: 0, faults: [] as Fault[] };

  const inFront = [
    http.post('*/__stub/reset', () => {
      posts = new Map();
      random = { rate: 0, faults: [] };
      return undefined; // the stub resets itself
    }),
    http.post('*/__test/faults', async ({ request }) => {
      random = (await request.json()) as typeof random;
      return new HttpResponse(null, { status: 204 });
    }),
    http.get('*/__test/state', () => {
      const { reports, idempotency } = stub.state;
      const keyOf = new Map(Object.entries(idempotency).map(([key, { receipt }]) => [receipt.id, key.split(' ')[1]!]));
      return HttpResponse.json({
        stored: Object.values(reports).map((report) => ({ idempotencyKey: keyOf.get(report.id), title: report.draft.title })),
        postsByKey: Object.fromEntries(posts),
      });
    }),
    http.all('*/v1/reports*', ({ request }) => {
      const key = request.headers.get('Idempotency-Key');
      if (request.method === 'POST' && key) posts.set(key, (posts.get(key) ?? 0) + 1);
      if (!(Math.random() < random.rate)) return undefined; // the stub answers
      const fault = random.faults[Math.floor(Math.random() * random.faults.length)]!;
      if (!('status' in fault)) return HttpResponse.error();
      const problem = { type: 'about:blank', title: 'Injected fault', status: fault.status };
      return HttpResponse.json(problem, { status: fault.status, headers: { 'Content-Type': PROBLEM_CONTENT_TYPE } });
    }),
  ];
  const handlers = [...inFront, ...stub.handlers];

  return async (ctx, next) => {
    if (!ctx.path.startsWith(VENDOR_PATH)) return next();
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(ctx.req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const request = new Request(new URL(ctx.url, `http://${ctx.host}`), {
      method: ctx.method,
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const response = await getResponse(handlers, request);
    if (!response) {
      ctx.status = 404;
      return;
    }
    if (response.type === 'error') {
      // Nothing is sent; the status only keeps the dev server from logging a 404.
      ctx.status = 503;
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    ctx.status = response.status;
    response.headers.forEach((value, name) => ctx.set(name, value));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = Buffer.from(await response.arrayBuffer());
  };
}
