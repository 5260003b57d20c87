import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnValid, REDACTED, redactDeep, redactText } from '../src/redact.ts';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('redactText', () => {
  it.each([
    ['a secret query parameter', 'https://app.example/cb?code=abc123&state=xyz', `https://app.example/cb?code=${REDACTED}&state=xyz`],
    ['an access token in the fragment', 'https://app.example/#access_token=ya29.a0Af&expires_in=3599', `https://app.example/#access_token=${REDACTED}&expires_in=3599`],
    ['api keys, passwords, sessions, signatures', '/x?apiKey=k1&password=hunter2&PHPSESSID=s1&X-Amz-Signature=f00&page=2', `/x?apiKey=${REDACTED}&password=${REDACTED}&PHPSESSID=${REDACTED}&X-Amz-Signature=${REDACTED}&page=2`],
    ['a URL inside a message', 'GET https://api.example/v1?token=t0k3n failed', `GET https://api.example/v1?token=${REDACTED} failed`],
    ['a JWT', `session ${JWT} expired`, `session ${REDACTED} expired`],
    ['a bearer token', 'Authorization: Bearer abc.def-123_456', `Authorization: Bearer ${REDACTED}`],
    ['basic credentials', 'Authorization: Basic dXNlcjpwYXNz', `Authorization: Basic ${REDACTED}`],
    ['an AWS access key id', 'key AKIAIOSFODNN7EXAMPLE used', `key ${REDACTED} used`],
    ['a GitHub token', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', REDACTED],
    ['a Stripe secret key', 'sk_live_51H8abcdefghijklmnop', REDACTED],
    ['a Slack token', 'xoxb-123456789012-abcdefghij', REDACTED],
    ['a Google API key', 'AIzaSyA1234567890abcdefghijklmnopqrstuv', REDACTED],
    ['an OpenAI key', 'sk-proj-abcdefghijklmnopqrstuvwxyz012345', REDACTED],
    ['a PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', REDACTED],
    ['a card number', 'card 4111 1111 1111 1111 declined', `card ${REDACTED} declined`],
    ['a card number with dashes', '5555-5555-5555-4444', REDACTED],
    ['a bare card number', '378282246310005', REDACTED],
  ])('redacts %s', (_name, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    ['harmless parameters', 'https://shop.example/list?page=2&sort=price#reviews'],
    ['digits that fail the Luhn check', 'order 4111 1111 1111 1112 shipped'],
    ['short numbers', 'error 500 after 1234567 ms'],
    ['prose with scheme names', 'basic information about the bearer bond'],
    ['a publishable project key', 'pk_test_acme'],
    ['an ISO time', '2026-11-26T09:30:00.000Z'],
  ])('keeps %s', (_name, input) => {
    expect(redactText(input)).toBe(input);
  });

  it('is idempotent: redacting twice changes nothing more', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const once = redactText(value);
        expect(redactText(once)).toBe(once);
      }),
    );
  });

  it('finds the JWTs the former, quadratic, pattern found, and only those', () => {
    // Pieces no other pattern matches, so what changes is the JWTs alone.
    const former = /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g;
    const piece = fc.constantFrom('eyJ', 'eyJ', 'e', 'y', 'J', '-', '.', '..', 'a', 'Z', '_', '0', ' ', ':', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const value = pieces.join('');
        expect(redactText(value)).toBe(value.replace(former, REDACTED));
      }),
      { numRuns: 2_000 },
    );
  });

  it('checks Luhn as the textbook does', () => {
    const textbook = (digits: string) =>
      [...digits].reverse().reduce((sum, digit, i) => sum + (i % 2 ? [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][+digit]! : +digit), 0) % 10 === 0;
    fc.assert(
      fc.property(fc.stringMatching(/^\d{0,20}$/), (digits) => {
        expect(luhnValid(digits)).toBe(textbook(digits));
      }),
    );
  });

  it('never lets a Luhn-valid 16-digit number through', () => {
    const luhnCard = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 }).map((digits) => {
      for (let check = 0; check < 10; check++) {
        const card = `${digits.join('')}${check}`;
        if (luhnValid(card)) return card;
      }
      throw new Error('unreachable');
    });
    fc.assert(
      fc.property(luhnCard, (card) => {
        expect(redactText(`paid with ${card}.`)).toBe(`paid with ${REDACTED}.`);
      }),
    );
  });
});

describe('redactDeep', () => {
  it('walks objects and arrays, gives the host redactor each path, and leaves the input alone', () => {
    const input = { url: 'https://a.example/?token=1', errors: [{ message: 'user ada@example.com', at: 'now' }], online: true };
    const paths: string[] = [];
    const output = redactDeep(input, () => Infinity, (value, path) => {
      paths.push(path);
      return value.replace(/\S+@\S+/, '[email]');
    });
    expect(output).toEqual({
      url: `https://a.example/?token=${REDACTED}`,
      errors: [{ message: 'user [email]', at: 'now' }],
      online: true,
    });
    expect(paths).toEqual(['url', 'errors.0.message', 'errors.0.at']);
    expect(input.url).toBe('https://a.example/?token=1');
  });
});
