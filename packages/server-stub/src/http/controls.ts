import { ClockUpdate, ClockView, FaultConfig } from './controls-schemas.ts';
import { problem } from './problem.ts';
import type { MountableRoute, RouteHandlers } from './router.ts';
import type { Credentials, Runtime } from './runtime.ts';
import { stubHomePage } from './home.ts';

/**
 * The stub's own routes, beside the contract's: its test controls (with the `control`
 * credential: the control token), the OpenAPI document and a home page. Mounted,
 * documented and tested from this table as the contract's are.
 */
export const STUB_ROUTES = {
  home: {
    method: 'GET',
    path: '/',
    credential: 'none',
    audience: 'meta',
    summary: 'What this server is (an HTML page)',
    responses: { 200: { description: 'A page with links to the OpenAPI document and the docs.', mediaType: 'text/html' } },
    problems: [],
  },
  readOpenApi: {
    method: 'GET',
    path: '/openapi.json',
    credential: 'none',
    audience: 'meta',
    summary: 'This document',
    responses: { 200: { description: 'The OpenAPI 3.1 document.' } },
    problems: [],
  },
  readClock: {
    method: 'GET',
    path: '/__stub/clock',
    credential: 'control',
    audience: 'stub',
    summary: 'Read the stub’s clock (stub only)',
    responses: { 200: { description: 'The stub’s now.', body: ClockView } },
    problems: [401],
  },
  moveClock: {
    method: 'POST',
    path: '/__stub/clock',
    credential: 'control',
    audience: 'stub',
    summary: 'Move the stub’s clock (stub only)',
    body: ClockUpdate,
    responses: { 200: { description: 'The new now.', body: ClockView } },
    problems: [400, 401, 409],
  },
  setFaults: {
    method: 'POST',
    path: '/__stub/faults',
    credential: 'control',
    audience: 'stub',
    summary: 'Inject faults on reporter routes (stub only)',
    body: FaultConfig,
    responses: { 204: { description: 'Faults set; `{ "rate": 0 }` ends them.' } },
    problems: [400, 401],
  },
  reset: {
    method: 'POST',
    path: '/__stub/reset',
    credential: 'control',
    audience: 'stub',
    summary: 'Start over from the seed (stub only)',
    responses: { 204: { description: 'Reset.' } },
    problems: [401],
  },
} as const satisfies Record<string, MountableRoute>;

/** The stub's own handlers: its clock, faults, reset, the OpenAPI document and the home page. */
export function controlHandlers(runtime: Runtime, reset: () => Promise<void>): RouteHandlers<typeof STUB_ROUTES, Credentials> {
  const { intake, clock } = runtime;
  const now = () => ({ now: clock.now().toISOString() });
  return {
    home: ({ request }) =>
      new Response(stubHomePage(runtime.links(request).baseUrl), {
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" },
      }),
    readOpenApi: () => Response.json(runtime.openapi()),
    readClock: () => ({ status: 200, body: now() }),
    moveClock: async ({ body }) => {
      const before = clock.now().getTime();
      if ('advanceSeconds' in body) clock.advance(body.advanceSeconds);
      else if (!clock.set(new Date(body.now))) return problem(409, 'The clock only moves forward.');
      await runtime.clockMoved((clock.now().getTime() - before) / 1000);
      await intake.tick();
      return { status: 200, body: now() };
    },
    setFaults: ({ body }) => {
      runtime.faults = body;
      return { status: 204, body: null };
    },
    reset: async () => {
      await reset();
      return { status: 204, body: null };
    },
  };
}
