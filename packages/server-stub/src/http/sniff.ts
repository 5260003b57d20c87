/**
 * Checks that an attachment's bytes are what its declared media type says, so a program
 * sent as `image/png` is refused at intake rather than handed to a triager who opens it.
 * Signatures follow the WHATWG MIME Sniffing standard; text types must be UTF-8. Runs in
 * the stub only (Node or a service worker): no browser bundle carries it.
 */
import type { ATTACHMENT_TYPES } from '@vuln-report/contract';

/** A media type the contract accepts as an attachment. */
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** Whether `bytes` hold `signature` (a string of byte values, `?` for any byte) at `offset`. */
function at(bytes: Uint8Array, offset: number, signature: string): boolean {
  if (bytes.length < offset + signature.length) return false;
  for (let i = 0; i < signature.length; i++) {
    if (signature[i] !== '?' && bytes[offset + i] !== signature.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * An ISO base media file (MP4): a first box of type `ftyp` whose size is a multiple of 4,
 * at least 8 and within the file. Any brand: `isom`, `mp41`, `mp42`, `avc1` and the rest are
 * all written as `.mp4`.
 */
function isMp4(bytes: Uint8Array): boolean {
  if (!at(bytes, 4, 'ftyp')) return false;
  const size = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  return size >= 8 && size % 4 === 0 && size <= bytes.length;
}

/**
 * WebM: an EBML header whose DocType (element `42 82`, in the header's first bytes) is
 * `webm`; a Matroska file (`matroska`) has the same magic number but another type.
 */
function isWebm(bytes: Uint8Array): boolean {
  if (!at(bytes, 0, '\x1a\x45\xdf\xa3')) return false;
  for (let i = 4; i < Math.min(bytes.length, 64); i++) {
    if (bytes[i] !== 0x42 || bytes[i + 1] !== 0x82) continue;
    // The element's size is a variable-length integer: its first byte's leading zeros, plus one, give its length.
    const first = bytes[i + 2] ?? 0;
    const sizeLength = first === 0 ? 9 : Math.clz32(first) - 23;
    if (at(bytes, i + 2 + sizeLength, 'webm')) return true;
  }
  return false;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The bytes as UTF-8 text without NUL, or `undefined`: a log in UTF-16 or a binary file named `.txt` is not text. */
export function utf8Text(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function isJson(bytes: Uint8Array): boolean {
  const text = utf8Text(bytes);
  if (text === undefined) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const MATCHES: Record<AttachmentType, (bytes: Uint8Array) => boolean> = {
  'image/png': (bytes) => at(bytes, 0, '\x89PNG\r\n\x1a\n'),
  'image/jpeg': (bytes) => at(bytes, 0, '\xff\xd8\xff'),
  'image/gif': (bytes) => at(bytes, 0, 'GIF87a') || at(bytes, 0, 'GIF89a'),
  'image/webp': (bytes) => at(bytes, 0, 'RIFF????WEBPVP'),
  'video/mp4': isMp4,
  'video/webm': isWebm,
  'application/pdf': (bytes) => at(bytes, 0, '%PDF-'),
  // A local file header, or the end record of an empty archive, or a spanned archive's marker.
  'application/zip': (bytes) => at(bytes, 0, 'PK\x03\x04') || at(bytes, 0, 'PK\x05\x06') || at(bytes, 0, 'PK\x07\x08'),
  'text/plain': (bytes) => utf8Text(bytes) !== undefined,
  'text/csv': (bytes) => utf8Text(bytes) !== undefined,
  'application/json': isJson,
};

/** Why `bytes` are not a file of `type`, in a message for the problem details; `undefined` when they are. */
export function mismatch(type: AttachmentType, bytes: Uint8Array): string | undefined {
  if (MATCHES[type](bytes)) return undefined;
  if (type === 'application/json') return 'The content must be JSON in UTF-8';
  if (type.startsWith('text/')) return 'The content must be text in UTF-8, without NUL characters';
  return `The content is not ${type}`;
}
