import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubServer, type StubServer } from '../src/run/node-server.ts';
import { draft } from './support/harness.ts';
import { bodyOf, raw } from './support/raw-http.ts';

const CONTROL = { Authorization: 'Bearer stub_control_token' };


describe('the standalone stub, attacked', () => {
  let server: StubServer;
  beforeAll(async () => {
    server = await startStubServer({
      port: 0,
      publicUrl: 'https://intake.vendor.example',
      limits: { headersTimeoutMs: 600, requestTimeoutMs: 1_500, checkIntervalMs: 100 },
    });
  });
  afterAll(() => server.close());

  it('refuses the test controls without the control token, and names no cause a page could use', async () => {
    const wiped = await fetch(`${server.url}/__stub/reset`, { method: 'POST' });
    expect(wiped.status).toBe(401);
    expect(await wiped.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    const clock = await fetch(`${server.url}/__stub/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"advanceSeconds":60}' });
    expect(clock.status).toBe(401);
    expect((await fetch(`${server.url}/__stub/clock`, { headers: CONTROL })).status).toBe(200);
  });

  it('does not let a cross-site page read the controls, even with the token', async () => {
    const preflight = await fetch(`${server.url}/__stub/reset`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(`${server.url}/__stub/faults`, { method: 'POST', headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' }, body: '{"rate":1}' });
    expect(post.status).toBe(401);
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    const console = await fetch(`${server.url}/__stub/clock`, { headers: { ...CONTROL, Origin: 'http://localhost:5173' } });
    expect(console.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('answers only its own host names (no DNS rebinding)', async () => {
    const rebound = await raw(server.port, { text: 'GET /v1/release-notes HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n' });
    expect(rebound.text).toMatch(/^HTTP\/1.1 421/);
    const own = await raw(server.port, { text: `GET /v1/release-notes HTTP/1.1\r\nHost: localhost:${server.port}\r\nConnection: close\r\n\r\n` });
    expect(own.text).toMatch(/^HTTP\/1.1 200/);
  });

  it('builds links from the public URL, never from an absolute-form target or the Host header', async () => {
    const body = JSON.stringify(draft());
    const response = await raw(server.port, {
      text:
        `POST http://127.0.0.1:${server.port}/v1/reports HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\n` +
        `X-Project-Key: pk_test_acme\r\nIdempotency-Key: ${crypto.randomUUID()}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    });
    expect(response.text).toMatch(/^HTTP\/1.1 201/);
    expect(bodyOf(response.text).statusUrl).toMatch(/^https:\/\/intake\.vendor\.example\/v1\/reports\/rpt_/);
    const foreign = await raw(server.port, { text: `GET http://evil.example/v1/release-notes HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n` });
    expect(foreign.text).toMatch(/^HTTP\/1.1 421/);
  });

  it('answers TRACE and other methods a path does not take with 405 and Allow, never a 500', async () => {
    const trace = await raw(server.port, { text: `TRACE /v1/reports HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n` });
    expect(trace.text).toMatch(/^HTTP\/1.1 405/);
    expect(trace.text).toMatch(/\r\nallow: POST, GET\r\n/i);
    expect(bodyOf(trace.text)).toMatchObject({ status: 405, title: 'Method Not Allowed' });
  });

  it('answers a malformed request line and an oversized head with problem details', async () => {
    const garbage = await raw(server.port, { text: 'GET /v1/release-notes HTTP/1.1 extra\r\n\r\n' });
    expect(garbage.text).toMatch(/^HTTP\/1.1 400/);
    expect(bodyOf(garbage.text)).toMatchObject({ status: 400, title: 'Bad Request' });
    const huge = await raw(server.port, { text: `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n` });
    expect(huge.text).toMatch(/^HTTP\/1.1 431/);
    expect(bodyOf(huge.text)).toMatchObject({ status: 431 });
  });

  it('cuts off a client that trickles its headers, within the headers timeout', async () => {
    const slow = await raw(
      server.port,
      { text: 'GET /v1/release-notes HTTP/1.1\r\n' },
      ...Array.from({ length: 30 }, () => ({ text: 'X-Slow: 1\r\n', afterMs: 100 })),
    );
    expect(slow.closedAfterMs).toBeLessThan(600 + 100 + 700);
    expect(slow.text).toMatch(/^HTTP\/1.1 408/);
  });

  it('cuts off a client that trickles its body, within the request timeout', async () => {
    const slow = await raw(
      server.port,
      { text: `POST /v1/reports HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{` },
      ...Array.from({ length: 40 }, () => ({ text: ' ', afterMs: 100 })),
    );
    expect(slow.closedAfterMs).toBeLessThan(1_500 + 100 + 1_000);
  });
});

/** A request from a given loopback address (127.0.0.0/8 is all this machine), so the stub sees distinct clients. */
function from(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, localAddress }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('rate limits', () => {
  it('stops a client guessing staff tokens, and only that client', async () => {
    const server = await startStubServer({ port: 0 });
    try {
      const guess = (address: string, token: string) => from(address, `${server.url}/v1/triage/sla`, { headers: { Authorization: `Bearer ${token}` } });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push(await guess('127.0.0.2', `staff_guess_${i}`));
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual([429, 429]);
      // The guesser's next guess is refused unchecked; a valid token from the same address still works (behind a
      // proxy, one guesser must not lock every member of staff out), and so does another client.
      expect(await guess('127.0.0.2', 'staff_guess_next')).toBe(429);
      expect(await guess('127.0.0.2', 'staff_test_token')).toBe(200);
      expect(await guess('127.0.0.3', 'staff_test_token')).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('keeps one client of a tenant from using up the allowance of another client of the same tenant', async () => {
    const server = await startStubServer({ port: 0, rateLimit: { perKeyAndClient: { capacity: 3, refillPerSecond: 0.01 } } });
    try {
      const send = (address: string) =>
        from(address, `${server.url}/v1/reports`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID() },
          body: JSON.stringify(draft()),
        });
      const greedy: number[] = [];
      for (let i = 0; i < 5; i++) greedy.push(await send('127.0.0.4'));
      expect(greedy).toEqual([201, 201, 201, 429, 429]);
      expect(await send('127.0.0.5')).toBe(201);
    } finally {
      await server.close();
    }
  });
});
