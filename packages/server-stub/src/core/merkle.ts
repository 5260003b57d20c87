/**
 * The activity log's Merkle tree, as in RFC 9162 §2.1 (Certificate Transparency 2.0):
 * leaf hashes, tree heads, inclusion and consistency proofs.
 *
 * - Leaf `i` is the log entry with `seq = i + 1`. Its hash is
 *   `SHA-256(0x00 ‖ UTF-8(canonicalize(entry)))`, the entry's RFC 8785 (JCS) canonical JSON:
 *   every field of the entry as the log keeps it (`prevHash` and `hash` included), nothing added.
 * - An inner node is `SHA-256(0x01 ‖ left ‖ right)`; the tree of `n` leaves is RFC 9162's
 *   `MTH`: its left subtree holds the largest power of two below `n`. The empty tree's hash
 *   is `SHA-256("")`.
 * - Every hash crossing this module's API is 64 lower-case hex digits.
 *
 * Pure and synchronous (SHA-256 from `@noble/hashes`, no `node:*`), so it runs unchanged
 * in Node, a browser and msw's service worker. Signing a tree head is in `tree-head.ts`.
 */
import type { ConsistencyProof, InclusionProof, SignedTreeHead } from '@vuln-report/contract';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/** Bytes in a SHA-256 hash. */
export const HASH_BYTES = 32;

/** The root hash of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const HEX_HASH = /^[0-9a-f]{64}$/;

/** Whether `value` is a hash as this module writes it: 64 lower-case hex digits. */
export function isHexHash(value: unknown): value is string {
  return typeof value === 'string' && HEX_HASH.test(value);
}

// ---------------------------------------------------------------------------------------
// RFC 8785: JSON Canonicalization Scheme
// ---------------------------------------------------------------------------------------

/**
 * The RFC 8785 (JCS) canonical JSON of a JSON value: object members sorted by their
 * names' UTF-16 code units, numbers as ECMAScript writes them (`1e+21`, `0.1`, `-0` as
 * `0`), strings as `JSON.stringify` escapes them (a lone surrogate as `\udxxx`), and no
 * whitespace. A member whose value is `undefined` is left out, as `JSON.stringify` and
 * the wire do. Throws a `TypeError` on what JSON cannot carry: a non-finite number, a
 * bigint, a function, a symbol, `undefined` in an array, or an object that is not plain
 * (a `Date`, a `Map`, a class instance): convert those to JSON values first.
 */
export function canonicalize(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        return `[${value.map((item) => {
          if (item === undefined) throw new TypeError('canonical JSON has no undefined in an array');
          return canonicalize(item);
        }).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new TypeError('canonical JSON takes plain objects only');
      const record = value as Record<string, unknown>;
      const members: string[] = [];
      // The default sort compares UTF-16 code units, as RFC 8785 §3.2.3 asks.
      for (const key of Object.keys(record).sort()) {
        if (record[key] === undefined) continue;
        members.push(`${JSON.stringify(key)}:${canonicalize(record[key])}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no ${typeof value}`);
  }
}

// ---------------------------------------------------------------------------------------
// Hashes
// ---------------------------------------------------------------------------------------

/** `SHA-256(0x00 ‖ data)`: the hash of a leaf whose content is `data`. */
export function hashLeaf(data: Uint8Array): Uint8Array {
  const input = new Uint8Array(data.length + 1);
  input.set(data, 1);
  return sha256(input);
}

/** Scratch for {@link hashChildren}: the prefix and both children, hashed in one call. */
const NODE_INPUT = new Uint8Array(1 + 2 * HASH_BYTES);
NODE_INPUT[0] = 0x01;

/** `SHA-256(0x01 ‖ left ‖ right)`: the hash of an inner node, whose children are 32-byte hashes. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) throw new TypeError(`a node's children are ${HASH_BYTES}-byte hashes`);
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_BYTES);
  return sha256(NODE_INPUT);
}

