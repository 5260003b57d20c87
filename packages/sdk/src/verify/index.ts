/**
 * `@vuln-report/sdk/verify`: checks the vendor's activity log from the customer's side,
 * with WebCrypto only (`crypto.subtle`: SHA-256 and Ed25519), in a browser or in Node ≥ 20.19.
 *
 * The log is a Merkle tree as in RFC 9162 (Certificate Transparency). The vendor signs
 * tree heads `{ size, rootHash, timestamp, keyId, signature }` with Ed25519; the customer
 * pins the vendor's public key and keeps the last head it verified. Then:
 *
 * - {@link verifyUpdate}: a new head is signed by a pinned key and extends the kept head
 *   (consistency proof), so nothing the customer saw before was edited, removed,
 *   reordered or cut off, and the log was not rewritten. Keep the head it returns.
 * - {@link verifyEntries}: each entry received (log view, evidence answer) is in that head
 *   at its place (`seq − 1`), unedited (inclusion proof).
 * - {@link verifyLog}: a whole log, entry by entry, rebuilds the head's root.
 *
 * Encodings: hashes are 64 lower-case hex digits; `signature` is the 64-byte Ed25519
 * signature base64url without padding; `publicKey` is the raw 32-byte Ed25519 key,
 * base64url without padding; timestamps are RFC 3339 UTC. The signature covers the UTF-8
 * bytes `vuln-report-sth/1\n{size}\n{rootHash}\n{timestamp}`.
 *
 * Every `verify*` function resolves to a {@link Verification}, never throws and never
 * rejects, whatever it is given.
 *
 * @packageDocumentation
 */
import type { SignedTreeHead, TreeHeadKey as PinnedKey } from '@vuln-report/contract';
import { canonicalize, entryLeafHash, equalBytes, fromBase64Url, hashChildren, hashFromHex, hashLeaf, toHex } from './hash.ts';

export { canonicalize, entryLeafHash };

/**
 * What the verifier checks, as the contract ships them: a signed tree head, a key the
 * customer pins (`GET /v1/activity-log/key`; copy it out of band), and RFC 9162's
 * inclusion and consistency proofs. Types only: nothing of the contract is bundled.
 */
export type { ConsistencyProof, InclusionProof, SignedTreeHead, TreeHeadKey as PinnedKey } from '@vuln-report/contract';

/**
 * Which check failed:
 * - `input`: not the expected shape (a head, a proof, an entry, a key list), or not JSON.
 * - `key`: the head names a key that is not pinned, or a pinned key outside its validity.
 * - `signature`: the Ed25519 signature does not verify with the pinned key.
 * - `entry`: an entry is not where its proof places it (`seq − 1` ≠ leaf index), or a log has a gap.
 * - `inclusion`: the entry's leaf hash and proof do not lead to the head's root (edited, or not in that tree).
 * - `consistency`: the new head does not extend the kept one (truncated, rewritten, or a proof for other sizes).
 * - `log`: a whole log does not rebuild the head's root.
 */
export type Check = 'input' | 'key' | 'signature' | 'entry' | 'inclusion' | 'consistency' | 'log';

/** Why a verification failed. */
export interface VerificationFailure {
  ok: false;
  check: Check;
  /** One sentence for a person. */
  reason: string;
  /** In a list (entries, a log): the position of the first item that failed. */
  index?: number;
}

/** A verification's outcome: `ok: true` with what was verified, or a {@link VerificationFailure}. */
export type Verification<T extends object = object> = ({ ok: true } & T) | VerificationFailure;

/** The largest proof accepted: a tree of 2^53 leaves needs 53 hashes. */
const MAX_PROOF = 64;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const EMPTY_ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const failure = (check: Check, reason: string, index?: number): VerificationFailure =>
  index === undefined ? { ok: false, check, reason } : { ok: false, check, reason, index };

