import { LIMITS } from '@vuln-report/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { captureContext } from '../src/capture/context.ts';
import { watchErrors } from '../src/capture/errors.ts';
import { REDACTED, redactDeep, redactText } from '../src/redact.ts';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const GITHUB = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';

/** A short JWT: 50 characters. */
const SHORT_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';

describe('redactDeep with limits', () => {
  const limit = () => 100;

  it('redacts a secret across the cut at the limit, then cuts', () => {
    const value = `${'a'.repeat(80)} ${SHORT_JWT} and more`;
    expect(redactDeep(value, limit)).toBe(`${'a'.repeat(80)} ${REDACTED} and more`);
    expect(redactDeep(`${'a'.repeat(95)} ${SHORT_JWT}`, limit)).toBe(`${'a'.repeat(95)} ${REDACTED}`.slice(0, 100));
  });

  it('reads at most twice the limit, whatever it is handed', () => {
    const seen: number[] = [];
    const output = redactDeep({ long: 'eyJ-'.repeat(1_000_000), longer: 'a b '.repeat(1_000_000) }, limit, (value) => {
      seen.push(value.length);
      return value;
    });
    expect(output).toEqual({ long: '', longer: 'a b '.repeat(25) });
    expect(Math.max(...seen)).toBeLessThanOrEqual(200);
  });

  it('never lets out the token cut at the end of what it reads, even when secrets before it shrink', () => {
    // Three JWTs shrink by 120 characters, which brings the GitHub token cut at 200
    // characters (no longer a whole token, so no pattern knows it) under the limit.
    const value = `${[SHORT_JWT, SHORT_JWT, SHORT_JWT].join(' ')} ${'x'.repeat(20)} ${GITHUB} ${'z'.repeat(500)}`;
    expect(value.indexOf(GITHUB)).toBeLessThan(200);
    expect(value.indexOf(GITHUB) + GITHUB.length).toBeGreaterThan(200);
    // What redacting the first 200 characters and cutting would give: most of the token.
    expect(redactText(value.slice(0, 200)).slice(0, 100)).toContain('ghp_');
    expect(redactDeep(value, limit)).toBe(`${REDACTED} ${REDACTED} ${REDACTED} ${'x'.repeat(20)} `);
  });

  it('leaves out a token longer than the limit cut at the end of what it reads, all of it', () => {
    const jwt = `eyJhbGciOiJIUzI1NiJ9.${'eyJzdWIiOiIxIn0'.repeat(20)}.c2lnbmF0dXJl`;
    expect(redactDeep(`${'a'.repeat(80)} ${jwt} and more`, limit)).toBe(`${'a'.repeat(80)} `);
  });

  it('keeps strings within twice the limit whole for redaction, cut to the limit after', () => {
    expect(redactDeep('b'.repeat(200), limit)).toBe('b'.repeat(100));
    expect(redactDeep({ n: 1, s: 'short', none: null }, limit)).toEqual({ n: 1, s: 'short', none: null });
  });
});

describe('captured context', () => {
  const original = console.error;
  afterEach(() => {
    console.error = original;
  });

  it('redacts a console error with a JWT across the message limit', () => {
    console.error = () => {};
    const errors = watchErrors(5);
    console.error(`${'x'.repeat(LIMITS.messageMax - 10)} ${JWT}`);
    errors.stop();
    const context = captureContext({ wanted: () => true, errors });
    expect(context.errors?.[0]?.message).toBe(`${'x'.repeat(LIMITS.messageMax - 10)} ${REDACTED}`.slice(0, LIMITS.messageMax));
  });

  it('keeps a bounded copy of a huge console error, and sends it redacted and cut', () => {
    console.error = () => {};
    const errors = watchErrors(5);
    console.error('eyJ-'.repeat(1_000_000));
    errors.stop();
    expect(errors.snapshot()[0]?.message.length).toBeLessThanOrEqual(2 * LIMITS.messageMax + 1);
    // One token cut where redaction stops reading: not sent.
    expect(captureContext({ wanted: () => true, errors }).errors?.[0]?.message).toBe('');
  });

  it('bounds what the host hands over before redacting it: app, user and extra', () => {
    const seen = new Map<string, number>();
    const context = captureContext({
      wanted: () => false,
      app: { name: `${'a'.repeat(LIMITS.shortMax - 20)} ${JWT}` },
      user: { id: 'u'.repeat(5_000_000) },
      extra: { trace: `${'t'.repeat(LIMITS.urlMax - 30)} ${GITHUB}`, huge: 'h '.repeat(5_000_000) },
      redact: (value, path) => {
        seen.set(path, value.length);
        return value;
      },
    });
    expect(context.app?.name).toBe(`${'a'.repeat(LIMITS.shortMax - 20)} ${REDACTED}`.slice(0, LIMITS.shortMax));
    // One token of millions of characters, cut where redaction stops reading: not sent.
    expect(context.user?.id).toBe('');
    expect(context.extra?.trace).toBe(`${'t'.repeat(LIMITS.urlMax - 30)} ${REDACTED}`);
    expect(context.extra?.huge).toBe('h '.repeat(LIMITS.urlMax / 2));
    expect(seen.get('user.id')).toBeLessThanOrEqual(2 * LIMITS.shortMax);
    expect(seen.get('extra.huge')).toBeLessThanOrEqual(2 * LIMITS.urlMax);
  });
});
