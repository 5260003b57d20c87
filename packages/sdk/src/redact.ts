/**
 * Redaction of what the SDK captures automatically, before it leaves the page. Pure: no
 * I/O, no globals, the same output for the same input. What the reporter typed is never
 * passed through here: it may be the evidence.
 *
 * It runs on the host page's main thread, on text a stranger may shape (an address, an
 * error message), so every pattern takes time linear in its input: an attempt that fails
 * reads a bounded stretch (`{16}`, `{35}`, the minimum of a length) or a run no later
 * attempt starts inside, and no pattern can backtrack into itself. "At least n" is
 * written `{n}` then `*`: V8 runs `*` over a character class as one loop, but records every
 * character of `{n,}` for backtracking, memory in proportion to the match and a stack
 * overflow on a long enough one.
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** A host's own redaction, run after the built-in patterns on every captured string. */
export type Redactor = (value: string, path: string) => string;

/** Parameter names that look like they carry a credential (`access_token`, `apiKey`, `X-Amz-Signature`, `PHPSESSID`, ...). */
const SECRET_NAME = /token|secret|passw|pwd|auth|sess|code|signature|key|credential|jwt|otp|cookie|nonce|^sig$|^sid$/i;

/** `name=value` after `?`, `&`, `#` or `;`: URL query and fragment parameters, also inside a message or a stack. */
const PARAMETER = /([?&#;])([^=&#;?\s]+)=([^&#;\s]*)/g;

/**
 * JWT: base64url header, payload and (possibly empty) signature. A run that starts like
 * one and is not one matches too, without `jwt`, and is kept: consumed, it is not tried
 * again from every later `eyJ` in it (`eyJ-eyJ-eyJ-...` took quadratic time that way).
 */
const JWT = /\beyJ[\w-]*(\.[\w-]+\.[\w-]*)?/g;

/** Value shapes that are secrets wherever they appear. */
const SECRET_VALUES = [
  // AWS access key ids
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  // GitHub tokens
  /\b(?:gh[pousr]_[A-Za-z0-9]{36}[A-Za-z0-9]*|github_pat_\w{22}\w*)/g,
  // Stripe secret and restricted keys (publishable keys are public)
  /\b[rs]k_(?:live|test)_[A-Za-z0-9]{10}[A-Za-z0-9]*/g,
  // Slack tokens
  /\bxox[abposr]-[\w-]{10}[\w-]*/g,
  // Google API keys
  /\bAIza[\w-]{35}/g,
  // OpenAI and Anthropic keys
  /\bsk-(?:proj-|ant-)?[\w-]{20}[\w-]*/g,
  // PEM private keys
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/**
 * `Bearer <token>` and `Basic <credentials>`: the scheme stays, the credential goes. The
 * credential must look like one (a digit, a symbol, or a lower-upper case change), so
 * prose such as "basic information" is left alone.
 */
const AUTH_SCHEME = /\b([Bb]earer|[Bb]asic|BEARER|BASIC)\s+(?=[\w~+/.-]*(?:[\d_.~+/=-]|[a-z][A-Z]))[\w~+/.-]{8}[\w~+/.-]*=*/g;

/** 13 to 19 digits, optionally grouped by spaces or dashes: a card number if the Luhn check passes. */
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;

/** The Luhn checksum of a digit string: every card number passes it. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  // From the right, every second digit doubled (`<< 1`); a two-digit result counts as its digit sum.
  for (let i = digits.length, second = 0; i--; second ^= 1) {
    const digit = Number(digits[i]) << second;
    sum += digit > 9 ? digit - 9 : digit;
  }
  return sum % 10 === 0;
}

/**
 * Redacts one string: values of secret-looking URL parameters, JWTs, bearer and basic
 * credentials, well-known API key shapes, PEM private keys, and Luhn-valid card numbers.
 */
export function redactText(value: string): string {
  let result = value
    .replace(PARAMETER, (match, separator: string, name: string) =>
      SECRET_NAME.test(name) ? `${separator}${name}=${REDACTED}` : match,
    )
    .replace(JWT, (match, jwt?: string) => (jwt ? REDACTED : match));
  for (const pattern of SECRET_VALUES) result = result.replace(pattern, REDACTED);
  return result
    .replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(CARD_CANDIDATE, (match) => (luhnValid(match.replace(/\D/g, '')) ? REDACTED : match));
}

/**
 * Redacts every string in `value` (objects and arrays are walked; other values are kept),
 * then applies the host's `redactor`, which gets each string's dotted path (`url`,
 * `errors.0.stack`), then cuts the string to `limit(path)`. Returns a new value; the
 * input is not changed.
 *
 * Redaction reads at most twice the limit: a secret across the cut at the limit is still
 * seen whole, and the time it takes is bounded whatever the page or the host hands over.
 * When there is more, the token cut at the end of what is read (a JWT without its end,
 * which no pattern would recognise) is left out whole: redacting secrets before it could
 * bring it under the limit, and a token that long may reach under the limit itself.
 */
export function redactDeep<T>(value: T, limit: (path: string) => number, redactor?: Redactor, path = ''): T {
  if (typeof value === 'string') {
    const max = limit(path);
    let end = 2 * max;
    while (end > 0 && value.length > end && /[\w~+/.-]/.test(value[end - 1]!)) end--;
    const redacted = redactText(value.slice(0, end));
    return (redactor ? redactor(redacted, path) : redacted).slice(0, max) as T;
  }
  if (Array.isArray(value)) return value.map((item, index) => redactDeep(item, limit, redactor, join(path, index))) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactDeep(item, limit, redactor, join(path, key))]),
    ) as T;
  }
  return value;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
