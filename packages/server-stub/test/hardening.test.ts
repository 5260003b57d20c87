import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubServer, type StubServer } from '../src/run/node-server.ts';
import { draft } from './support/harness.ts';
import { HARDENING_LIMITS, itResistsHttpAttacks } from './support/http-hardening.ts';

const CONTROL = { Authorization: 'Bearer stub_control_token' };

describe('the standalone stub, attacked', () => {
  let server: StubServer;
  beforeAll(async () => {
    server = await startStubServer({
      port: 0,
      publicUrl: 'https://intake.vendor.example',
      limits: HARDENING_LIMITS,
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

  itResistsHttpAttacks(async () => server);
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
