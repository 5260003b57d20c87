/**
 * Customer tokens (contract v2, "Parties and credentials"): the JWT a tenant's backend
 * signs for its signed-in user with the tenant's secret key, HS256 only. Pure and
 * synchronous (HMAC-SHA256 from `@noble/hashes`, no `node:*`), so the same check runs in
 * the Node stub and in the browser stub's service worker.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { Email, validate } from '@vuln-report/contract';

/** The claims of a verified customer token. */
export interface CustomerClaims {
  /** The tenant whose key signed the token. */
  tenant: string;
  /** The signed-in user's id in the tenant's system. */
  sub: string;
  /** The signed-in user's email address. */
  email: string;
  /** Issued at, in seconds since the epoch. */
  iat: number;
  /** Expires at, in seconds since the epoch. */
  exp: number;
}

/** One of a tenant's secret keys: its id (a token's `kid` may name it) and the whole `sk_…` string. */
export interface CustomerKey {
  id: string;
  secret: string;
}

/**
 * The outcome of {@link verifyCustomerToken}: the claims and the key that signed them, or
 * why the token is refused, as a short English sentence fit for a `401`'s detail (it
 * never repeats the token or a key).
 */
export type CustomerTokenCheck = { ok: true; claims: CustomerClaims; key: CustomerKey } | { ok: false; reason: string };

/** The longest token read, in characters (all of them ASCII once the alphabet is checked). */
export const MAX_CUSTOMER_TOKEN_LENGTH = 8 * 1024;
/** The longest lifetime accepted, `exp − iat`, in seconds. */
export const MAX_CUSTOMER_TOKEN_LIFETIME = 3600;
/** The clock skew allowed either way, in seconds. */
export const CUSTOMER_TOKEN_SKEW = 60;

