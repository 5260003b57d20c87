/**
 * The verifier's own hashing and encodings: RFC 8785 canonical JSON, RFC 9162 leaf and
 * node hashes through `crypto.subtle.digest`, hex and base64url. Written apart from the
 * intake's implementation on purpose: a customer checks the log with code the log's
 * operator did not share with its writer.
 */

/**
 * RFC 8785 (JCS) canonical JSON: members sorted by UTF-16 code units, numbers as
 * ECMAScript writes them, strings as `JSON.stringify` escapes them, no whitespace;
 * members whose value is `undefined` are left out. Throws a `TypeError` on a value JSON
 * cannot carry (non-finite number, bigint, function, symbol, `undefined` in an array, an
 * object that is not plain).
 */
export function canonicalize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (Number.isFinite(value)) return JSON.stringify(value);
      break;
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item) => (item === undefined ? fail('undefined in an array') : canonicalize(item))).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) break;
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined)
        .map((key) => `${JSON.stringify(key)}:${canonicalize(record[key])}`);
      return `{${members.join(',')}}`;
    }
  }
  return fail(String(value));
}

function fail(what: string): never {
  throw new TypeError(`not JSON: ${what}`);
}

const HEX = '0123456789abcdef';

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += HEX[byte >> 4]! + HEX[byte & 15]!;
  return hex;
}

/** 64 lower-case hex digits to 32 bytes; undefined for anything else. */
export function hashFromHex(hex: unknown): Uint8Array | undefined {
  if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex)) return undefined;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** base64url without padding to bytes; undefined for anything else. */
export function fromBase64Url(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

async function digest(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** `SHA-256(0x00 ‖ data)`. */
export function hashLeaf(data: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(data.length + 1);
  input.set(data, 1);
  return digest(input);
}

/** `SHA-256(0x01 ‖ left ‖ right)`. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(65);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 33);
  return digest(input);
}

/**
 * The leaf hash of a log entry, hex: `SHA-256(0x00 ‖ UTF-8(canonicalize(entry)))`. The
 * entry exactly as the log keeps it (every field, `prevHash` and `hash` included; no
 * proof or other field added). Throws a `TypeError` when `entry` is not JSON.
 */
export async function entryLeafHash(entry: unknown): Promise<string> {
  return toHex(await hashLeaf(new TextEncoder().encode(canonicalize(entry))));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