/** The leaf hash of a log entry (any JSON value), in hex: `SHA-256(0x00 ‖ canonicalize(entry))`. */
export function entryLeafHash(entry: unknown): string {
  return bytesToHex(hashLeaf(utf8ToBytes(canonicalize(entry))));
}

/** A hash as bytes, from hex or bytes; throws on anything that is not 32 bytes. */
function hashBytes(hash: string | Uint8Array): Uint8Array {
  if (typeof hash === 'string') {
    if (!HEX_HASH.test(hash)) throw new TypeError('a hash is 64 lower-case hex digits');
    return hexToBytes(hash);
  }
  if (hash.length !== HASH_BYTES) throw new TypeError(`a hash is ${HASH_BYTES} bytes`);
  return hash;
}

/** The largest power of two strictly below `n` (`n` ≥ 2): RFC 9162's `k`. Exact up to 2^53. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// ---------------------------------------------------------------------------------------
// Proofs and tree heads: the shapes that travel
// ---------------------------------------------------------------------------------------

/** RFC 9162's inclusion and consistency proofs, as the contract ships them (see its schemas). */
export type { ConsistencyProof, InclusionProof } from '@vuln-report/contract';

/** What a tree head states, before it is signed. */
export type TreeHead = Pick<SignedTreeHead, 'size' | 'rootHash' | 'timestamp'>;

/** The first line of what a tree head's signature covers: names the format and its version. */
export const TREE_HEAD_LABEL = 'vuln-report-sth/1';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/**
 * The bytes a tree head's Ed25519 signature covers, UTF-8 of
 * `vuln-report-sth/1\n{size}\n{rootHash}\n{timestamp}`: `size` in decimal, `rootHash` in
 * lower-case hex, `timestamp` in RFC 3339 UTC. No trailing newline. Throws a `TypeError`
 * on a head that is not in that form (so no field can smuggle a newline into another).
 */
export function treeHeadBytes(head: TreeHead): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(head.size) || head.size < 0) throw new TypeError('a tree head size is a non-negative integer');
  if (!isHexHash(head.rootHash)) throw new TypeError('a tree head root hash is 64 lower-case hex digits');
  if (typeof head.timestamp !== 'string' || !TIMESTAMP.test(head.timestamp) || Number.isNaN(Date.parse(head.timestamp))) {
    throw new TypeError('a tree head timestamp is RFC 3339 in UTC (2026-01-01T00:00:00.000Z)');
  }
  return new TextEncoder().encode(`${TREE_HEAD_LABEL}\n${head.size}\n${head.rootHash}\n${head.timestamp}`);
}

// ---------------------------------------------------------------------------------------
// The tree
// ---------------------------------------------------------------------------------------

/**
 * A {@link MerkleLog} as plain data: what a store keeps, and {@link MerkleLog.restore}
 * takes back with no hashing. Structured-cloneable (IndexedDB, `postMessage`,
 * `v8.serialize`). `levels[k]` holds the hashes of the complete subtrees of `2^k` leaves,
 * left to right, 32 bytes each: `levels[0]` is the leaf hashes.
 */
export interface MerkleLogSnapshot {
  size: number;
  levels: Uint8Array[];
}

/** One level of stored hashes: a growable run of 32-byte hashes. */
class HashRun {
  bytes: Uint8Array;
  count = 0;

  constructor(capacity = 16) {
    this.bytes = new Uint8Array(capacity * HASH_BYTES);
  }

  push(hash: Uint8Array): void {
    const at = this.count * HASH_BYTES;
    if (at + HASH_BYTES > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, 16 * HASH_BYTES));
      grown.set(this.bytes.subarray(0, at));
      this.bytes = grown;
    }
    this.bytes.set(hash, at);
    this.count += 1;
  }

  /** Hash `index`, as a view into the run (copy it to keep it across a push). */
  at(index: number): Uint8Array {
    return this.bytes.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }
}

