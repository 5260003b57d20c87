import { describe, expect, it } from 'vitest';
import { DEFAULT_CUSTOMER_TOKEN_SECONDS, MAX_CUSTOMER_TOKEN_SECONDS, signCustomerToken } from '@vuln-report/sdk/node';

const SECRET = 'sk_test_acme';
const NOW = new Date('2026-11-30T12:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const base = { secretKey: SECRET, tenant: 'acme', sub: 'user-42', email: 'ada@acme.example', now: NOW };

const decodeJson = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;

function parts(token: string) {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return { header, payload, signature, headerJson: decodeJson(header), claims: decodeJson(payload) };
}

/** The error `run` throws, for its message. */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('signCustomerToken', () => {
  it('returns three base64url segments without padding', () => {
    const token = signCustomerToken(base);
    expect(token.split('.')).toHaveLength(3);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it('writes the HS256 JWT header, with no kid unless one is given', () => {
    expect(parts(signCustomerToken(base)).headerJson).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(parts(signCustomerToken({ ...base, keyId: 'key-2026-11' })).headerJson).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'key-2026-11' });
  });

  it('writes tenant, sub, email, iat and exp in seconds, and nothing else', () => {
    const { claims } = parts(signCustomerToken(base));
    expect(claims).toEqual({ tenant: 'acme', sub: 'user-42', email: 'ada@acme.example', iat: NOW_SECONDS, exp: NOW_SECONDS + 900 });
  });

  it('never puts the secret key in the token', () => {
    const token = signCustomerToken(base);
    const decoded = token.split('.').slice(0, 2).map((segment) => Buffer.from(segment, 'base64url').toString('utf8')).join('');
    expect(token).not.toContain(SECRET);
    expect(decoded).not.toContain(SECRET);
  });

  it('rounds a time with milliseconds down to the second', () => {
    const { claims } = parts(signCustomerToken({ ...base, now: new Date(NOW.getTime() + 999) }));
    expect(claims.iat).toBe(NOW_SECONDS);
  });

  it('uses the current time when none is given', () => {
    const before = Math.floor(Date.now() / 1000);
    const { claims } = parts(signCustomerToken({ ...base, now: undefined }));
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  it('lives 15 minutes by default, and as long as asked from 1 s to one hour', () => {
    expect(DEFAULT_CUSTOMER_TOKEN_SECONDS).toBe(900);
    expect(MAX_CUSTOMER_TOKEN_SECONDS).toBe(3600);
    for (const seconds of [1, 60, 3600]) {
      const { claims } = parts(signCustomerToken({ ...base, expiresInSeconds: seconds }));
      expect((claims.exp as number) - (claims.iat as number)).toBe(seconds);
    }
  });

  it('refuses a lifetime over an hour, under a second, or not whole', () => {
    for (const expiresInSeconds of [3601, 0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => signCustomerToken({ ...base, expiresInSeconds })).toThrow(TypeError);
    }
    expect(() => signCustomerToken({ ...base, expiresInSeconds: 3601 })).toThrow(/at most 3600/);
    expect(() => signCustomerToken({ ...base, expiresInSeconds: 0 })).toThrow(/at least 1/);
  });

  it('accepts test and live secret keys, and refuses anything else without repeating it', () => {
    expect(() => signCustomerToken({ ...base, secretKey: 'sk_live_acme' })).not.toThrow();
    const refused = ['pk_live_acme', 'sk_prod_acme', 'sk_test_has space', 'hunter2-not-a-key', 'SK_TEST_ACME', 'sk_test_acme\n', `sk_live_${'a'.repeat(300)}`];
    for (const secretKey of refused) {
      const error = thrown(() => signCustomerToken({ ...base, secretKey }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(/sk_test_… or sk_live_…/);
      expect(error.message).not.toContain(secretKey);
    }
    // A prefix alone, or nothing, is no key either.
    for (const secretKey of ['sk_test_', 'sk_live_', '']) expect(() => signCustomerToken({ ...base, secretKey })).toThrow(TypeError);
    expect(thrown(() => signCustomerToken({ ...base, secretKey: 'pk_live_acme' })).message).toMatch(/publishable key/);
  });

  it('never repeats the secret key in any refusal', () => {
    const secretKey = 'sk_live_9f8e7d6c5b4a';
    const bad: Array<Partial<Parameters<typeof signCustomerToken>[0]>> = [
      { tenant: '' },
      { tenant: 'Not A Tenant' },
      { sub: '' },
      { sub: 'x'.repeat(201) },
      { email: 'not-an-email' },
      { expiresInSeconds: 7200 },
      { keyId: '' },
      { now: new Date(Number.NaN) },
    ];
    for (const change of bad) {
      const error = thrown(() => signCustomerToken({ ...base, secretKey, ...change }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).not.toContain(secretKey);
      expect(error.message).not.toContain('9f8e7d6c5b4a');
      // One sentence.
      expect(error.message.trim().split(/(?<=[.!?])\s+/)).toHaveLength(1);
    }
  });

  it('refuses an empty sub or tenant, a malformed email, and says which', () => {
    expect(() => signCustomerToken({ ...base, sub: '' })).toThrow(/^sub /);
    expect(() => signCustomerToken({ ...base, tenant: '' })).toThrow(/^tenant /);
    for (const email of ['', 'ada', 'ada@', '@acme.example', 'ada @acme.example', 'ada@acme.example\n']) {
      expect(() => signCustomerToken({ ...base, email })).toThrow(/^email must be a valid email address/);
    }
  });

  it('refuses values of the wrong type from untyped callers', () => {
    const untyped = (options: Record<string, unknown>) => () => signCustomerToken(options as unknown as Parameters<typeof signCustomerToken>[0]);
    expect(untyped({ ...base, sub: 42 })).toThrow(TypeError);
    expect(untyped({ ...base, email: null })).toThrow(TypeError);
    expect(untyped({ ...base, secretKey: undefined })).toThrow(TypeError);
    expect(untyped({ ...base, expiresInSeconds: '900' })).toThrow(TypeError);
    expect(untyped({ ...base, keyId: 7 })).toThrow(TypeError);
    expect(() => signCustomerToken(null as unknown as Parameters<typeof signCustomerToken>[0])).toThrow(TypeError);
  });

  it('signs with HMAC-SHA256 keyed by the UTF-8 bytes of the whole secret key (checked with WebCrypto)', async () => {
    const token = signCustomerToken({ ...base, keyId: 'k1' });
    const { header, payload, signature } = parts(token);
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    const expected = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${header}.${payload}`)));
    expect(Buffer.from(signature, 'base64url')).toEqual(Buffer.from(expected));
    expect(await crypto.subtle.verify('HMAC', key, Buffer.from(signature, 'base64url'), new TextEncoder().encode(`${header}.${payload}`))).toBe(true);
  });

  it('gives another signature for another key, and the same one for the same input', () => {
    const signature = (secretKey: string) => parts(signCustomerToken({ ...base, secretKey })).signature;
    expect(signature('sk_test_acme')).toBe(signature('sk_test_acme'));
    expect(signature('sk_test_acme')).not.toBe(signature('sk_live_acme'));
  });
});
