import { afterEach, describe, expect, it, vi } from 'vitest';
import { REDACTED, ValidationError } from '../../src/index.ts';
import { DRAFT, testClient, useStub } from '../support/node-vendor.ts';

const vendor = useStub();

describe('beforeSend', () => {
  it('sees the report after capture and redaction, and may change it', async () => {
    const seen = vi.fn();
    await testClient({
      extra: { callback: 'https://app.example/cb?code=s3cret' },
      beforeSend(report) {
        seen(report);
        return { ...report, title: `[beta] ${report.title}`, context: { ...report.context, extra: { ...report.context?.extra, tier: 'gold' } } };
      },
    }).report(DRAFT);
    expect(seen.mock.calls[0]![0].context.extra.callback).toBe(`https://app.example/cb?code=${REDACTED}`);
    const stored = vendor.stored()[0]!.draft;
    expect(stored.title).toBe(`[beta] ${DRAFT.title}`);
    expect(stored.context?.extra).toMatchObject({ tier: 'gold' });
  });

  it('may be async and may drop a report', async () => {
    const client = testClient({ beforeSend: async (report) => (report.title.includes('test') ? null : report) });
    expect(await client.report({ ...DRAFT, title: 'just a test' })).toEqual({ status: 'dropped' });
    expect((await client.report(DRAFT)).status).toBe('sent');
    expect(vendor.stored()).toHaveLength(1);
  });

  it('throws a ValidationError when it breaks the reporter fields', async () => {
    const client = testClient({ beforeSend: (report) => ({ ...report, title: '' }) });
    await expect(client.report(DRAFT)).rejects.toThrow(ValidationError);
    expect(vendor.requests).toHaveLength(0);
  });

  it('is not run again when a queued report is replayed: the body stays the same', async () => {
    const beforeSend = vi.fn((report) => report);
    vendor.failNext(...Array(4).fill({ drop: true }));
    const client = testClient({ beforeSend, queueBackoff: { delayMs: 60_000 } });
    await client.report(DRAFT);
    await client.flush();
    expect(beforeSend).toHaveBeenCalledTimes(1);
    expect(vendor.stored()).toHaveLength(1);
  });
});

describe('redaction of captured context', () => {
  it('applies the built-in patterns, then the host redact function with each path', async () => {
    const paths: string[] = [];
    await testClient({
      extra: { lastCall: 'POST /pay card=4111111111111111', note: 'customer 12-345' },
      redact(value, path) {
        paths.push(path);
        return value.replace(/customer \S+/, 'customer [id]');
      },
    }).report(DRAFT);
    const context = vendor.stored()[0]!.draft.context!;
    expect(context.extra).toEqual({ lastCall: `POST /pay card=${REDACTED}`, note: 'customer [id]' });
    expect(paths).toEqual(expect.arrayContaining(['extra.lastCall', 'extra.note', 'capturedAt']));
  });

  it('sends what the reporter typed as typed, secrets included (it may be the evidence)', async () => {
    const description = `The reset link https://app.example/reset?token=abc leaks, and so does ${'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'}`;
    await testClient().report({ ...DRAFT, description });
    expect(vendor.stored()[0]!.draft.description).toBe(description);
  });

  it('cuts captured strings to the contract limits after redacting them', async () => {
    // A JWT across the 2,048-character cut: cutting first would leave half of it unredacted.
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    await testClient({ extra: { long: `${'a'.repeat(2_030)} ${jwt}`, longer: 'b'.repeat(3_000) } }).report(DRAFT);
    const extra = vendor.stored()[0]!.draft.context!.extra!;
    expect(extra.long).not.toContain('eyJ');
    expect(extra.longer).toHaveLength(2_048);
  });
});

describe('captureErrors', () => {
  const original = console.error;
  afterEach(() => {
    console.error = original;
  });

  it('keeps the last N console errors, redacted, and gives console.error back on close', async () => {
    const quiet = vi.fn();
    console.error = quiet;
    const client = testClient({ captureErrors: 2 });
    console.error('first');
    console.error('second', new Error('GET /api?session=abc failed'));
    console.error('third');
    expect(quiet).toHaveBeenCalledTimes(3);
    await client.report(DRAFT);
    const errors = vendor.stored()[0]!.draft.context!.errors!;
    expect(errors.map((error) => error.message)).toEqual([
      `second Error: GET /api?session=${REDACTED} failed`,
      'third',
    ]);
    expect(errors[0]).toMatchObject({ type: 'console', stack: expect.stringContaining(`session=${REDACTED}`) });
    client.close();
    expect(console.error).toBe(quiet);
  });

  it('is off by default', async () => {
    console.error = vi.fn();
    const client = testClient();
    console.error('not kept');
    await client.report(DRAFT);
    expect(vendor.stored()[0]!.draft.context).not.toHaveProperty('errors');
  });
});
