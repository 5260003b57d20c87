import { describe, expect, it } from 'vitest';
import { ReportContext, validate } from '@vuln-report/contract';
import { AuthError, init, REDACTED, report, RequestError, TooLargeError, ValidationError } from '../../src/index.ts';
import { DRAFT, ENDPOINT, FAST, testClient, useStub } from '../support/node-vendor.ts';

const vendor = useStub();

describe('report() results', () => {
  it('is sent: the vendor stores it and the receipt comes back', async () => {
    const result = await testClient().report(DRAFT);
    expect(result.status).toBe('sent');
    if (result.status !== 'sent') return;
    expect(vendor.stored()).toHaveLength(1);
    const [stored] = vendor.stored();
    expect(stored!.draft).toMatchObject(DRAFT);
    expect(result.receipt).toEqual({
      id: stored!.id,
      trackingToken: stored!.trackingToken,
      state: 'received',
      receivedAt: stored!.receivedAt,
      acknowledgeBy: stored!.acknowledgeBy,
      statusUrl: `${ENDPOINT}/v1/reports/${stored!.id}`,
    });
    expect(result.receipt.trackingToken.length).toBeGreaterThanOrEqual(16);
  });

  it('sends a fresh UUID Idempotency-Key and the X-Project-Key', async () => {
    const client = testClient({ projectKey: 'pk_test_globex' });
    await client.report(DRAFT);
    await client.report(DRAFT);
    const keys = vendor.requests.map((request) => request.idempotencyKey);
    expect(new Set(keys).size).toBe(2);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The stub files each report under the tenant whose key was sent.
    expect(vendor.stored().map((report) => report.tenant)).toEqual(['globex', 'globex']);
  });

  it('declares its channel: sdk unless told it is the widget', async () => {
    await testClient().report(DRAFT);
    await testClient({ channel: 'widget' }).report(DRAFT);
    expect(vendor.stored().map((report) => report.channel).sort()).toEqual(['sdk', 'widget']);
  });

  it('is queued when the vendor cannot be reached', async () => {
    vendor.failNext(...Array(4).fill({ drop: true }));
    const client = testClient({ queueBackoff: { delayMs: 60_000 } });
    const result = await client.report(DRAFT);
    expect(result).toEqual({ status: 'queued', localId: expect.any(String) });
    expect(vendor.stored()).toHaveLength(0);
    expect(await client.pending()).toEqual([
      expect.objectContaining({ localId: (result as { localId: string }).localId, title: DRAFT.title, attempts: 0 }),
    ]);
  });

  it('is rejected with the problem when the vendor refuses it (400 names the fields)', async () => {
    const result = await testClient({
      // Drafts are valid on our side; make the vendor see a broken context instead.
      beforeSend: (outgoing) => ({ ...outgoing, context: { viewport: { width: -1, height: 1 } } }),
    }).report(DRAFT);
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    expect(result.problem).toMatchObject({ status: 400, type: 'urn:vuln-report:problem:validation-failed' });
    expect(result.problem.errors).toContainEqual(expect.objectContaining({ path: 'context.viewport.width' }));
    expect(result.error).toBeInstanceOf(ValidationError);
    expect(vendor.requests).toHaveLength(1);
  });

  it('is rejected with an AuthError for an unknown project key', async () => {
    const result = await testClient({ projectKey: 'pk_test_nobody' }).report(DRAFT);
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    expect(result.problem.status).toBe(401);
    expect(result.error).toBeInstanceOf(AuthError);
  });

  it('is rejected with a TooLargeError on 413, and with a RequestError on 422', async () => {
    // The vendor measures the body before reading it: a context past its JSON limit is a 413.
    const huge = testClient({ beforeSend: (outgoing) => ({ ...outgoing, context: { extra: { dump: 'x'.repeat(300_000) } } }) });
    const tooLarge = await huge.report(DRAFT);
    vendor.failNext({ status: 422 });
    const conflict = await testClient().report(DRAFT);
    expect(tooLarge.status === 'rejected' && tooLarge.error).toBeInstanceOf(TooLargeError);
    expect(conflict.status === 'rejected' && conflict.error).toBeInstanceOf(RequestError);
    expect(vendor.requests).toHaveLength(2);
  });

  it('is dropped when beforeSend returns null, and nothing is sent', async () => {
    const result = await testClient({ beforeSend: () => null }).report(DRAFT);
    expect(result).toEqual({ status: 'dropped' });
    expect(vendor.requests).toHaveLength(0);
  });
});

