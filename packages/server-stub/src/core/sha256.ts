import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The SHA-256 of `input` (UTF-8 for strings), as 64 lower-case hex digits. Synchronous
 * and audited (`@noble/hashes`), so the domain core can hash-chain the activity log with
 * no I/O, unchanged in Node and in a service worker.
 */
export function sha256Hex(input: string | Uint8Array): string {
  return bytesToHex(sha256(typeof input === 'string' ? utf8ToBytes(input) : input));
}
