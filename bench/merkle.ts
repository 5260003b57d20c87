/**
 * The activity log's Merkle tree: appending, making proofs (the intake's side, the pure
 * core with `@noble/hashes`) and verifying them (the customer's side,
 * `@vuln-report/sdk/verify` on WebCrypto), at each size given. Proofs and their
 * verification should grow with log₂ of the size, not with the size: the last rows
 * compare the largest size with the smallest.
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { verifyConsistency, verifyInclusion, verifyTreeHead } from '@vuln-report/sdk/verify';
import { entryLeafHash, MerkleLog } from '../packages/server-stub/src/core/merkle.ts';
import { generateTreeHeadSigner, publishedKey, signTreeHead } from '../packages/server-stub/src/core/tree-head.ts';
import { bytes, median, num, percentile, type Row } from './stats.ts';

/** Options of {@link benchMerkle}. */
export interface MerkleBenchOptions {
  /** Tree sizes, smallest first. */
  sizes: number[];
  /** Timed proofs (and as many verifications) per size, after as many unmeasured. */
  samples: number;
}

/** A realistic entry: the contract's v2 fields, the tenants blinded. */
const ENTRY = {
  seq: 1_000_000,
  at: '2026-11-26T10:00:00.000Z',
  actor: 'Sam Rivera',
  channel: 'api',
  action: 'report.assess',
  target: 'rpt_01JBENCH0000000000000000',
  tenants: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', '60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752'],
  outcome: 'ok',
  prevHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  hash: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
};

/** A full garbage collection, so heap figures count what is held, not what awaits collection. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** `count` leaf hashes in one buffer, 32 bytes each, made with node:crypto (fast; not what is measured). */
function leafHashes(count: number): Uint8Array {
  const all = new Uint8Array(count * 32);
  const seed = Buffer.alloc(8);
  for (let i = 0; i < count; i++) {
    seed.writeDoubleLE(i);
    all.set(createHash('sha256').update(seed).digest(), i * 32);
  }
  return all;
}

/** A small deterministic generator, so runs pick the same indexes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 2 ** 32;
  };
}

/** Runs `once` `samples` times unmeasured, then `samples` times measured: microseconds each. */
async function time(samples: number, once: (i: number) => unknown): Promise<number[]> {
  for (let i = 0; i < samples; i++) await once(i);
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await once(i);
    out.push((performance.now() - started) * 1000);
  }
  return out;
}

const µs = (values: number[]) => `${num(percentile(values, 50), 1)} µs median, ${num(percentile(values, 95), 1)} µs p95`;

