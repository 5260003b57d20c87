import type { Middleware } from 'koa';
import { getResponse } from 'msw';
import { controlHandlers, createFakeVendor } from '../../support/fake-vendor.ts';

/** Where the fake vendor answers on the test runner's own origin. */
export const VENDOR_PATH = '/__sdk-vendor/';

/**
 * The fake vendor as Koa middleware for web-test-runner: one vendor for the whole run, so
 * its state outlives page reloads and is shared by frames. Requests are turned into Fetch
 * requests for the same MSW handlers the Node tests use; a dropped connection is a
 * destroyed socket.
 */
export function vendorMiddleware(): Middleware {
  const vendor = createFakeVendor();
  const handlers = [...controlHandlers(vendor), ...vendor.handlers];
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