describe('report() throws for invalid drafts, naming the fields', () => {
  it.each([
    [{ ...DRAFT, title: '   ' }, 'title'],
    [{ ...DRAFT, kind: 'complaint' }, 'kind'],
    [{ ...DRAFT, reporter: { email: 'not an email' } }, 'reporter.email'],
    [{ ...DRAFT, cvss: 'high' }, 'cvss'],
    [{ ...DRAFT, cwe: ['CWE-79', 'XSS'] }, 'cwe.1'],
    [{ ...DRAFT, context: { url: 'https://example.com' } }, 'context'],
    [{ ...DRAFT, sevrity: 'high' }, 'sevrity'],
  ])('%j → %s', async (draft, path) => {
    const error = await testClient()
      .report(draft as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toContain(path);
    expect((error as ValidationError).problem).toMatchObject({ status: 400, errors: expect.any(Array) });
    expect(vendor.requests).toHaveLength(0);
  });

  it('checks a CVSS vector by its shape only: the intake checks its metrics, and refuses one that is not a vector', async () => {
    const result = await testClient().report({ ...DRAFT, cvss: 'CVSS:3.1/AV:N' });
    expect(result.status).toBe('rejected');
    if (result.status === 'rejected') expect(result.problem.errors?.map((issue) => issue.path)).toEqual(['cvss']);
    expect(vendor.requests).toHaveLength(1);
  });

  it('refuses attachments over the limits before sending', async () => {
    const big = new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'huge.png', { type: 'image/png' });
    const exe = new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' });
    const error = await testClient()
      .report(DRAFT, { attachments: [big, exe, ...Array(4).fill(new Blob(['x'], { type: 'text/plain' }))] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({ path: 'attachments', code: 'too_big' }),
      expect.objectContaining({ path: 'attachments.0', code: 'too_big' }),
      expect.objectContaining({ path: 'attachments.1', code: 'invalid_value' }),
    ]);
    expect(vendor.requests).toHaveLength(0);
  });

  it('throws a TypeError for a client without a usable endpoint or key', () => {
    expect(() => testClient({ endpoint: 'intake.example.com' })).toThrow(TypeError);
    expect(() => testClient({ projectKey: 'sk_live_secret' })).toThrow(TypeError);
  });
});

describe('sending', () => {
  it('sends attachments as multipart/form-data with a report part', async () => {
    const screenshot = new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], 'screen.png', { type: 'image/png' });
    const log = new Blob(['line 1\n'], { type: 'text/plain;charset=utf-8' });
    const result = await testClient().report(DRAFT, { attachments: [screenshot, log] });
    expect(result.status).toBe('sent');
    expect(vendor.stored()[0]!.attachments).toEqual([
      expect.objectContaining({ name: 'screen.png', type: 'image/png', size: 8, dataBase64: 'iVBORw0KGgo=' }),
      expect.objectContaining({ name: 'attachment-2', type: 'text/plain', size: 7, dataBase64: btoa('line 1\n') }),
    ]);
  });

  it('trims what the reporter typed and keeps markup as typed', async () => {
    await testClient().report({ ...DRAFT, title: '  <b>XSS</b> in title  ' });
    expect(vendor.stored()[0]!.draft.title).toBe('<b>XSS</b> in title');
  });

  it('sends a context that the contract accepts, with runtime and platform in Node', async () => {
    await testClient({ app: { name: 'console', version: '2.4.1' }, user: { id: 'u_1' }, extra: { plan: 'pro' } }).report(DRAFT, {
      extra: { screen: 'billing' },
    });
    const context = vendor.stored()[0]!.draft.context!;
    expect(validate(ReportContext, context).ok).toBe(true);
    expect(context).toMatchObject({
      runtime: { name: 'node', version: process.versions.node, platform: process.platform },
      app: { name: 'console', version: '2.4.1' },
      user: { id: 'u_1' },
      extra: { plan: 'pro', screen: 'billing' },
    });
    expect(context.timeZone).toEqual(expect.any(String));
  });

  it('captures nothing from the environment with capture: false', async () => {
    await testClient({ capture: false }).report(DRAFT);
    expect(Object.keys(vendor.stored()[0]!.draft.context!)).toEqual(['capturedAt']);
  });

  it('previewContext() shows what a report would carry; omitContext leaves out what the reporter removed', async () => {
    const client = testClient({ app: { name: 'console' }, extra: { plan: 'pro' } });
    const preview = client.previewContext({ screen: 'billing?session=abc' });
    expect(preview).toMatchObject({ app: { name: 'console' }, extra: { plan: 'pro', screen: `billing?session=${REDACTED}` } });
    expect(preview).toHaveProperty('runtime');
    await client.report(DRAFT, { extra: { screen: 'billing' }, omitContext: ['runtime', 'app'] });
    const context = vendor.stored()[0]!.draft.context!;
    expect(context).not.toHaveProperty('runtime');
    expect(context).not.toHaveProperty('app');
    expect(context.extra).toEqual({ plan: 'pro', screen: 'billing' });
  });

  it('switches single parts off', async () => {
    await testClient({ capture: { runtime: false } }).report(DRAFT);
    expect(vendor.stored()[0]!.draft.context).not.toHaveProperty('runtime');
    expect(vendor.stored()[0]!.draft.context).toHaveProperty('timeZone');
  });
});

describe('init() and report()', () => {
  it('report() before init() is a programmer error', async () => {
    await expect(report(DRAFT)).rejects.toThrow(/init/);
  });

  it('report() uses the client init() made', async () => {
    const client = init({ endpoint: ENDPOINT, projectKey: 'pk_test_acme', ...FAST });
    try {
      expect((await report(DRAFT)).status).toBe('sent');
      expect(vendor.stored()).toHaveLength(1);
    } finally {
      client.close();
    }
  });
});