const MAX_SUB_LENGTH = 200;
const MAX_KID_LENGTH = 200;
const MAX_TENANT_LENGTH = 200;
/** HMAC-SHA256 output: 32 bytes. */
const SIGNATURE_BYTES = 32;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Each base64url character's value, -1 for the others (the alphabet is checked first anyway). */
const SEXTETS = /* @__PURE__ */ (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/**
 * Strict base64url without padding: the alphabet only, no impossible length, and the
 * unused low bits of the last character zero, so one byte string has one spelling and a
 * token cannot be altered without changing what was signed.
 */
function decodeBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    const sextet = SEXTETS[text.charCodeAt(i)] ?? -1;
    if (sextet < 0) return undefined;
    buffer = ((buffer << 6) | sextet) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (buffer >> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}

/** A segment's bytes as a JSON object (not an array, not null), or undefined. */
function decodeJsonObject(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64Url(segment);
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A member of the object itself, never one inherited from a (possibly polluted) prototype. */
const own = (object: Record<string, unknown>, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

/** Compares two byte strings in time that depends only on their length. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

const refuse = (reason: string): CustomerTokenCheck => ({ ok: false, reason });

/**
 * Verifies a customer token (`Authorization: Bearer <token>`) and returns its claims and
 * the key that signed it, or the reason it is refused. Never throws for any token.
 *
 * - Three base64url segments (strict alphabet, no padding), at most 8 KiB.
 * - Header: `alg` exactly `HS256` (`none`, `RS256`, `hs256` and every other value are
 *   refused), `typ` `JWT` if present, no `crit`, `kid` if present naming the one key tried.
 * - The tenant is read from the claims, before the signature is checked, only to pick
 *   the candidate keys (`keysOf(tenant)`); the HMAC-SHA256 of `header.payload`, keyed
 *   with the UTF-8 bytes of the whole secret-key string, is compared with each candidate
 *   in constant time. Old and new keys of a tenant both work while they overlap.
 * - Claims, once the signature holds: `sub` a non-empty string of at most 200
 *   characters, `email` an email address (the contract's `Email`), `iat` and `exp`
 *   integers with `exp > iat` and `exp − iat ≤ 3600`, and, with 60 seconds of skew,
 *   `iat ≤ now + 60`, `now ≤ exp + 60` (and `nbf ≤ now + 60` when present).
 *
 * @param token - The compact JWT, as sent.
 * @param keysOf - The secret keys of a tenant (none for an unknown one). What it throws is
 *   the caller's failure, not the token's, and is not caught.
 * @param nowSeconds - The current time in seconds since the epoch.
 */
export function verifyCustomerToken(token: string, keysOf: (tenant: string) => readonly CustomerKey[], nowSeconds: number): CustomerTokenCheck {
  if (typeof token !== 'string' || token.length === 0) return refuse('Send a customer token.');
  if (token.length > MAX_CUSTOMER_TOKEN_LENGTH) return refuse('The customer token is longer than 8 KiB.');
  if (typeof nowSeconds !== 'number' || !Number.isFinite(nowSeconds)) return refuse('The customer token cannot be checked without the current time.');

  const segments = token.split('.');
  if (segments.length !== 3) return refuse('The customer token must be three base64url segments separated by dots.');
  const [headerPart = '', payloadPart = '', signaturePart = ''] = segments;
  if (!segments.every((segment) => BASE64URL.test(segment))) {
    return refuse('The customer token must be base64url without padding.');
  }

  const header = decodeJsonObject(headerPart);
  if (!header) return refuse('The customer token\'s header is not a base64url JSON object.');
  if (own(header, 'alg') !== 'HS256') return refuse('The customer token must be signed with HS256; no other algorithm is accepted.');
  const typ = own(header, 'typ');
  if (typ !== undefined && typ !== 'JWT') return refuse('The customer token\'s typ must be JWT.');
  if (own(header, 'crit') !== undefined) return refuse('The customer token names critical header extensions, which are not supported.');
  const kid = own(header, 'kid');
  if (kid !== undefined && (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH)) {
    return refuse('The customer token\'s kid must be a non-empty string.');
  }

  const claims = decodeJsonObject(payloadPart);
  if (!claims) return refuse('The customer token\'s claims are not a base64url JSON object.');
  const tenant = own(claims, 'tenant');
  if (typeof tenant !== 'string' || tenant.length === 0 || tenant.length > MAX_TENANT_LENGTH) {
    return refuse('The customer token\'s tenant claim must be a non-empty string.');
  }

  const signature = decodeBase64Url(signaturePart);
  if (!signature || signature.length !== SIGNATURE_BYTES) return refuse('The customer token\'s signature is not an HS256 signature.');

  const keys = keysOf(tenant);
  const candidates = (Array.isArray(keys) ? (keys as readonly unknown[]) : []).filter(
    (key): key is CustomerKey =>
      typeof key === 'object' &&
      key !== null &&
      typeof (key as CustomerKey).id === 'string' &&
      typeof (key as CustomerKey).secret === 'string' &&
      (key as CustomerKey).secret.length > 0 &&
      (kid === undefined || (key as CustomerKey).id === kid),
  );
  if (candidates.length === 0) {
    return refuse(kid === undefined ? 'The customer token\'s signature matches no key of its tenant.' : 'The customer token\'s kid names no key of its tenant.');
  }
  const signed = utf8ToBytes(`${headerPart}.${payloadPart}`);
  let matched: CustomerKey | undefined;
  // Every candidate is computed, so the time taken does not say which one matched.
  for (const key of candidates) {
    if (sameBytes(hmac(sha256, utf8ToBytes(key.secret), signed), signature) && !matched) matched = key;
  }
  if (!matched) return refuse('The customer token\'s signature matches no key of its tenant.');

  // From here the claims are the tenant's own words; they are checked all the same.
  const sub = own(claims, 'sub');
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUB_LENGTH) {
    return refuse(`The customer token's sub claim must be a non-empty string of at most ${MAX_SUB_LENGTH} characters.`);
  }
  const email = own(claims, 'email');
  if (typeof email !== 'string' || !validate(Email, email).ok) return refuse('The customer token\'s email claim is not an email address.');
  const iat = own(claims, 'iat');
  const exp = own(claims, 'exp');
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) {
    return refuse('The customer token\'s iat and exp claims must be whole numbers of seconds.');
  }
  const issuedAt = iat as number;
  const expiresAt = exp as number;
  if (expiresAt <= issuedAt) return refuse('The customer token expires before it was issued.');
  if (expiresAt - issuedAt > MAX_CUSTOMER_TOKEN_LIFETIME) {
    return refuse(`The customer token lives longer than ${MAX_CUSTOMER_TOKEN_LIFETIME} seconds; sign one that lives an hour at most.`);
  }
  if (issuedAt > nowSeconds + CUSTOMER_TOKEN_SKEW) return refuse('The customer token was issued in the future; check the signing server\'s clock.');
  if (nowSeconds > expiresAt + CUSTOMER_TOKEN_SKEW) return refuse('The customer token has expired.');
  const nbf = own(claims, 'nbf');
  if (nbf !== undefined && (!Number.isSafeInteger(nbf) || (nbf as number) > nowSeconds + CUSTOMER_TOKEN_SKEW)) {
    return refuse('The customer token is not valid yet (nbf).');
  }

  return { ok: true, claims: { tenant, sub, email, iat: issuedAt, exp: expiresAt }, key: matched };
}

const base64Url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * Builds a JWT from any header and claims, signed HMAC-SHA256 with `secret` (or with no
 * signature when `secret` is undefined). For the conformance suite, which must send
 * tokens a host backend never would (another `alg`, too long a life); hosts use
 * `signCustomerToken` from `@vuln-report/sdk/node`.
 */
export function craftToken(header: Record<string, unknown>, claims: Record<string, unknown>, secret: string | undefined): string {
  const signed = `${base64Url(utf8ToBytes(JSON.stringify(header)))}.${base64Url(utf8ToBytes(JSON.stringify(claims)))}`;
  return `${signed}.${secret === undefined ? '' : base64Url(hmac(sha256, utf8ToBytes(secret), utf8ToBytes(signed)))}`;
}
