// The web-test-runner config is plain JavaScript: this loads the TypeScript middleware
// (and the stub intake it wraps) on the first request for it.
import { register } from 'node:module';
import { tsImport } from 'tsx/esm/api';

const PATH = '/__sdk-vendor/';
let loaded;

// Workspace packages export their TypeScript sources under this condition (see README.md):
// the stub, and the contract it imports, load from source as in the Node tests.
const sourceCondition = `export function resolve(specifier, context, next) {
  if (!specifier.startsWith('@vuln-report/')) return next(specifier, context);
  return next(specifier, { ...context, conditions: [...context.conditions, 'vuln-report-source'] });
}`;

/** Koa middleware: the stub intake under `/__sdk-vendor/`; every other request passes through. */
export async function sdkVendorMiddleware(ctx, next) {
  if (!ctx.path.startsWith(PATH)) return next();
  loaded ??= (() => {
    register(`data:text/javascript,${encodeURIComponent(sourceCondition)}`);
    return tsImport('./vendor-middleware.ts', import.meta.url).then((module) => module.vendorMiddleware());
  })();
  return (await loaded)(ctx, next);
}
