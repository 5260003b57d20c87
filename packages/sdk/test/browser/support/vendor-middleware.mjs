// The web-test-runner config is plain JavaScript: this loads the TypeScript middleware
// (and the fake vendor it wraps) on the first request for it.
import { tsImport } from 'tsx/esm/api';

const PATH = '/__sdk-vendor/';
let loaded;

/** Koa middleware: the SDK's fake vendor under `/__sdk-vendor/`; every other request passes through. */
export async function sdkVendorMiddleware(ctx, next) {
  if (!ctx.path.startsWith(PATH)) return next();
  loaded ??= tsImport('./vendor-middleware.ts', import.meta.url).then((module) => module.vendorMiddleware());
  return (await loaded)(ctx, next);
}
