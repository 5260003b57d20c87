import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BASE, draft, STAFF, START, useStub } from './support/harness.ts';

const { stub, call, submit, receipt, asReporter } = useStub();

describe('POST /v1/reports', () => {
  it('stores a report and answers the receipt with the acknowledgement deadline', async () => {
    const response = await submit();
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ state: 'received', receivedAt: START, acknowledgeBy: '2026-11-28T09:00:00.000Z' });
    expect(response.body.id).toMatch(/^rpt_/);
    expect(response.body.trackingToken.length).toBeGreaterThanOrEqual(16);
    expect(response.body.statusUrl).toBe(`http://intake.test/v1/reports/${response.body.id}`);
    expect(response.headers.get('location')).toBe(response.body.statusUrl);
    expect(Object.keys(stub.state.reports)).toEqual([response.body.id]);
  });

  it('answers a replay with the same receipt and stores nothing twice', async () => {
    const key = randomUUID();
    const first = await submit(draft(), 'pk_test_acme', key);
    const again = await submit(draft(), 'pk_test_acme', key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(Object.keys(stub.state.reports)).toHaveLength(1);
  });

  it('treats the same content with keys in another order as the same body', async () => {
    const key = randomUUID();
    await submit({ kind: 'bug', title: 't', description: 'd' }, 'pk_test_acme', key);
    const again = await submit({ description: 'd', title: 't', kind: 'bug' }, 'pk_test_acme', key);
    expect(again.status).toBe(200);
  });

  it('refuses the same key with another body with 422 and stores nothing more', async () => {
    const key = randomUUID();
    await submit(draft(), 'pk_test_acme', key);
    const other = await submit(draft({ title: 'Something else' }), 'pk_test_acme', key);
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body).toMatchObject({ status: 422, type: 'urn:vuln-report:problem:idempotency-key-reused' });
    expect(Object.keys(stub.state.reports)).toHaveLength(1);
  });

  it('keeps idempotency keys apart per project key', async () => {
    const key = randomUUID();
    expect((await submit(draft(), 'pk_test_acme', key)).status).toBe(201);
    expect((await submit(draft(), 'pk_test_globex', key)).status).toBe(201);
  });

  it('names every invalid field in problem details and stores nothing', async () => {
    const response = await submit({ kind: 'nope', title: '', description: 'x', reporter: { email: 'not-an-email' }, extra: 1 });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('urn:vuln-report:problem:validation-failed');
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['extra', 'kind', 'reporter.email', 'title']);
    expect(stub.state.reports).toEqual({});
    expect(stub.state.idempotency).toEqual({});
  });

  it.each([
    [{}, 401],
    [{ 'X-Project-Key': 'pk_unknown' }, 401],
    [{ 'X-Project-Key': 'pk_test_acme', Origin: 'https://evil.example' }, 403],
  ])('refuses credentials %j with %i', async (headers, status) => {
    const response = await call('POST', '/v1/reports', { body: draft(), headers: { 'Idempotency-Key': randomUUID(), ...headers } });
    expect(response.status).toBe(status);
    expect(response.body.status).toBe(status);
    expect(stub.state.reports).toEqual({});
  });

  it('accepts browser requests from the origins the key lists, on any port', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:9999', 'http://localhost']) {
      const response = await submit(draft(), 'pk_test_acme', randomUUID(), { Origin: origin });
      expect(response.status).toBe(201);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    }
    expect((await submit(draft(), 'pk_test_acme', randomUUID(), { Origin: 'http://localhost.evil.example:80' })).status).toBe(403);
  });

  it.each([undefined, 'not-a-uuid'])('requires an Idempotency-Key that is a UUID (%s)', async (key) => {
    const headers: Record<string, string> = { 'X-Project-Key': 'pk_test_acme', ...(key ? { 'Idempotency-Key': key } : {}) };
    const response = await call('POST', '/v1/reports', { body: draft(), headers });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('Idempotency-Key');
  });

  it('refuses malformed JSON and other media types without storing', async () => {
    const headers = { 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': randomUUID() };
    const broken = await call('POST', '/v1/reports', { raw: '{"kind":', headers: { ...headers, 'Content-Type': 'application/json' } });
    expect(broken.status).toBe(400);
    const text = await call('POST', '/v1/reports', { raw: 'hello', headers: { ...headers, 'Content-Type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(stub.state.reports).toEqual({});
  });

  it('refuses a body over 256 KiB with 413', async () => {
    const response = await submit(draft({ description: 'x'.repeat(300 * 1024) }));
    expect(response.status).toBe(413);
    expect(stub.state.reports).toEqual({});
  });

  it('sets dataLossSuspected when the reporter saw data they should not have', async () => {
    const { id, trackingToken } = await receipt(draft({ sawSensitiveData: true }));
    const view = await asReporter('GET', `/v1/reports/${id}`, trackingToken);
    expect(view.body.dataLossSuspected).toBe(true);
  });
});

describe('multipart intake', () => {
  function form(parts: Array<[string, Blob | string, string?]>) {
    const body = new FormData();
    for (const [name, value, filename] of parts) {
      if (typeof value === 'string') body.append(name, value);
      else body.append(name, value, filename);
    }
    return body;
  }
  const send = (body: FormData, key = randomUUID()) => call('POST', '/v1/reports', { raw: body, headers: { 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': key } });

  it('stores attachments beside the report part', async () => {
    const response = await send(
      form([
        ['report', JSON.stringify(draft())],
        ['attachments', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])], { type: 'image/png' }), 'screen.png'],
        ['attachments', new Blob(['log line'], { type: 'text/plain' }), '../../etc/passwd'],
      ]),
    );
    expect(response.status).toBe(201);
    const stored = stub.state.reports[response.body.id]!;
    expect(stored.attachments.map(({ name, type, size }) => ({ name, type, size }))).toEqual([
      { name: 'screen.png', type: 'image/png', size: 9 },
      { name: 'passwd', type: 'text/plain', size: 8 },
    ]);
  });

  it('recognises a replay of the same multipart body', async () => {
    const key = randomUUID();
    const make = () => form([['report', JSON.stringify(draft())], ['attachments', new Blob(['a'], { type: 'text/plain' }), 'a.txt']]);
    const first = await send(make(), key);
    const again = await send(make(), key);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('refuses an attachment of a type outside the contract, naming it', async () => {
    const response = await send(form([['report', JSON.stringify(draft())], ['attachments', new Blob(['MZ'], { type: 'application/x-msdownload' }), 'a.exe']]));
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('attachments.0.type');
    expect(stub.state.reports).toEqual({});
  });

  it('refuses an attachment over 5 MiB with 413', async () => {
    const big = new Blob([new Uint8Array(5 * 1024 * 1024 + 1)], { type: 'image/png' });
    const response = await send(form([['report', JSON.stringify(draft())], ['attachments', big, 'big.png']]));
    expect(response.status).toBe(413);
    expect(stub.state.reports).toEqual({});
  });

  it('refuses more than five attachments', async () => {
    const parts: Array<[string, Blob | string, string?]> = [['report', JSON.stringify(draft())]];
    for (let i = 0; i < 6; i++) parts.push(['attachments', new Blob(['x'], { type: 'text/plain' }), `${i}.txt`]);
    const response = await send(form(parts));
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('attachments');
  });

  it('requires the report part', async () => {
    const response = await send(form([['attachments', new Blob(['x'], { type: 'text/plain' }), 'a.txt']]));
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('report');
  });
});

describe('links', () => {
  it('keeps the path the stub is mounted under in the receipt’s status URL', async () => {
    const response = await call('POST', '/intake/v1/reports', { body: draft(), headers: { 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': randomUUID() } });
    expect(response.status).toBe(201);
    expect(response.body.statusUrl).toBe(`http://intake.test/intake/v1/reports/${response.body.id}`);
  });
});

describe('attachments for staff', () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

  async function withAttachment(name: string, blob: Blob) {
    const body = new FormData();
    body.append('report', JSON.stringify(draft()));
    body.append('attachments', blob, name);
    const response = await call('POST', '/v1/reports', { raw: body, headers: { 'X-Project-Key': 'pk_test_acme', 'Idempotency-Key': randomUUID() } });
    expect(response.status).toBe(201);
    const stored = stub.state.reports[response.body.id]!;
    return { id: stored.id, attachmentId: stored.attachments[0]!.id };
  }

  it('serves the file as sent, as a download that no browser renders in the intake’s origin, and logs the download', async () => {
    const { id, attachmentId } = await withAttachment('Скриншот 1.png', new Blob([PNG], { type: 'image/png' }));
    const response = await fetch(`${BASE}/v1/triage/reports/${id}/attachments/${attachmentId}`, { headers: STAFF });
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="________ 1.png"; filename*=UTF-8''${encodeURIComponent('Скриншот 1.png')}`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    expect(stub.state.activityLog.at(-1)).toMatchObject({ action: 'report.attachment.read', target: `${id}/${attachmentId}`, tenants: [stub.intake.blind('acme', 'test')] });
  });

  it('gives no file to a reporter, nothing for an unknown attachment, and nothing across reports', async () => {
    const first = await withAttachment('a.png', new Blob([PNG], { type: 'image/png' }));
    const second = await withAttachment('b.png', new Blob([PNG], { type: 'image/png' }));
    expect((await call('GET', `/v1/triage/reports/${first.id}/attachments/${first.attachmentId}`)).status).toBe(401);
    expect((await call('GET', `/v1/triage/reports/${first.id}/attachments/att_unknown`, { headers: STAFF })).status).toBe(404);
    expect((await call('GET', `/v1/triage/reports/${first.id}/attachments/${second.attachmentId}`, { headers: STAFF })).status).toBe(404);
  });
});