/** Runs `check`, turning anything it throws into an `input` failure: the functions here never throw. */
async function guarded<T extends object>(check: () => Promise<Verification<T>>): Promise<Verification<T>> {
  try {
    return await check();
  } catch (error) {
    return failure('input', `could not be checked: ${(error as Error)?.message ?? String(error)}`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSize = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isTimestamp = (value: unknown): value is string => typeof value === 'string' && TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
const half = (n: number) => Math.floor(n / 2);
const odd = (n: number) => n % 2 === 1;

function isPowerOfTwo(n: number): boolean {
  let power = 1;
  while (power < n) power *= 2;
  return power === n;
}

/** The shape of a signed head, or why not. */
function headProblem(head: unknown): string | undefined {
  if (!isRecord(head)) return 'a tree head is an object';
  if (!isSize(head.size)) return 'a tree head size is a non-negative integer';
  if (!hashFromHex(head.rootHash)) return 'a tree head root hash is 64 lower-case hex digits';
  if (!isTimestamp(head.timestamp)) return 'a tree head timestamp is RFC 3339 UTC';
  if (typeof head.keyId !== 'string' || head.keyId === '') return 'a tree head names its key';
  if (fromBase64Url(head.signature)?.length !== 64) return 'a tree head signature is 64 bytes of base64url';
  return undefined;
}

/** The hashes of a proof, or undefined when it is not one. */
function proofHashes(hashes: unknown): Uint8Array[] | undefined {
  if (!Array.isArray(hashes) || hashes.length > MAX_PROOF) return undefined;
  const bytes = hashes.map(hashFromHex);
  return bytes.every((hash) => hash !== undefined) ? (bytes as Uint8Array[]) : undefined;
}

const imported = new Map<string, Promise<CryptoKey>>();

/** The pinned key as a WebCrypto key, imported once per public key. */
function verifyKey(publicKey: Uint8Array, text: string): Promise<CryptoKey> {
  let key = imported.get(text);
  if (!key) {
    key = crypto.subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, 'Ed25519', false, ['verify']);
    key.catch(() => imported.delete(text));
    imported.set(text, key);
  }
  return key;
}

/**
 * Checks a signed tree head: its shape, that `keyId` is one of `keys` (the keys the
 * customer pinned; a key list fetched from the vendor at the same time proves nothing),
 * that its `timestamp` falls within that key's validity, and the Ed25519 signature over
 * `vuln-report-sth/1\n{size}\n{rootHash}\n{timestamp}`.
 */
export function verifyTreeHead(head: unknown, keys: PinnedKey | readonly PinnedKey[]): Promise<Verification<{ head: SignedTreeHead; key: PinnedKey }>> {
  return guarded(async () => {
    const problem = headProblem(head);
    if (problem) return failure('input', problem);
    const signed = head as SignedTreeHead;
    const list: unknown[] = Array.isArray(keys) ? keys : [keys];
    const key = list.find((candidate): candidate is PinnedKey => isRecord(candidate) && candidate.keyId === signed.keyId);
    if (!key) return failure('key', `the head is signed with key ${JSON.stringify(signed.keyId)}, which is not pinned`);
    const raw = fromBase64Url(key.publicKey);
    if (raw?.length !== 32 || !isTimestamp(key.validFrom) || (key.validUntil !== undefined && !isTimestamp(key.validUntil))) {
      return failure('input', `pinned key ${JSON.stringify(key.keyId)} is not a raw Ed25519 key (base64url) with RFC 3339 validity`);
    }
    const at = Date.parse(signed.timestamp);
    if (at < Date.parse(key.validFrom) || (key.validUntil !== undefined && at >= Date.parse(key.validUntil))) {
      return failure('key', `the head is dated ${signed.timestamp}, outside the validity of key ${JSON.stringify(key.keyId)}`);
    }
    const bytes = new TextEncoder().encode(`vuln-report-sth/1\n${signed.size}\n${signed.rootHash}\n${signed.timestamp}`);
    const signature = fromBase64Url(signed.signature)!;
    const valid = await crypto.subtle.verify('Ed25519', await verifyKey(raw, key.publicKey), signature as Uint8Array<ArrayBuffer>, bytes);
    if (!valid) return failure('signature', `the signature does not verify with key ${JSON.stringify(key.keyId)}`);
    const { size, rootHash, timestamp, keyId } = signed;
    return { ok: true, head: { size, rootHash, timestamp, keyId, signature: signed.signature }, key };
  });
}

/** RFC 9162 §2.1.3.2: the root the inclusion path leads to, or undefined when the path does not fit the index and size. */
async function rootFromInclusion(index: number, size: number, leaf: Uint8Array, path: Uint8Array[]): Promise<Uint8Array | undefined> {
  if (index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return undefined;
    if (odd(fn) || fn === sn) {
      r = await hashChildren(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = await hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

/**
 * Checks that the leaf hash `leafHash` (hex) is at `proof.leafIndex` in the tree `head`
 * describes. Hashes only: verify the head's signature first ({@link verifyTreeHead}).
 * A proof made for a tree of another size than `head.size` fails.
 */
export function verifyInclusion(leafHash: string, proof: unknown, head: Pick<SignedTreeHead, 'size' | 'rootHash'>): Promise<Verification> {
  return guarded(async () => {
    const leaf = hashFromHex(leafHash);
    const root = hashFromHex(head?.rootHash);
    if (!leaf || !root || !isSize(head.size)) return failure('input', 'a leaf hash and a head with a size and a hex root hash are needed');
    if (!isRecord(proof) || !isSize(proof.leafIndex) || !isSize(proof.treeSize)) return failure('input', 'an inclusion proof has a leaf index and a tree size');
    const path = proofHashes(proof.hashes);
    if (!path) return failure('input', 'an inclusion proof has a list of hex hashes');
    if (proof.treeSize !== head.size) return failure('inclusion', `the proof is for a tree of ${proof.treeSize} entries, the head has ${head.size}`);
    if (proof.leafIndex >= head.size) return failure('inclusion', `there is no entry ${proof.leafIndex + 1} in a tree of ${head.size}`);
    const computed = await rootFromInclusion(proof.leafIndex, head.size, leaf, path);
    if (!computed) return failure('inclusion', `the proof does not fit entry ${proof.leafIndex + 1} of ${head.size} (wrong length)`);
    if (!equalBytes(computed, root)) return failure('inclusion', `entry ${proof.leafIndex + 1} and its proof do not lead to the head's root`);
    return { ok: true };
  });
}

/**
 * Checks one entry of the log against a head: it is JSON, its `seq` is the proof's
 * `leafIndex + 1`, and its leaf hash (`SHA-256(0x00 ‖ canonical JSON)`) with the proof
 * leads to `head.rootHash`. Hashes only: verify the head's signature first.
 */
export function verifyEntry(entry: unknown, proof: unknown, head: Pick<SignedTreeHead, 'size' | 'rootHash'>): Promise<Verification<{ leafHash: string }>> {
  return guarded(async () => {
    if (!isRecord(entry)) return failure('input', 'an entry is an object');
    if (!isRecord(proof) || !isSize(proof.leafIndex)) return failure('input', 'an inclusion proof has a leaf index');
    if (entry.seq !== proof.leafIndex + 1) {
      return failure('entry', `entry ${JSON.stringify(entry.seq)} comes with the proof of entry ${proof.leafIndex + 1}`);
    }
    let leafHash: string;
    try {
      leafHash = await entryLeafHash(entry);
    } catch (error) {
      return failure('input', `entry ${entry.seq} is not JSON: ${(error as Error).message}`);
    }
    const included = await verifyInclusion(leafHash, proof, head);
    return included.ok ? { ok: true, leafHash } : included;
  });
}

/**
 * RFC 9162 §2.1.4.2: why the consistency path does not prove that the tree of `second`
 * leaves (root `secondHash`) extends the tree of `first` (root `firstHash`); undefined when it does.
 */
async function consistencyProblem(first: number, second: number, firstHash: Uint8Array, secondHash: Uint8Array, proof: Uint8Array[]): Promise<string | undefined> {
  if (first > second) return `the new head has ${second} entries, fewer than the ${first} of the kept head: the log was cut`;
  if (first === second) {
    if (proof.length > 0) return 'a proof between heads of one size is empty';
    return equalBytes(firstHash, secondHash) ? undefined : `two heads of ${first} entries with different roots: the log was rewritten`;
  }
  if (first === 0) return proof.length > 0 ? 'a proof from the empty log is empty' : undefined;
  if (proof.length === 0) return 'the proof is empty';
  // A first tree that is a complete subtree is the left edge of the path: its root is not sent.
  const path = isPowerOfTwo(first) ? [firstHash, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return 'the proof is longer than the sizes allow';
    if (odd(fn) || fn === sn) {
      fr = await hashChildren(c, fr);
      sr = await hashChildren(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = await hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return 'the proof is shorter than the sizes need';
  if (!equalBytes(fr, firstHash)) return `the proof does not rebuild the kept head's root: the first ${first} entries changed`;
  if (!equalBytes(sr, secondHash)) return "the proof does not rebuild the new head's root";
  return undefined;
}

/**
 * Checks that `head` extends `kept`: the tree of `head.size` entries begins with the
 * `kept.size` entries the kept head covers, unchanged. `proof` must be for exactly those
 * two sizes (it may be left out when they are equal). Hashes only: {@link verifyUpdate}
 * checks the signature as well.
 */
export function verifyConsistency(kept: Pick<SignedTreeHead, 'size' | 'rootHash'>, head: Pick<SignedTreeHead, 'size' | 'rootHash'>, proof: unknown): Promise<Verification> {
  return guarded(async () => {
    const keptRoot = hashFromHex(kept?.rootHash);
    const headRoot = hashFromHex(head?.rootHash);
    if (!keptRoot || !headRoot || !isSize(kept.size) || !isSize(head.size)) return failure('input', 'two heads with a size and a hex root hash are needed');
    if (kept.size === 0 && kept.rootHash !== EMPTY_ROOT) return failure('consistency', 'the kept head of the empty log has another root than the empty tree');
    // Two heads of one size need no proof: their roots must be equal.
    if (proof === undefined && kept.size === head.size) proof = { fromSize: kept.size, toSize: head.size, hashes: [] };
    if (!isRecord(proof) || !isSize(proof.fromSize) || !isSize(proof.toSize)) return failure('input', 'a consistency proof has two sizes');
    const path = proofHashes(proof.hashes);
    if (!path) return failure('input', 'a consistency proof has a list of hex hashes');
    if (proof.fromSize !== kept.size || proof.toSize !== head.size) {
      return failure('consistency', `the proof goes from ${proof.fromSize} to ${proof.toSize} entries, the heads have ${kept.size} and ${head.size}`);
    }
    const problem = await consistencyProblem(kept.size, head.size, keptRoot, headRoot, path);
    return problem ? failure('consistency', problem) : { ok: true };
  });
}

/** What {@link verifyUpdate} takes. */
export interface UpdateInput {
  /** The vendor's keys, pinned by the customer. */
  keys: PinnedKey | readonly PinnedKey[];
  /** The head the customer kept from the last verification; absent the first time (the new head is then trusted on first use). */
  kept?: SignedTreeHead;
  /** The new head. */
  head: unknown;
  /** `GET /v1/activity-log/consistency?from={kept.size}&to={head.size}`; not needed the first time, nor when the size has not changed. */
  proof?: unknown;
}

/**
 * Checks a new head against the customer's pinned keys and the head it kept: signed by a
 * pinned key, not older than the kept head, and extending it (consistency proof). On
 * success, keep the returned `head` in place of the old one. The kept head itself is the
 * customer's own record: only its shape is checked, not its signature again.
 */
export function verifyUpdate({ keys, kept, head, proof }: UpdateInput): Promise<Verification<{ head: SignedTreeHead; firstUse: boolean }>> {
  return guarded(async () => {
    const signed = await verifyTreeHead(head, keys);
    if (!signed.ok) return signed;
    if (kept === undefined) return { ok: true, head: signed.head, firstUse: true };
    const problem = headProblem(kept);
    if (problem) return failure('input', `the kept head: ${problem}`);
    if (Date.parse(signed.head.timestamp) < Date.parse(kept.timestamp)) {
      return failure('consistency', `the new head (${signed.head.timestamp}) is older than the kept one (${kept.timestamp})`);
    }
    const consistent = await verifyConsistency(kept, signed.head, proof);
    return consistent.ok ? { ok: true, head: signed.head, firstUse: false } : consistent;
  });
}

/** What {@link verifyEntries} takes. */
export interface EntriesInput {
  keys: PinnedKey | readonly PinnedKey[];
  /** The head the proofs were made against (check it extends the kept head with {@link verifyUpdate}). */
  head: unknown;
  /** Each entry with its inclusion proof against `head`. */
  entries: readonly { entry: unknown; proof: unknown }[];
}

/**
 * Checks entries the customer received (its log view, an evidence answer): the head's
 * signature, then each entry at its place in that head. A failure names the position
 * (`index`) of the first entry that does not verify.
 */
export function verifyEntries({ keys, head, entries }: EntriesInput): Promise<Verification<{ head: SignedTreeHead; entries: number }>> {
  return guarded(async () => {
    const signed = await verifyTreeHead(head, keys);
    if (!signed.ok) return signed;
    if (!Array.isArray(entries)) return failure('input', 'entries are a list of { entry, proof }');
    for (const [index, item] of entries.entries()) {
      const checked = await verifyEntry(item?.entry, item?.proof, signed.head);
      if (!checked.ok) return { ...checked, index };
    }
    return { ok: true, head: signed.head, entries: entries.length };
  });
}

/**
 * Checks a whole log against a head (signature checked when `keys` are given): entries
 * `seq` 1 to `head.size`, in order, with no gap, whose leaf hashes rebuild `head.rootHash`.
 * `O(n)` hashing: for an export, not for every page.
 */
export function verifyLog(entries: readonly unknown[], head: unknown, keys?: PinnedKey | readonly PinnedKey[]): Promise<Verification<{ entries: number }>> {
  return guarded(async () => {
    if (keys !== undefined) {
      const signed = await verifyTreeHead(head, keys);
      if (!signed.ok) return signed;
    }
    const root = hashFromHex((head as SignedTreeHead | undefined)?.rootHash);
    if (!root || !isSize((head as SignedTreeHead).size) || !Array.isArray(entries)) return failure('input', 'a list of entries and a head are needed');
    const size = (head as SignedTreeHead).size;
    // Complete subtrees so far, largest first: merged as soon as two have one size.
    const stack: { hash: Uint8Array; leaves: number }[] = [];
    for (const [index, entry] of entries.entries()) {
      if (!isRecord(entry) || entry.seq !== index + 1) return failure('entry', `entry ${index + 1} of the log is missing or out of place`, index);
      let hash: Uint8Array;
      try {
        hash = await hashLeaf(new TextEncoder().encode(canonicalize(entry)));
      } catch (error) {
        return failure('input', `entry ${index + 1} is not JSON: ${(error as Error).message}`, index);
      }
      let node = { hash, leaves: 1 };
      while (stack.length > 0 && stack[stack.length - 1]!.leaves === node.leaves) {
        const left = stack.pop()!;
        node = { hash: await hashChildren(left.hash, node.hash), leaves: node.leaves * 2 };
      }
      stack.push(node);
    }
    if (entries.length !== size) return failure('log', `the log has ${entries.length} entries, the head ${size}`);
    let computed = stack.pop()?.hash;
    while (computed && stack.length > 0) computed = await hashChildren(stack.pop()!.hash, computed);
    const rebuilt = computed ? toHex(computed) : EMPTY_ROOT;
    if (rebuilt !== toHex(root)) return failure('log', "the entries do not rebuild the head's root: one was edited, removed, added or moved");
    return { ok: true, entries: entries.length };
  });
}
