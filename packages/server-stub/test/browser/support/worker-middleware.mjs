import { readFileSync } from 'node:fs';

const worker = new URL('../../../public/mockServiceWorker.js', import.meta.url);

/** Serves msw's service worker at the root, so it may control the test pages. */
export async function serviceWorkerMiddleware(context, next) {
  if (context.path !== '/mockServiceWorker.js') return next();
  context.type = 'application/javascript';
  context.body = readFileSync(worker, 'utf8');
}
