import { createHmac } from 'node:crypto';
import { Email, TenantId, validate } from '@vuln-report/contract';

/** The lifetime of a customer token when none is given: 15 minutes. */
export const DEFAULT_CUSTOMER_TOKEN_SECONDS = 900;

/** The longest lifetime the intake accepts for a customer token (`exp − iat`): one hour. */
export const MAX_CUSTOMER_TOKEN_SECONDS = 3600;

/** The longest `sub` (user id) the intake accepts. */
const MAX_SUB_LENGTH = 200;

/** The longest `kid` accepted here: the intake's key ids are short. */
const MAX_KID_LENGTH = 200;

/** A tenant's secret key: `sk_test_` or `sk_live_`, then letters, digits, `_` or `-`. */
const SECRET_KEY = /^sk_(?:test|live)_[A-Za-z0-9_-]{1,256}$/;

/** What {@link signCustomerToken} takes. */
export interface SignCustomerTokenOptions {
  /**
   * The tenant's secret key (`sk_test_…` or `sk_live_…`), read from the backend's
   * environment or secret store. It signs the token (HMAC-SHA256 keyed with the UTF-8
   * bytes of the whole string) and is never put in it. A token signed with a test key
   * reads test data only; a live one, live data only.
   */
  secretKey: string;
  /** The tenant id the key belongs to, as the vendor issued it (`acme`). */
  tenant: string;
  /** The signed-in user's stable id in the host's system: non-empty, at most 200 characters. */
  sub: string;
  /** The signed-in user's email address. */
  email: string;
  /**
   * How long the token is valid, in whole seconds: 1 to 3600, default 900 (15 minutes).
   * The intake refuses a token that lives longer than an hour; mint a new one instead.
   */
  expiresInSeconds?: number;
  /**
   * The key pair's id, written as the token header's `kid`. With it, the intake tries
   * only that key; use it while an old and a new key of the tenant overlap after a
   * rotation.
   */
  keyId?: string;
  /** The issuing time (`iat`); the current time by default. For tests. */
  now?: Date;
}

/** JSON, UTF-8, then base64url without padding, as JWS compact serialization wants. */
const encodeSegment = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** A clear one-sentence refusal; never the secret key, which the caller's logs may keep. */
function refuse(sentence: string): never {
  throw new TypeError(sentence);
}

/**
 * Mints a customer token: the JWT (HS256) a host's backend gives its signed-in user so
 * the user's browser can call the intake's customer routes (the tenant's reports,
 * incidents, evidence requests and activity log) with `Authorization: Bearer <token>`.
 *
 * The header is `{"alg":"HS256","typ":"JWT"}` (with `kid` when `keyId` is given); the
 * claims are `tenant`, `sub`, `email`, `iat` and `exp` (seconds since the epoch). The
 * intake allows 60 seconds of clock skew either way and refuses a token whose
 * `exp − iat` exceeds one hour.
 *
 * Node only (`node:crypto`): the secret key belongs to the backend and must never reach
 * a browser; this entry does not resolve for a browser bundle.
 *
 * @example A Node (Express) handler minting a token for the signed-in user:
 * ```ts
 * import express from 'express';
 * import { signCustomerToken } from '@vuln-report/sdk/node';
 *
 * const app = express();
 *
 * app.post('/api/vuln-report/token', requireSignedIn, (req, res) => {
 *   const token = signCustomerToken({
 *     secretKey: process.env.VULN_REPORT_SECRET_KEY!, // sk_live_…, from the environment
 *     tenant: 'acme',
 *     sub: req.user.id,
 *     email: req.user.email,
 *     expiresInSeconds: 900,
 *   });
 *   res.set('Cache-Control', 'no-store').json({ token });
 * });
 * ```
 *
 * @param options - The secret key, the tenant, the user, and optionally the lifetime, key id and time.
 * @returns The compact JWT: `header.claims.signature`, base64url without padding.
 * @throws TypeError for a secret key that is not `sk_test_…` or `sk_live_…`, a lifetime
 *   that is not a whole number of seconds from 1 to 3600, an empty or too long `sub`, a
 *   `tenant` that is not a tenant id, a malformed `email`, an empty `keyId` or an
 *   invalid `now`. The message never contains the secret key.
 */
export function signCustomerToken(options: SignCustomerTokenOptions): string {
  if (typeof options !== 'object' || options === null) refuse('signCustomerToken takes an options object.');
  const { secretKey, tenant, sub, email, keyId, now = new Date() } = options;
  const expiresInSeconds = options.expiresInSeconds ?? DEFAULT_CUSTOMER_TOKEN_SECONDS;

  if (typeof secretKey !== 'string' || !SECRET_KEY.test(secretKey)) {
    refuse(
      typeof secretKey === 'string' && secretKey.startsWith('pk_')
        ? 'secretKey is a publishable key (pk_…): sign customer tokens with the tenant\'s secret key (sk_test_… or sk_live_…).'
        : 'secretKey must be a tenant\'s secret key (sk_test_… or sk_live_…).',
    );
  }
  if (typeof tenant !== 'string' || tenant.length === 0) refuse('tenant must be a non-empty tenant id.');
  if (!validate(TenantId, tenant).ok) refuse('tenant must be a tenant id: lower-case letters, digits and -, at most 64 characters.');
  if (typeof sub !== 'string' || sub.length === 0) refuse('sub must be the signed-in user\'s id, a non-empty string.');
  if (sub.length > MAX_SUB_LENGTH) refuse(`sub must be at most ${MAX_SUB_LENGTH} characters.`);
  if (typeof email !== 'string' || !validate(Email, email).ok) refuse('email must be a valid email address.');
  if (typeof expiresInSeconds !== 'number' || !Number.isInteger(expiresInSeconds)) {
    refuse('expiresInSeconds must be a whole number of seconds.');
  }
  if (expiresInSeconds < 1) refuse('expiresInSeconds must be at least 1.');
  if (expiresInSeconds > MAX_CUSTOMER_TOKEN_SECONDS) {
    refuse(`expiresInSeconds must be at most ${MAX_CUSTOMER_TOKEN_SECONDS} (one hour): mint a new token instead of a longer one.`);
  }
  if (keyId !== undefined && (typeof keyId !== 'string' || keyId.length === 0 || keyId.length > MAX_KID_LENGTH)) {
    refuse(`keyId must be a non-empty string of at most ${MAX_KID_LENGTH} characters when given.`);
  }
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) refuse('now must be a valid Date when given.');

  const iat = Math.floor(now.getTime() / 1000);
  const header = keyId === undefined ? { alg: 'HS256', typ: 'JWT' } : { alg: 'HS256', typ: 'JWT', kid: keyId };
  const claims = { tenant, sub, email, iat, exp: iat + expiresInSeconds };
  const signingInput = `${encodeSegment(header)}.${encodeSegment(claims)}`;
  const signature = createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(signingInput, 'utf8').digest('base64url');
  return `${signingInput}.${signature}`;
}
