import { randomUUID } from 'node:crypto';
import { signCustomerToken } from '@vuln-report/sdk/node';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createManualClock, type MovableClock } from '../../src/core/clock.ts';
import { createStub, type StubOptions } from '../../src/stub.ts';

/** Where the stub answers in these tests. */
export const BASE = 'http://intake.test';
/** The moment every test starts at. */
export const START = '2026-11-26T09:00:00.000Z';
export const STAFF = { Authorization: 'Bearer staff_test_token' };

/** A customer token of the seed, signed as a host backend would (test mode unless a live secret key is given). */
export function customerToken(tenant = 'acme', options: { sub?: string; email?: string; secretKey?: string; now?: Date } = {}) {
  return signCustomerToken({
    secretKey: options.secretKey ?? `sk_test_${tenant}`,
    tenant,
    sub: options.sub ?? 'user-1',
    email: options.email ?? `user-1@${tenant}.example`,
    now: options.now ?? new Date(START),
  });
}

/** A minimal valid draft, with overrides. */
export function draft(overrides: Record<string, unknown> = {}) {
  return { kind: 'vulnerability', title: 'Stored XSS in project names', description: 'A script in a project name runs for every viewer.', ...overrides };
}

/**
 * Starts the stub under msw/node for the file's tests, on a manual clock at START,
 * reset before each test. Returns helpers that speak HTTP to it through fetch.
 */
export function useStub(options: StubOptions = {}) {
  const clock = testClock(new Date(START));
  const stub = createStub({ clock, rateLimit: false, ...options });
  const server = setupServer(...stub.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    stub.reset();
    clock.rewind(new Date(START));
  });
  afterAll(() => server.close());

  type Init = { body?: unknown; headers?: Record<string, string>; raw?: BodyInit };
  async function exchange(send: (request: Request) => Promise<Response>, method: string, path: string, init: Init = {}) {
    const headers: Record<string, string> = { ...init.headers };
    let body: BodyInit | undefined = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await send(new Request(`${BASE}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }));
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    const json = text && isJson ? (JSON.parse(text) as any) : text || undefined;
    return { status: response.status, headers: response.headers, body: json };
  }
  /** A request through `fetch`, as a client sends it (MSW intercepts it). */
  const call = (method: string, path: string, init?: Init) => exchange((request) => fetch(request), method, path, init);
  /** The same request handed to the stub directly, with no interception: for tests that send tens of thousands. */
  const handle = (method: string, path: string, init?: Init) =>
    exchange(async (request) => (await stub.handle(request)) ?? new Response(null, { status: 404 }), method, path, init);

  /** Submits a report as tenant `key` and returns the response. */
  function submit(body: unknown = draft(), key = 'pk_test_acme', idempotencyKey: string = randomUUID(), headers: Record<string, string> = {}) {
    return call('POST', '/v1/reports', { body, headers: { 'X-Project-Key': key, 'Idempotency-Key': idempotencyKey, ...headers } });
  }

  /** Submits a report and returns its receipt, failing the test if it was not stored. */
  async function receipt(body: unknown = draft(), key = 'pk_test_acme') {
    const response = await submit(body, key);
    if (response.status !== 201) throw new Error(`intake answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as { id: string; trackingToken: string; statusUrl: string; acknowledgeBy: string; receivedAt: string };
  }

  const staff = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(method, path, { ...(body !== undefined ? { body } : {}), headers: { ...STAFF, ...headers } });
  /** Calls the stub's test controls with the control token. */
  const control = (method: string, path: string, body?: unknown) =>
    call(method, path, { ...(body !== undefined ? { body } : {}), headers: { Authorization: 'Bearer stub_control_token' } });
  const asReporter = (method: string, path: string, token: string, body?: unknown) =>
    call(method, path, { ...(body !== undefined ? { body } : {}), headers: { Authorization: `Bearer ${token}` } });

  /** Calls as a signed-in customer of `tenant` (see {@link customerToken}), the token issued at the clock's now. */
  const asCustomer = (method: string, path: string, tenant = 'acme', body?: unknown, options: Parameters<typeof customerToken>[1] = {}) =>
    call(method, path, { ...(body !== undefined ? { body } : {}), headers: { Authorization: `Bearer ${customerToken(tenant, { now: clock.now(), ...options })}` } });

  return { stub, clock, server, call, handle, control, submit, receipt, staff, asReporter, asCustomer };
}

/** A manual clock that the harness may also rewind between tests (the stub's own clocks never go back). */
function testClock(start: Date): MovableClock & { rewind(to: Date): void } {
  let inner = createManualClock(start);
  return {
    now: () => inner.now(),
    advance: (seconds) => inner.advance(seconds),
    set: (time) => inner.set(time),
    rewind(to) {
      inner = createManualClock(to);
    },
  };
}
