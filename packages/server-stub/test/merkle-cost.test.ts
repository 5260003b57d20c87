import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

/** Every SHA-256 the tree computes goes through `@noble/hashes`: counted here. */
const counter = vi.hoisted(() => ({ hashes: 0 }));
vi.mock('@noble/hashes/sha2.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('@noble/hashes/sha2.js')>();
  return {
    ...original,
    sha256: (input: Uint8Array) => {
      counter.hashes += 1;
      return original.sha256(input);
    },
  };
});

const { MerkleLog } = await import('../src/core/merkle.ts');

/** Hashes done by `run`. */
function hashesIn(run: () => void): number {
  const before = counter.hashes;
  run();
  return counter.hashes - before;
}

describe('the Merkle tree’s hashing work', () => {
  const SIZE = 100_003;
  const leaves = Array.from({ length: SIZE }, (_, i) => new Uint8Array(createHash('sha256').update(`leaf ${i}`).digest()));
  const tree = MerkleLog.empty();
  const building = hashesIn(() => leaves.forEach((leaf) => tree.append(leaf)));

  it('appends with one inner hash per leaf, amortised (no leaf rehashed)', () => {
    expect(building).toBe(SIZE - 1 - (SIZE.toString(2).replace(/0/g, '').length - 1));
  });

  it('answers roots, inclusion and consistency proofs of any past size with O(log n) hashes, from stored nodes', () => {
    const log2 = Math.ceil(Math.log2(SIZE));
    let worst = 0;
    for (let round = 0; round < 400; round++) {
      const size = 1 + Math.floor(Math.random() * SIZE);
      const index = Math.floor(Math.random() * size);
      const from = Math.floor(Math.random() * (size + 1));
      const root = hashesIn(() => tree.rootHash(size));
      const inclusion = hashesIn(() => tree.inclusionProof(index, size));
      const consistency = hashesIn(() => tree.consistencyProof(from, size));
      expect(root).toBeLessThanOrEqual(log2);
      expect(inclusion).toBeLessThanOrEqual(log2);
      expect(consistency).toBeLessThanOrEqual(2 * log2);
      worst = Math.max(worst, root, inclusion, consistency);
    }
    // A complete tree's root and any proof in it are read, not hashed.
    expect(hashesIn(() => tree.rootHash(65_536))).toBe(0);
    expect(hashesIn(() => tree.inclusionProof(40_000, 65_536))).toBe(0);
    expect(worst).toBeGreaterThan(0);
  });
});
