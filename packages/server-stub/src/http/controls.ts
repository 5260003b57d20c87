import { http, HttpResponse } from 'msw';
import { ClockUpdate, FaultConfig } from './controls-schemas.ts';
import { readJson } from './body.ts';
import { corsHeaders, preflight, withHeaders } from './cors.ts';
import { problem } from './problem.ts';
import type { Runtime } from './runtime.ts';

const anyOrigin = () => true;

/** Wraps a stub-only route: any origin may call it (it exists only in the stub). */
function controlRoute(handle: (request: Request) => Promise<Response>) {
  return async ({ request }: { request: Request }) => withHeaders(await handle(request), corsHeaders(request.headers.get('origin'), anyOrigin));
}

/** The stub's own routes: its clock, faults, reset and the OpenAPI document. */
export function controlHandlers(runtime: Runtime, reset: () => void) {
  const { base, intake, clock } = runtime;
  const clockView = () => HttpResponse.json({ now: clock.now().toISOString() });
  return [
    http.options(`${base}/__stub/*`, ({ request }) => preflight(request.headers.get('origin'), anyOrigin)),
    http.get(`${base}/__stub/clock`, controlRoute(async () => clockView())),
    http.post(
      `${base}/__stub/clock`,
      controlRoute(async (request) => {
        const body = await readJson(request, ClockUpdate);
        if (!body.ok) return body.response;
        if ('advanceSeconds' in body.value) clock.advance(body.value.advanceSeconds);
        else if (!clock.set(new Date(body.value.now))) return problem(409, 'The clock only moves forward.');
        intake.tick();
        return clockView();
      }),
    ),
    http.post(
      `${base}/__stub/faults`,
      controlRoute(async (request) => {
        const body = await readJson(request, FaultConfig);
        if (!body.ok) return body.response;
        runtime.faults = body.value;
        return new HttpResponse(null, { status: 204 });
      }),
    ),
    http.post(
      `${base}/__stub/reset`,
      controlRoute(async () => {
        reset();
        return new HttpResponse(null, { status: 204 });
      }),
    ),
    http.get(`${base}/openapi.json`, controlRoute(async () => HttpResponse.json(runtime.openapi() as object))),
  ];
}

/** Problem-details 404s for any other path under `/v1/` and `/__stub/`; register them last. */
export function fallbackHandlers(runtime: Runtime) {
  const { base } = runtime;
  return [
    http.all(`${base}/v1/*`, controlRoute(async (request) => problem(404, `No route ${request.method} ${new URL(request.url).pathname}.`))),
    http.all(`${base}/__stub/*`, controlRoute(async (request) => problem(404, `No route ${request.method} ${new URL(request.url).pathname}.`))),
  ];
}