/**
 * An append-only Merkle tree over leaf hashes, keeping the hash of every complete
 * (power-of-two) subtree: about `2n` hashes, 64 bytes a leaf. Appending hashes one leaf
 * and, amortised, one inner node. The root of any past size, an inclusion proof and a
 * consistency proof between any two sizes up to the current one are assembled from those
 * stored hashes, hashing at most `O(log n)` nodes: leaves are never rehashed per request.
 *
 * Past sizes stay answerable because the tree only grows: a complete subtree never changes.
 */
export class MerkleLog {
  /** `levels[k]`: the complete subtrees of `2^k` leaves, left to right. */
  private readonly levels: HashRun[];

  private constructor(levels: HashRun[]) {
    this.levels = levels.length > 0 ? levels : [new HashRun()];
  }

  /** An empty tree. */
  static empty(): MerkleLog {
    return new MerkleLog([]);
  }

  /**
   * A tree over `hashes` (hex or 32-byte arrays), built in `O(n)`: the way to rebuild it
   * at start-up from the leaf hashes a store kept (or from `entries.map(entryLeafHash)`).
   */
  static fromLeafHashes(hashes: Iterable<string | Uint8Array>): MerkleLog {
    const log = MerkleLog.empty();
    for (const hash of hashes) log.append(hash);
    return log;
  }

  /**
   * The tree a {@link snapshot} describes, taken as it is (no hashing: rebuild with
   * {@link fromLeafHashes} when the snapshot's source is not trusted). Throws a
   * `TypeError` when the levels do not fit its size.
   */
  static restore(snapshot: MerkleLogSnapshot): MerkleLog {
    const { size, levels } = snapshot;
    if (!Number.isSafeInteger(size) || size < 0 || !Array.isArray(levels)) throw new TypeError('not a Merkle log snapshot');
    const counts = [size];
    for (let count = Math.floor(size / 2); count > 0; count = Math.floor(count / 2)) counts.push(count);
    if (levels.length !== counts.length) throw new TypeError(`Merkle log snapshot: ${size} leaves make ${counts.length} levels, not ${levels.length}`);
    const runs = counts.map((count, k) => {
      const bytes = levels[k];
      if (!(bytes instanceof Uint8Array) || bytes.length !== count * HASH_BYTES) {
        throw new TypeError(`Merkle log snapshot: level ${k} should hold ${count} hashes`);
      }
      const run = new HashRun(Math.max(count, 16));
      run.bytes.set(bytes);
      run.count = count;
      return run;
    });
    return new MerkleLog(runs);
  }

  /** Leaves in the tree. */
  get size(): number {
    return this.levels[0]!.count;
  }

  /** The tree as plain data (copies, trimmed to their hashes): see {@link MerkleLogSnapshot}. */
  snapshot(): MerkleLogSnapshot {
    const levels = this.levels.filter((run, k) => k === 0 || run.count > 0).map((run) => run.bytes.slice(0, run.count * HASH_BYTES));
    return { size: this.size, levels };
  }

  /**
   * Adds a leaf by its hash (hex or 32 bytes: see {@link entryLeafHash}) and returns its
   * index. Throws a `TypeError` on anything that is not a hash.
   */
  append(leafHash: string | Uint8Array): number {
    const leaf = hashBytes(leafHash);
    const index = this.size;
    this.levels[0]!.push(leaf);
    // Each right child completes its parent: hash the pair one level up, and so on.
    for (let k = 0, i = index; i % 2 === 1; k++, i = (i - 1) / 2) {
      const run = this.levels[k]!;
      const parent = hashChildren(run.at(i - 1), run.at(i));
      (this.levels[k + 1] ??= new HashRun()).push(parent);
    }
    return index;
  }

  /** Appends an entry (any JSON value) by its leaf hash; returns its index (`seq − 1`). */
  appendEntry(entry: unknown): number {
    return this.append(entryLeafHash(entry));
  }

  /** The stored hash of leaf `index`, hex. */
  leafHash(index: number): string {
    this.checkIndex(index, this.size);
    return bytesToHex(this.levels[0]!.at(index));
  }

