import type { Middleware } from 'koa';
import { createFaultyVendor, type Fault } from '../../support/faulty-vendor.ts';

export type { Fault };

/** Where the stub intake answers on the test runner's own origin. */
export const VENDOR_PATH = '/__sdk-vendor/';

/**
 * The SDK's test vendor ({@link createFaultyVendor}, as in the Node tests) as Koa
 * middleware for web-test-runner: one vendor for the whole run, so its state outlives
 * page reloads and is shared by frames. Beside the stub's own routes (`__stub/reset`
 * resets the faults in front too):
 *
 * - `POST __test/faults` `{ rate, faults }`: a share of reporter requests fails in front of the stub;
 * - `GET __test/state`: what the stub stored (Idempotency-Key and title, oldest first) and the POSTs per key.
 */
export function vendorMiddleware(): Middleware {
  const vendor = createFaultyVendor();

  async function answer(request: Request): Promise<Response | undefined> {
    const path = new URL(request.url).pathname.slice(VENDOR_PATH.length - 1);
    if (request.method === 'POST' && path === '/__stub/reset') {
      await vendor.reset();
      return new Response(null, { status: 204 });
    }
    if (request.method === 'POST' && path === '/__test/faults') {
      const { rate, faults } = (await request.json()) as { rate: number; faults: Fault[] };
      vendor.failRandomly(rate, faults);
      return new Response(null, { status: 204 });
    }
    if (request.method === 'GET' && path === '/__test/state') {
      const keyOf = new Map(Object.entries(vendor.stub.state.idempotency).map(([key, { receipt }]) => [receipt.id, key.split(' ')[1]!]));
      return Response.json({
        stored: vendor.stored().map((report) => ({ idempotencyKey: keyOf.get(report.id), title: report.draft.title })),
        postsByKey: Object.fromEntries(vendor.postsByKey()),
      });
    }
    return vendor.handle(request);
  }

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
    const response = await answer(request);
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
