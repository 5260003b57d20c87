/**
 * Signed tree heads of the activity log: Ed25519 through WebCrypto (`crypto.subtle`,
 * algorithm `Ed25519`), so it runs in Node ≥ 20.19, a browser and a service worker alike.
 *
 * Encodings, the same everywhere a head or a key travels:
 * - `signature`: the 64-byte Ed25519 signature over {@link treeHeadBytes}, base64url
 *   (RFC 4648 §5, no padding): 86 characters.
 * - `publicKey`: the raw 32-byte Ed25519 public key, base64url without padding: 43 characters.
 * - `keyId`: {@link treeHeadKeyId}, the first 8 bytes of SHA-256 over the raw public key,
 *   16 lower-case hex digits, so anyone holding the key can recompute it.
 * - Hashes in hex, timestamps in RFC 3339 UTC (see `merkle.ts`).
 *
 * Making the bytes is pure and lives in `merkle.ts`; only signing is asynchronous, as
 * WebCrypto is.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { SignedTreeHead, TreeHeadKey } from '@vuln-report/contract';
import { treeHeadBytes, type TreeHead } from './merkle.ts';

export { treeHeadBytes, TREE_HEAD_LABEL, type TreeHead } from './merkle.ts';

/** A signed head and a signing key, as the contract ships them (`GET /v1/activity-log/tree-head`, `/key`). */
export type { SignedTreeHead, TreeHeadKey } from '@vuln-report/contract';

/** What signs heads: the private key (kept by the intake, never sent) and its public half. */
export interface TreeHeadSigner {
  keyId: string;
  /** Raw public key, base64url. */
  publicKey: string;
  privateKey: CryptoKey;
}

const ED25519 = 'Ed25519';

/** RFC 4648 §5 base64url, no padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of base64url text (no padding); throws a `TypeError` on anything else. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new TypeError('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** A key id derived from the raw public key: the first 8 bytes of its SHA-256, hex. */
export function treeHeadKeyId(rawPublicKey: Uint8Array): string {
  return bytesToHex(sha256(rawPublicKey).subarray(0, 8));
}

function signerFrom(privateKey: CryptoKey, rawPublic: Uint8Array): TreeHeadSigner {
  return { keyId: treeHeadKeyId(rawPublic), publicKey: toBase64Url(rawPublic), privateKey };
}

/**
 * A new signing key. `extractable` lets {@link exportTreeHeadSigner} write the private key
 * out for a store (the default); without it the key lives and dies with the process.
 */
export async function generateTreeHeadSigner({ extractable = true } = {}): Promise<TreeHeadSigner> {
  const pair = (await crypto.subtle.generateKey(ED25519, extractable, ['sign', 'verify'])) as CryptoKeyPair;
  const rawPublic = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return signerFrom(pair.privateKey, rawPublic);
}

/** The private key as PKCS #8, base64url: what a store keeps, secret. The signer must be extractable. */
export async function exportTreeHeadSigner(signer: TreeHeadSigner): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.exportKey('pkcs8', signer.privateKey)));
}

/** The signer whose PKCS #8 private key {@link exportTreeHeadSigner} wrote; its public key is recovered from it. */
export async function importTreeHeadSigner(pkcs8: string): Promise<TreeHeadSigner> {
  const der = fromBase64Url(pkcs8);
  // WebCrypto cannot derive a public key, but an Ed25519 JWK carries it (`x`).
  const extractable = await crypto.subtle.importKey('pkcs8', der, ED25519, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', extractable);
  if (typeof jwk.x !== 'string') throw new TypeError('not an Ed25519 private key');
  const privateKey = await crypto.subtle.importKey('pkcs8', der, ED25519, false, ['sign']);
  return signerFrom(privateKey, fromBase64Url(jwk.x));
}

/** The signer's public key as `GET /v1/activity-log/key` lists it. */
export function publishedKey(signer: TreeHeadSigner, validFrom: string, validUntil?: string): TreeHeadKey {
  return { keyId: signer.keyId, publicKey: signer.publicKey, validFrom, ...(validUntil === undefined ? {} : { validUntil }) };
}

/**
 * Signs `head` (its size, root hash and timestamp; see {@link treeHeadBytes}) and returns
 * `{ size, rootHash, timestamp, keyId, signature }`. Throws a `TypeError` on a head not in
 * the signed form.
 */
export async function signTreeHead(head: TreeHead, signer: TreeHeadSigner): Promise<SignedTreeHead> {
  const { size, rootHash, timestamp } = head;
  const bytes = treeHeadBytes({ size, rootHash, timestamp });
  const signature = new Uint8Array(await crypto.subtle.sign(ED25519, signer.privateKey, bytes));
  return { size, rootHash, timestamp, keyId: signer.keyId, signature: toBase64Url(signature) };
}