  /** RFC 9162's `MTH` of the first `size` leaves (default: all), hex. */
  rootHash(size = this.size): string {
    this.checkSize(size);
    return size === 0 ? EMPTY_ROOT_HASH : bytesToHex(this.rangeHash(0, size));
  }

  /** The tree head for the first `size` leaves (default: all), ready to sign. */
  treeHead(timestamp: string, size = this.size): TreeHead {
    return { size, rootHash: this.rootHash(size), timestamp };
  }

  /**
   * The inclusion proof of leaf `leafIndex` in the tree of the first `treeSize` leaves
   * (default: all): RFC 9162 §2.1.3.1. Throws a `RangeError` unless `0 ≤ leafIndex < treeSize ≤ size`.
   */
  inclusionProof(leafIndex: number, treeSize = this.size): InclusionProof {
    this.checkSize(treeSize);
    this.checkIndex(leafIndex, treeSize);
    // Walk down from the root to the leaf, taking the other side at each split: the path
    // comes out root side first. Past the first step left, every range is a complete
    // subtree, so only one sibling is ever hashed from several stored nodes.
    const path: Uint8Array[] = [];
    let lo = 0;
    let hi = treeSize;
    while (hi - lo > 1) {
      const k = splitPoint(hi - lo);
      if (leafIndex < lo + k) {
        path.push(this.rangeHash(lo + k, hi));
        hi = lo + k;
      } else {
        path.push(this.rangeHash(lo, lo + k));
        lo += k;
      }
    }
    return { leafIndex, treeSize, hashes: path.reverse().map(bytesToHex) };
  }

  /**
   * The consistency proof from the tree of the first `fromSize` leaves to the tree of the
   * first `toSize` (default: all): RFC 9162 §2.1.4.1, empty when `fromSize` is 0 or equals
   * `toSize`. Throws a `RangeError` unless `0 ≤ fromSize ≤ toSize ≤ size`.
   */
  consistencyProof(fromSize: number, toSize = this.size): ConsistencyProof {
    this.checkSize(toSize);
    if (!Number.isSafeInteger(fromSize) || fromSize < 0 || fromSize > toSize) {
      throw new RangeError(`a consistency proof goes from 0 to ${toSize} leaves, not from ${fromSize}`);
    }
    const path: Uint8Array[] = [];
    if (fromSize > 0) {
      // SUBPROOF(m, D[lo:hi], b), unrolled: `whole` is b, true while the old tree is
      // still a left edge of the range (its root then need not be sent: the verifier has it).
      let lo = 0;
      let hi = toSize;
      let whole = true;
      while (fromSize !== hi) {
        const k = splitPoint(hi - lo);
        if (fromSize <= lo + k) {
          path.push(this.rangeHash(lo + k, hi));
          hi = lo + k;
        } else {
          path.push(this.rangeHash(lo, lo + k));
          lo += k;
          whole = false;
        }
      }
      if (!whole) path.push(this.rangeHash(lo, hi));
    }
    return { fromSize, toSize, hashes: path.reverse().map(bytesToHex) };
  }

  /**
   * `MTH(D[lo:hi])` for a range as RFC 9162's recursion makes them (`lo` a multiple of a
   * power of two at least `hi − lo`): the complete subtrees the range splits into, largest
   * first, folded from the right. One stored node, no hashing, for a complete subtree.
   */
  private rangeHash(lo: number, hi: number): Uint8Array {
    const pieces: Uint8Array[] = [];
    let at = lo;
    let width = 1;
    let level = 0;
    while (width * 2 <= hi - lo) {
      width *= 2;
      level += 1;
    }
    for (; at < hi; width /= 2, level -= 1) {
      if (at + width <= hi) {
        pieces.push(this.levels[level]!.at(at / width));
        at += width;
      }
    }
    let hash = pieces.pop()!;
    while (pieces.length > 0) hash = hashChildren(pieces.pop()!, hash);
    return hash;
  }

  private checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new RangeError(`the log has ${this.size} leaves: no tree of ${size}`);
    }
  }

  private checkIndex(index: number, size: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`no leaf ${index} in a tree of ${size}`);
    }
  }
}
