import { ROUTES } from '@vuln-report/contract/routes';
import { describe, expect, it } from 'vitest';
import { createRouter, type MountableRoute } from '../src/http/router.ts';
import { STUB_ROUTE_TABLE } from '../src/stub.ts';
import { useStub } from './support/harness.ts';

const { call } = useStub();

/** A handler for every name in `table`, each answering its own name. */
function namedHandlers(table: Record<string, MountableRoute>) {
  return Object.fromEntries(Object.keys(table).map((name) => [name, () => new Response(name)]));
}

function routerOver(routes: Record<string, MountableRoute>, handlers: Record<string, () => Response>) {
  return createRouter({
    routes,
    handlers: handlers as never,
    authenticate: () => ({ ok: true, value: undefined }),
    readJson: async () => ({ ok: true, value: undefined }),
    readQuery: () => ({ ok: true, value: undefined }),
    preflight: () => new Response(null, { status: 204 }),
  });
}

describe('the route table', () => {
  it('refuses to mount a handler that has no table entry', () => {
    const { resolveReport: _left, ...withoutOne } = STUB_ROUTE_TABLE;
    expect(() => routerOver(withoutOne, namedHandlers(STUB_ROUTE_TABLE))).toThrow('handlers with no table entry: resolveReport');
  });

  it('refuses to mount a table entry that has no handler', () => {
    const { readSla: _left, ...handlers } = namedHandlers(STUB_ROUTE_TABLE);
    expect(() => routerOver(STUB_ROUTE_TABLE, handlers)).toThrow('routes with no handler: readSla');
  });

  it('sends each request to the handler of its method and path, whatever the path is mounted under', async () => {
    const router = routerOver(STUB_ROUTE_TABLE, namedHandlers(STUB_ROUTE_TABLE));
    for (const [name, route] of Object.entries(STUB_ROUTE_TABLE)) {
      const path = route.path.replace('{id}', 'rpt_1');
      for (const mount of ['', '/intake', '/a/b']) {
        const response = await router.handle(new Request(`http://intake.test${mount}${path}`, { method: route.method }));
        expect(await response?.text(), `${route.method} ${mount}${path}`).toBe(name);
      }
    }
  });

  it('holds every route the contract fixes, each once', () => {
    const keys = Object.values(ROUTES).map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(['POST /v1/reports', 'GET /v1/reports/{id}', 'POST /v1/triage/reports/{id}/resolve', 'POST /v1/triage/evidence-requests/{id}/fulfil']));
  });
});

describe('the stub serves its table', () => {
  it('answers every route of the table, none with "no route"', async () => {
    for (const route of Object.values(STUB_ROUTE_TABLE)) {
      if (route.path === '/__stub/reset') continue;
      const response = await call(route.method, route.path.replace('{id}', 'rpt_unknown'));
      expect(response.status, `${route.method} ${route.path}`).not.toBe(405);
      expect(String(response.body?.detail ?? ''), `${route.method} ${route.path}`).not.toMatch(/^No route/);
    }
  });

  it('answers a path outside the table with a problem-details 404', async () => {
    const response = await call('GET', '/v1/no-such-route');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ status: 404, detail: 'No route GET /v1/no-such-route.' });
  });

  it('answers a known path with another method 405, with Allow', async () => {
    const response = await call('DELETE', '/v1/reports');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, GET');
    expect(response.body).toMatchObject({ status: 405, title: 'Method Not Allowed' });
    const clock = await call('PUT', '/__stub/clock');
    expect(clock.headers.get('allow')).toBe('GET, POST');
  });

  it('answers its home page as HTML with links to the OpenAPI document', async () => {
    const response = await call('GET', '/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.body).toContain('href="http://intake.test/openapi.json"');
  });
});
