/**
 * Redaction of what the SDK captures automatically, before it leaves the page. Pure: no
 * I/O, no globals, the same output for the same input. What the reporter typed is never
 * passed through here: it may be the evidence.
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** A host's own redaction, run after the built-in patterns on every captured string. */
export type Redactor = (value: string, path: string) => string;

/** Parameter names that look like they carry a credential (`access_token`, `apiKey`, `X-Amz-Signature`, `PHPSESSID`, ...). */
const SECRET_NAME = /token|secret|passw|pwd|auth|sess|code|signature|key|credential|jwt|otp|cookie|nonce|^sig$|^sid$/i;

/** `name=value` after `?`, `&`, `#` or `;`: URL query and fragment parameters, also inside a message or a stack. */
const PARAMETER = /([?&#;])([^=&#;?\s]+)=([^&#;\s]*)/g;

/** Value shapes that are secrets wherever they appear. */
const SECRET_VALUES = [
  // JWT: base64url header, payload and (possibly empty) signature
  /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g,
  // AWS access key ids
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  // GitHub tokens
  /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{22,})/g,
  // Stripe secret and restricted keys (publishable keys are public)
  /\b[rs]k_(?:live|test)_[0-9A-Za-z]{10,}/g,
  // Slack tokens
  /\bxox[abposr]-[\w-]{10,}/g,
  // Google API keys
  /\bAIza[\w-]{35}/g,
  // OpenAI and Anthropic keys
  /\bsk-(?:proj-|ant-)?[\w-]{20,}/g,
  // PEM private keys
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/**
 * `Bearer <token>` and `Basic <credentials>`: the scheme stays, the credential goes. The
 * credential must look like one (a digit, a symbol, or a lower-upper case change), so
 * prose such as "basic information" is left alone.
 */
const AUTH_SCHEME = /\b([Bb]earer|[Bb]asic|BEARER|BASIC)\s+(?=[\w~+/.-]*(?:[\d_.~+/=-]|[a-z][A-Z]))[\w~+/.-]{8,}=*/g;

/** 13 to 19 digits, optionally grouped by spaces or dashes: a card number if the Luhn check passes. */
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;

/** The Luhn checksum of a digit string: every card number passes it. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Redacts one string: values of secret-looking URL parameters, JWTs, bearer and basic
 * credentials, well-known API key shapes, PEM private keys, and Luhn-valid card numbers.
 */
export function redactText(value: string): string {
  let result = value.replace(PARAMETER, (match, separator: string, name: string) =>
    SECRET_NAME.test(name) ? `${separator}${name}=${REDACTED}` : match,
  );
  for (const pattern of SECRET_VALUES) result = result.replace(pattern, REDACTED);
  return result
    .replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(CARD_CANDIDATE, (match) => (luhnValid(match.replace(/\D/g, '')) ? REDACTED : match));
}

/**
 * Redacts every string in `value` (objects and arrays are walked; other values are kept),
 * then applies the host's `redactor`, which gets each string's dotted path (`url`,
 * `errors.0.stack`). Returns a new value; the input is not changed.
 */
export function redactDeep<T>(value: T, redactor?: Redactor, path = ''): T {
  if (typeof value === 'string') {
    const redacted = redactText(value);
    return (redactor ? redactor(redacted, path) : redacted) as T;
  }
  if (Array.isArray(value)) return value.map((item, index) => redactDeep(item, redactor, join(path, index))) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactDeep(item, redactor, join(path, key))]),
    ) as T;
  }
  return value;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