/** Measures the tree at each size; throws when a proof does not verify. */
export async function benchMerkle({ sizes, samples }: MerkleBenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const signer = await generateTreeHeadSigner();
  const key = publishedKey(signer, '2026-01-01T00:00:00.000Z');
  const medians = new Map<number, { inclusion: number; consistency: number; verifyInclusion: number; verifyConsistency: number; hashes: number }>();

  {
    const part = 'merkle log, per entry or head';
    const leaf = await time(samples * 5, () => entryLeafHash(ENTRY));
    const head = await signTreeHead({ size: 1, rootHash: ENTRY.hash, timestamp: ENTRY.at }, signer);
    const sign = await time(Math.min(samples, 500), () => signTreeHead({ size: 1, rootHash: ENTRY.hash, timestamp: ENTRY.at }, signer));
    const verify = await time(Math.min(samples, 500), async () => {
      if (!(await verifyTreeHead(head, key)).ok) throw new Error('a signed head did not verify');
    });
    rows.push(
      { part, what: 'leaf hash of an entry: RFC 8785 canonical JSON + SHA-256 (core, @noble/hashes)', ours: µs(leaf) },
      { part, what: 'sign a tree head: Ed25519 (WebCrypto, Node)', ours: µs(sign) },
      { part, what: 'verify a signed tree head against the pinned key (sdk/verify, WebCrypto)', ours: µs(verify) },
    );
  }

  // Unmeasured: a tree as large as the first, so appends are timed with the JIT settled.
  const warm = MerkleLog.empty();
  const warmLeaves = leafHashes(sizes[0]!);
  for (let i = 0; i < sizes[0]!; i++) warm.append(warmLeaves.subarray(i * 32, i * 32 + 32));

  for (const size of sizes) {
    const part = `merkle log, ${num(size)} entries`;
    const leaves = leafHashes(size);
    collect();
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const tree = MerkleLog.empty();
    const started = performance.now();
    for (let i = 0; i < size; i++) tree.append(leaves.subarray(i * 32, i * 32 + 32));
    const appendMs = performance.now() - started;
    collect();
    const held = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore;
    const stored = tree.snapshot().levels.reduce((sum, level) => sum + level.length, 0);

    // Random leaves and old sizes: the kept head is anywhere before the current one.
    const next = random(size);
    const picks = Array.from({ length: samples * 2 }, () => ({ index: Math.floor(next() * size), from: 1 + Math.floor(next() * (size - 1)) }));
    const head = { size, rootHash: tree.rootHash() };
    const inclusion = await time(samples, (i) => tree.inclusionProof(picks[i % picks.length]!.index));
    const consistency = await time(samples, (i) => tree.consistencyProof(picks[i % picks.length]!.from));
    const pastRoot = await time(samples, (i) => tree.rootHash(picks[i % picks.length]!.from));
    const proofs = picks.map(({ index, from }) => ({ inclusion: tree.inclusionProof(index), consistency: tree.consistencyProof(from), fromRoot: tree.rootHash(from) }));
    const verifyIn = await time(samples, async (i) => {
      const { inclusion: proof } = proofs[i]!;
      if (!(await verifyInclusion(tree.leafHash(proof.leafIndex), proof, head)).ok) throw new Error(`inclusion proof ${proof.leafIndex} of ${size} did not verify`);
    });
    const verifyCon = await time(samples, async (i) => {
      const { consistency: proof, fromRoot } = proofs[i]!;
      if (!(await verifyConsistency({ size: proof.fromSize, rootHash: fromRoot }, head, proof)).ok) throw new Error(`consistency proof ${proof.fromSize}→${size} did not verify`);
    });
    const hashes = median(proofs.map((proof) => proof.inclusion.hashes.length));
    const consistencyHashes = median(proofs.map((proof) => proof.consistency.hashes.length));
    medians.set(size, { inclusion: median(inclusion), consistency: median(consistency), verifyInclusion: median(verifyIn), verifyConsistency: median(verifyCon), hashes });

    rows.push(
      { part, what: `append ${num(size)} leaf hashes (one inner hash a leaf, amortised)`, ours: `${num(appendMs, 0)} ms in all, ${num((appendMs * 1000) / size, 2)} µs a leaf` },
      { part, what: 'memory: stored subtree hashes (and heap held by the tree)', ours: `${bytes(stored)} (${bytes(Math.max(held, 0))})` },
      { part, what: 'root of a past size (random, from stored subtrees)', ours: µs(pastRoot) },
      { part, what: `inclusion proof, random entry (median ${num(hashes)} hashes)`, ours: µs(inclusion) },
      { part, what: `consistency proof, random kept size to now (median ${num(consistencyHashes)} hashes)`, ours: µs(consistency) },
      { part, what: 'verify an inclusion proof (sdk/verify, WebCrypto SHA-256)', ours: µs(verifyIn) },
      { part, what: 'verify a consistency proof (sdk/verify, WebCrypto SHA-256)', ours: µs(verifyCon) },
    );
  }

  const first = sizes[0]!;
  const last = sizes.at(-1)!;
  if (last > first) {
    const a = medians.get(first)!;
    const b = medians.get(last)!;
    const part = `merkle log, ${num(last)} vs ${num(first)} entries`;
    const grew = `size ×${num(last / first)}, log₂ size ×${(Math.log2(last) / Math.log2(first)).toFixed(2)}`;
    const times = (x: number, y: number) => `×${(y / x).toFixed(2)}`;
    rows.push(
      { part, what: `inclusion proof length (${grew})`, ours: `${num(a.hashes)} → ${num(b.hashes)} hashes` },
      { part, what: 'inclusion / consistency proof generation, median time', ours: `${times(a.inclusion, b.inclusion)} / ${times(a.consistency, b.consistency)}` },
      { part, what: 'inclusion / consistency proof verification, median time', ours: `${times(a.verifyInclusion, b.verifyInclusion)} / ${times(a.verifyConsistency, b.verifyConsistency)}` },
    );
  }
  return rows;
}
