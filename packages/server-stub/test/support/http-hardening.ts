import { beforeAll, expect, it } from 'vitest';
import { draft } from './harness.ts';
import { bodyOf, raw } from './raw-http.ts';

/** An intake listening through the shared node:http adapter, started with `publicUrl: https://intake.vendor.example` and the limits below. */
export interface HardenedIntake {
  url: string;
  port: number;
}

/** The HTTP limits the suite's intake must be started with, so trickling clients are cut off within a test's time. */
export const HARDENING_LIMITS = { headersTimeoutMs: 600, requestTimeoutMs: 1_500, checkIntervalMs: 100 };

/**
 * The attacks on the HTTP adapter (`listenHttp`) that the stub and the server share, run
 * against either: host names, absolute-form targets, methods, malformed and oversized
 * heads, bodies over the limit, and trickling clients. `start` is called once, before them.
 */
export function itResistsHttpAttacks(start: () => Promise<HardenedIntake>) {
  let intake: HardenedIntake;
  beforeAll(async () => {
    intake = await start();
  });
  const head = (line: string, rest = '') => `${line}\r\nHost: 127.0.0.1:${intake.port}\r\n${rest}Connection: close\r\n\r\n`;

  it('answers only its own host names (no DNS rebinding)', async () => {
    const rebound = await raw(intake.port, { text: 'GET /v1/release-notes HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n' });
    expect(rebound.text).toMatch(/^HTTP\/1.1 421/);
    const own = await raw(intake.port, { text: `GET /v1/release-notes HTTP/1.1\r\nHost: localhost:${intake.port}\r\nConnection: close\r\n\r\n` });
    expect(own.text).toMatch(/^HTTP\/1.1 200/);
  });

  it('builds links from the public URL, never from an absolute-form target or the Host header', async () => {
    const body = JSON.stringify(draft());
    const response = await raw(intake.port, {
      text:
        `POST http://127.0.0.1:${intake.port}/v1/reports HTTP/1.1\r\nHost: 127.0.0.1:${intake.port}\r\nContent-Type: application/json\r\n` +
        `X-Project-Key: pk_test_acme\r\nIdempotency-Key: ${crypto.randomUUID()}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    });
    expect(response.text).toMatch(/^HTTP\/1.1 201/);
    expect(bodyOf(response.text).statusUrl).toMatch(/^https:\/\/intake\.vendor\.example\/v1\/reports\/rpt_/);
    const foreign = await raw(intake.port, { text: `GET http://evil.example/v1/release-notes HTTP/1.1\r\nHost: 127.0.0.1:${intake.port}\r\nConnection: close\r\n\r\n` });
    expect(foreign.text).toMatch(/^HTTP\/1.1 421/);
  });

  it('answers TRACE and other methods a path does not take with 405 and Allow, never a 500', async () => {
    const trace = await raw(intake.port, { text: head('TRACE /v1/reports HTTP/1.1') });
    expect(trace.text).toMatch(/^HTTP\/1.1 405/);
    expect(trace.text).toMatch(/\r\nallow: POST, GET\r\n/i);
    expect(bodyOf(trace.text)).toMatchObject({ status: 405, title: 'Method Not Allowed' });
  });

  it('answers a malformed request line and an oversized head with problem details', async () => {
    const garbage = await raw(intake.port, { text: 'GET /v1/release-notes HTTP/1.1 extra\r\n\r\n' });
    expect(garbage.text).toMatch(/^HTTP\/1.1 400/);
    expect(bodyOf(garbage.text)).toMatchObject({ status: 400, title: 'Bad Request' });
    const huge = await raw(intake.port, { text: head('GET / HTTP/1.1', `X-Big: ${'a'.repeat(20_000)}\r\n`) });
    expect(huge.text).toMatch(/^HTTP\/1.1 431/);
    expect(bodyOf(huge.text)).toMatchObject({ status: 431 });
  });

  it('refuses a body over the limit with 413', async () => {
    const big = await fetch(`${intake.url}/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': crypto.randomUUID() },
      body: 'x'.repeat(40 * 1024 * 1024),
    }).catch((error: unknown) => error);
    // The intake may answer before the client has sent it all, and close: then the client sees the connection end.
    if (big instanceof Response) expect(big.status).toBe(413);
    else expect(big).toBeInstanceOf(Error);
  });

  it('cuts off a client that trickles its headers, within the headers timeout', async () => {
    const slow = await raw(intake.port, { text: 'GET /v1/release-notes HTTP/1.1\r\n' }, ...Array.from({ length: 30 }, () => ({ text: 'X-Slow: 1\r\n', afterMs: 100 })));
    expect(slow.closedAfterMs).toBeLessThan(HARDENING_LIMITS.headersTimeoutMs + 100 + 700);
    expect(slow.text).toMatch(/^HTTP\/1.1 408/);
  });

  it('cuts off a client that trickles its body, within the request timeout', async () => {
    const slow = await raw(
      intake.port,
      { text: `POST /v1/reports HTTP/1.1\r\nHost: 127.0.0.1:${intake.port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{` },
      ...Array.from({ length: 40 }, () => ({ text: ' ', afterMs: 100 })),
    );
    expect(slow.closedAfterMs).toBeLessThan(HARDENING_LIMITS.requestTimeoutMs + 100 + 1_000);
  });
}
