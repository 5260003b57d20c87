import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeServer } from '../src/server.ts';
import { call, draft, freshSchema, postgresUnreachable, TEST_DATABASE_URL, startTestServer } from './support/server.ts';
import { bodyOf, raw } from '../../server-stub/test/support/raw-http.ts';

const unreachable = await postgresUnreachable();


/** The stub's hardening tests that concern the HTTP adapter, against the server: they share it. */
describe.skipIf(unreachable)('the server, attacked', () => {
  const { schema, drop } = freshSchema();
  let server: IntakeServer;
  beforeAll(async () => {
    server = await startTestServer({
      port: 0,
      databaseUrl: TEST_DATABASE_URL,
      schema,
      publicUrl: 'https://intake.vendor.example',
      limits: { headersTimeoutMs: 600, requestTimeoutMs: 1_500, checkIntervalMs: 100 },
    });
  });
  afterAll(async () => {
    await server?.close();
    await drop();
  });

  it('has no test controls: /__stub/* is not there', async () => {
    for (const path of ['/__stub/reset', '/__stub/clock', '/__stub/faults']) {
      const response = await call(`${server.url}${path}`, { method: 'POST', headers: { Authorization: 'Bearer stub_control_token' }, body: {} });
      expect(response.status, path).toBe(404);
    }
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
  });

  it('answers TRACE with 405 and Allow, a malformed request line with 400, an oversized head with 431', async () => {
    const trace = await raw(server.port, { text: `TRACE /v1/reports HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n` });
    expect(trace.text).toMatch(/^HTTP\/1.1 405/);
    expect(trace.text).toMatch(/\r\nallow: [^\r]*POST/i);
    const garbage = await raw(server.port, { text: 'GET /v1/release-notes HTTP/1.1 extra\r\n\r\n' });
    expect(bodyOf(garbage.text)).toMatchObject({ status: 400, title: 'Bad Request' });
    const huge = await raw(server.port, { text: `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n` });
    expect(huge.text).toMatch(/^HTTP\/1.1 431/);
  });

  it('refuses a body over the limit with 413 and cuts off a client that trickles its headers', async () => {
    const big = await fetch(`${server.url}/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID() },
      body: 'x'.repeat(40 * 1024 * 1024),
    }).catch((error: unknown) => error);
    if (big instanceof Response) expect(big.status).toBe(413);
    const slow = await raw(server.port, { text: 'GET /v1/release-notes HTTP/1.1\r\n' }, ...Array.from({ length: 30 }, () => ({ text: 'X-Slow: 1\r\n', afterMs: 100 })));
    expect(slow.closedAfterMs).toBeLessThan(600 + 100 + 700);
    expect(slow.text).toMatch(/^HTTP\/1.1 408/);
  });
});
