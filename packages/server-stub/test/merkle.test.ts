import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize, EMPTY_ROOT_HASH, entryLeafHash, hashChildren, hashLeaf, MerkleLog, treeHeadBytes } from '../src/core/merkle.ts';
import { exportTreeHeadSigner, fromBase64Url, generateTreeHeadSigner, importTreeHeadSigner, publishedKey, signTreeHead, toBase64Url, treeHeadKeyId } from '../src/core/tree-head.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const sha = (...parts: (Uint8Array | number[])[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(Uint8Array.from(part));
  return new Uint8Array(hash.digest());
};

/**
 * RFC 6962's eight-leaf test tree, as Certificate Transparency implementations test
 * with it (transparency-dev/merkle `proof/verify_test.go`, google/certificate-transparency-go):
 * the leaves' contents, the roots of the trees of 1 to 8 of them, and proofs.
 */
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
/** [leaf (1-based, as the vectors number them), tree size, path]. */
const INCLUSION: [number, number, string[]][] = [
  [1, 1, []],
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [3, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [2, 5, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];
/** [size 1, size 2, proof]. */
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  [6, 7, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
];

const vectorTree = () => MerkleLog.fromLeafHashes(LEAVES.map((leaf) => hashLeaf(Buffer.from(leaf, 'hex'))));

// ---------------------------------------------------------------------------------------
// A second implementation, naive on purpose: RFC 9162's recursive definitions, over all
// leaf hashes, with node:crypto. The tree must agree with it everywhere.
// ---------------------------------------------------------------------------------------

const naiveNode = (left: Uint8Array, right: Uint8Array) => sha([1], left, right);
const split = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);

function naiveMth(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return naiveNode(naiveMth(leaves.slice(0, k)), naiveMth(leaves.slice(k)));
}

function naivePath(m: number, leaves: Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k ? [...naivePath(m, leaves.slice(0, k)), naiveMth(leaves.slice(k))] : [...naivePath(m - k, leaves.slice(k)), naiveMth(leaves.slice(0, k))];
}

function naiveSubproof(m: number, leaves: Uint8Array[], whole: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return whole ? [] : [naiveMth(leaves)];
  const k = split(n);
  return m <= k
    ? [...naiveSubproof(m, leaves.slice(0, k), whole), naiveMth(leaves.slice(k))]
    : [...naiveSubproof(m - k, leaves.slice(k), false), naiveMth(leaves.slice(0, k))];
}

const naiveProof = (m: number, leaves: Uint8Array[]) => (m === 0 ? [] : naiveSubproof(m, leaves, true));

const leafHashes = (count: number) => Array.from({ length: count }, (_, i) => sha([0], Buffer.from(`entry ${i}`)));

describe('the Merkle tree against RFC 6962 test vectors', () => {
  it('hashes leaves and the empty tree as RFC 6962 does', () => {
    expect(MerkleLog.empty().rootHash()).toBe(EMPTY_ROOT_HASH);
    expect(EMPTY_ROOT_HASH).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(hashLeaf(new Uint8Array()))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(hex(hashLeaf(Buffer.from('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
  });

  it('gives the published roots of the trees of 1 to 8 leaves, all from the one tree of 8', () => {
    const tree = vectorTree();
    expect(ROOTS.map((_, i) => tree.rootHash(i + 1))).toEqual(ROOTS);
    // Grown one leaf at a time, each head is the same.
    const growing = MerkleLog.empty();
    for (const [i, leaf] of LEAVES.entries()) {
      growing.append(hashLeaf(Buffer.from(leaf, 'hex')));
      expect(growing.rootHash()).toBe(ROOTS[i]);
    }
  });

  it.each(INCLUSION)('gives the published inclusion proof of leaf %i in the tree of %i', (leaf, size, path) => {
    expect(vectorTree().inclusionProof(leaf - 1, size)).toEqual({ leafIndex: leaf - 1, treeSize: size, hashes: path });
  });

  it.each(CONSISTENCY)('gives the published consistency proof from %i to %i leaves', (from, to, path) => {
    expect(vectorTree().consistencyProof(from, to)).toEqual({ fromSize: from, toSize: to, hashes: path });
  });

  it('refuses proofs and roots for trees it does not have', () => {
    const tree = vectorTree();
    expect(() => tree.rootHash(9)).toThrow(RangeError);
    expect(() => tree.inclusionProof(8, 8)).toThrow(RangeError);
    expect(() => tree.inclusionProof(3, 3)).toThrow(RangeError);
    expect(() => tree.inclusionProof(-1)).toThrow(RangeError);
    expect(() => tree.consistencyProof(5, 4)).toThrow(RangeError);
    expect(() => tree.consistencyProof(1, 9)).toThrow(RangeError);
    expect(tree.consistencyProof(0, 8).hashes).toEqual([]);
    expect(() => tree.append('not a hash')).toThrow(TypeError);
    expect(() => tree.append(new Uint8Array(31))).toThrow(TypeError);
    expect(() => hashChildren(new Uint8Array(32), new Uint8Array(4))).toThrow(TypeError);
  });
});

describe('the Merkle tree against a naive implementation', () => {
  it('agrees on every root, inclusion and consistency proof of every tree up to 40 leaves', () => {
    const leaves = leafHashes(40);
    const tree = MerkleLog.fromLeafHashes(leaves);
    for (let n = 0; n <= 40; n++) {
      const prefix = leaves.slice(0, n);
      expect(tree.rootHash(n), `root ${n}`).toBe(hex(naiveMth(prefix)));
      for (let i = 0; i < n; i++) expect(tree.inclusionProof(i, n).hashes, `path ${i} ${n}`).toEqual(naivePath(i, prefix).map(hex));
      for (let m = 0; m <= n; m++) expect(tree.consistencyProof(m, n).hashes, `proof ${m} ${n}`).toEqual(naiveProof(m, prefix).map(hex));
    }
  });

  it('agrees for random sizes, indexes and past sizes (fast-check)', () => {
    const leaves = leafHashes(1100);
    const tree = MerkleLog.fromLeafHashes(leaves);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1100 }), fc.nat(), fc.nat(), (n, i, m) => {
        const prefix = leaves.slice(0, n);
        const index = i % n;
        const from = m % (n + 1);
        expect(tree.rootHash(n)).toBe(hex(naiveMth(prefix)));
        expect(tree.inclusionProof(index, n).hashes).toEqual(naivePath(index, prefix).map(hex));
        expect(tree.consistencyProof(from, n).hashes).toEqual(naiveProof(from, prefix).map(hex));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps answering for past sizes while it grows (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 1, maxLength: 6 }), (batches) => {
        const leaves = leafHashes(batches.reduce((a, b) => a + b, 0));
        const tree = MerkleLog.empty();
        const heads: string[] = [];
        let at = 0;
        for (const batch of batches) {
          for (const leaf of leaves.slice(at, at + batch)) tree.append(leaf);
          at += batch;
          heads.push(tree.rootHash());
        }
        let size = 0;
        for (const [b, batch] of batches.entries()) {
          size += batch;
          expect(tree.rootHash(size)).toBe(heads[b]);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('the Merkle tree stored', () => {
  it('round-trips through a snapshot, plain data a store can keep, with no hashing', () => {
    const leaves = leafHashes(1000);
    const tree = MerkleLog.fromLeafHashes(leaves);
    const snapshot = structuredClone(tree.snapshot());
    expect(snapshot.levels.map((level) => level.length / 32)).toEqual([1000, 500, 250, 125, 62, 31, 15, 7, 3, 1]);
    const restored = MerkleLog.restore(snapshot);
    expect(restored.rootHash()).toBe(tree.rootHash());
    expect(restored.inclusionProof(777, 901)).toEqual(tree.inclusionProof(777, 901));
    expect(restored.leafHash(5)).toBe(hex(leaves[5]!));
    // It keeps growing after a restore, as the original does.
    for (const leaf of leafHashes(1003).slice(1000)) {
      restored.append(leaf);
      tree.append(leaf);
    }
    expect(restored.rootHash()).toBe(tree.rootHash());
    expect(MerkleLog.restore(MerkleLog.empty().snapshot()).size).toBe(0);
  });

  it('refuses a snapshot whose levels do not fit its size', () => {
    const snapshot = MerkleLog.fromLeafHashes(leafHashes(10)).snapshot();
    expect(() => MerkleLog.restore({ ...snapshot, size: 11 })).toThrow(TypeError);
    expect(() => MerkleLog.restore({ ...snapshot, levels: snapshot.levels.slice(0, 2) })).toThrow(TypeError);
    expect(() => MerkleLog.restore({ size: 10, levels: [...snapshot.levels, new Uint8Array(32)] })).toThrow(TypeError);
  });
});

describe('canonical JSON (RFC 8785)', () => {
  it('writes the RFC’s example exactly', () => {
    const input = JSON.parse('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}');
    expect(canonicalize(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('sorts members by UTF-16 code units, as the RFC’s sorting example', () => {
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    expect(Object.keys(JSON.parse(canonicalize(input)))).toEqual(['1', '\r', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    // Object.keys puts the integer-like '1' first; the text itself has '\r' first.
    expect(canonicalize(input).indexOf('"\\r"')).toBeLessThan(canonicalize(input).indexOf('"1"'));
  });

  it('writes numbers as ECMAScript does, and leaves out undefined members', () => {
    expect(canonicalize([-0, 1e21, 1e-7, 123456789012345680000, 5e-324, 0.1 + 0.2])).toBe('[0,1e+21,1e-7,123456789012345680000,5e-324,0.30000000000000004]');
    expect(canonicalize({ b: 1, a: undefined, c: { z: [], y: {} } })).toBe('{"b":1,"c":{"y":{},"z":[]}}');
  });

  it('refuses what JSON cannot carry', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 1n, () => 1, Symbol('s'), undefined, [undefined], new Date(0), new Map()]) {
      expect(() => canonicalize(bad), String(bad)).toThrow(TypeError);
    }
  });

  it('hashes an entry as SHA-256 of 0x00 and its canonical JSON', () => {
    const entry = { seq: 1, at: '2026-01-01T00:00:00.000Z', actor: 'Sam', tenants: ['acme'] };
    expect(entryLeafHash(entry)).toBe(hex(sha([0], Buffer.from('{"actor":"Sam","at":"2026-01-01T00:00:00.000Z","seq":1,"tenants":["acme"]}'))));
    expect(entryLeafHash({ tenants: ['acme'], actor: 'Sam', seq: 1, at: '2026-01-01T00:00:00.000Z' })).toBe(entryLeafHash(entry));
  });
});

describe('signed tree heads', () => {
  const head = { size: 8, rootHash: ROOTS[7]!, timestamp: '2026-11-26T10:00:00.000Z' };

  it('signs exactly the bytes vuln-report-sth/1, size, root and timestamp, one a line', () => {
    expect(new TextDecoder().decode(treeHeadBytes(head))).toBe(`vuln-report-sth/1\n8\n${ROOTS[7]}\n2026-11-26T10:00:00.000Z`);
    for (const bad of [{ ...head, size: -1 }, { ...head, size: 1.5 }, { ...head, rootHash: ROOTS[7]!.toUpperCase() }, { ...head, timestamp: '2026-11-26T10:00:00.000Z\n9' }, { ...head, timestamp: '26 Nov 2026' }]) {
      expect(() => treeHeadBytes(bad)).toThrow(TypeError);
    }
  });

  it('signs with Ed25519 (WebCrypto): base64url signature, raw base64url key, key id from the key', async () => {
    const signer = await generateTreeHeadSigner();
    const signed = await signTreeHead({ ...head, extra: 'ignored' } as typeof head, signer);
    expect(Object.keys(signed)).toEqual(['size', 'rootHash', 'timestamp', 'keyId', 'signature']);
    expect(signed.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(signer.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signed.keyId).toBe(treeHeadKeyId(fromBase64Url(signer.publicKey)));
    expect(signed.keyId).toBe(hex(sha(fromBase64Url(signer.publicKey))).slice(0, 16));
    const publicKey = await crypto.subtle.importKey('raw', fromBase64Url(signer.publicKey), 'Ed25519', false, ['verify']);
    expect(await crypto.subtle.verify('Ed25519', publicKey, fromBase64Url(signed.signature), treeHeadBytes(head))).toBe(true);
    expect(await crypto.subtle.verify('Ed25519', publicKey, fromBase64Url(signed.signature), treeHeadBytes({ ...head, size: 7 }))).toBe(false);
    expect(publishedKey(signer, '2026-01-01T00:00:00.000Z')).toEqual({ keyId: signer.keyId, publicKey: signer.publicKey, validFrom: '2026-01-01T00:00:00.000Z' });
  });

  it('exports the signing key as PKCS #8 and imports it back with its public key', async () => {
    const signer = await generateTreeHeadSigner();
    const again = await importTreeHeadSigner(await exportTreeHeadSigner(signer));
    expect({ keyId: again.keyId, publicKey: again.publicKey }).toEqual({ keyId: signer.keyId, publicKey: signer.publicKey });
    const signed = await signTreeHead(head, again);
    const publicKey = await crypto.subtle.importKey('raw', fromBase64Url(signer.publicKey), 'Ed25519', false, ['verify']);
    expect(await crypto.subtle.verify('Ed25519', publicKey, fromBase64Url(signed.signature), treeHeadBytes(head))).toBe(true);
  });

  it('encodes base64url without padding, both ways', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length) & 255);
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }
    expect(() => fromBase64Url('a+b/')).toThrow(TypeError);
    expect(() => fromBase64Url('abcde')).toThrow(TypeError);
  });
});
