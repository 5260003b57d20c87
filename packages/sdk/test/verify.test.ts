import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
// The intake's side: the tree and the signer the verifier is checked against.
import { entryLeafHash as intakeLeafHash, hashLeaf, MerkleLog } from '../../server-stub/src/core/merkle.ts';
import { generateTreeHeadSigner, publishedKey, signTreeHead, type TreeHeadSigner } from '../../server-stub/src/core/tree-head.ts';
import {
  canonicalize,
  entryLeafHash,
  verifyConsistency,
  verifyEntries,
  verifyEntry,
  verifyInclusion,
  verifyLog,
  verifyTreeHead,
  verifyUpdate,
  type PinnedKey,
  type SignedTreeHead,
} from '../src/verify/index.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** Activity-log entries as the contract describes them (v2 fields), hash-chained. */
function makeEntries(count: number, offset = 0, actor = 'Sam'): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [];
  let prevHash = '0'.repeat(64);
  for (let i = 0; i < count; i++) {
    const body = {
      seq: i + 1,
      at: new Date(Date.UTC(2026, 10, 26, 10, 0, i + offset)).toISOString(),
      actor,
      channel: i % 3 === 0 ? 'sdk' : 'api',
      action: ['report.read', 'report.assess', 'incident.notify'][i % 3]!,
      target: `rpt_${i + offset}`,
      tenants: [sha(`blind:acme:${i % 4}`)],
      outcome: i % 7 === 6 ? 'denied' : 'ok',
      prevHash,
    };
    const hash = sha(JSON.stringify(body));
    entries.push({ ...body, hash });
    prevHash = hash;
  }
  return entries;
}

const T0 = Date.UTC(2026, 10, 26, 12);
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** The intake: a log, its tree, and heads signed as it would sign them. */
class Intake {
  readonly tree = MerkleLog.empty();
  constructor(
    readonly entries: Record<string, unknown>[],
    readonly signer: TreeHeadSigner,
  ) {
    for (const entry of entries) this.tree.appendEntry(entry);
  }
  head(minutes: number, size = this.tree.size): Promise<SignedTreeHead> {
    return signTreeHead(this.tree.treeHead(at(minutes), size), this.signer);
  }
  proved(seq: number, size = this.tree.size) {
    return { entry: this.entries[seq - 1], proof: this.tree.inclusionProof(seq - 1, size) };
  }
}

let signer: TreeHeadSigner;
let other: TreeHeadSigner;
let key: PinnedKey;

beforeAll(async () => {
  signer = await generateTreeHeadSigner();
  other = await generateTreeHeadSigner();
  key = publishedKey(signer, at(-60));
});

describe('tree heads', () => {
  it('accepts a head signed by the pinned key, in a key list too', async () => {
    const head = await new Intake(makeEntries(5), signer).head(0);
    expect(await verifyTreeHead(head, key)).toMatchObject({ ok: true, head, key });
    expect(await verifyTreeHead(head, [publishedKey(other, at(-60)), key])).toMatchObject({ ok: true });
  });

  it('catches a head signed by another key, named as itself or as the pinned key', async () => {
    const intake = new Intake(makeEntries(5), other);
    const foreign = await intake.head(0);
    expect(await verifyTreeHead(foreign, key)).toMatchObject({ ok: false, check: 'key' });
    const forged = { ...foreign, keyId: key.keyId };
    expect(await verifyTreeHead(forged, key)).toMatchObject({ ok: false, check: 'signature' });
  });

  it('catches a head whose size, root or time was changed after signing', async () => {
    const head = await new Intake(makeEntries(5), signer).head(0);
    expect(await verifyTreeHead({ ...head, size: 4 }, key)).toMatchObject({ ok: false, check: 'signature' });
    expect(await verifyTreeHead({ ...head, rootHash: sha('x') }, key)).toMatchObject({ ok: false, check: 'signature' });
    expect(await verifyTreeHead({ ...head, timestamp: at(1) }, key)).toMatchObject({ ok: false, check: 'signature' });
  });

  it('accepts a key only within its validity', async () => {
    const head = await new Intake(makeEntries(5), signer).head(0);
    expect(await verifyTreeHead(head, { ...key, validFrom: at(1) })).toMatchObject({ ok: false, check: 'key' });
    expect(await verifyTreeHead(head, { ...key, validUntil: at(0) })).toMatchObject({ ok: false, check: 'key' });
    expect(await verifyTreeHead(head, { ...key, validUntil: at(1) })).toMatchObject({ ok: true });
  });

  it('refuses malformed heads and keys as input, without throwing', async () => {
    const head = await new Intake(makeEntries(5), signer).head(0);
    for (const bad of [null, 1, 'head', [], { ...head, size: -1 }, { ...head, rootHash: 'AB' }, { ...head, signature: 'x' }, { ...head, timestamp: 'yesterday' }, { ...head, keyId: 1 }]) {
      expect(await verifyTreeHead(bad, key), JSON.stringify(bad)).toMatchObject({ ok: false, check: 'input' });
    }
    expect(await verifyTreeHead(head, { ...key, publicKey: 'short' })).toMatchObject({ ok: false, check: 'input' });
    expect(await verifyTreeHead(head, null as unknown as PinnedKey)).toMatchObject({ ok: false, check: 'key' });
  });
});

describe('the customer’s checks catch every tampering', () => {
  const N = 12;

  it('accepts an honest log growing: each new head extends the kept one, each entry is in it', async () => {
    const entries = makeEntries(30);
    let kept: SignedTreeHead | undefined;
    for (const [step, size] of [5, 8, 8, 13, 30].entries()) {
      const intake = new Intake(entries.slice(0, size), signer);
      const head = await intake.head(step);
      const update = await verifyUpdate({ keys: key, kept, head, proof: kept && intake.tree.consistencyProof(kept.size) });
      expect(update, `to ${size}`).toMatchObject({ ok: true, firstUse: step === 0 });
      kept = update.ok ? update.head : undefined;
      const view = [1, Math.ceil(size / 2), size].map((seq) => intake.proved(seq));
      expect(await verifyEntries({ keys: key, head, entries: view })).toEqual({ ok: true, head, entries: 3 });
      expect(await verifyLog(intake.entries, head, key)).toEqual({ ok: true, entries: size });
    }
  });

  it('catches an edited entry', async () => {
    const intake = new Intake(makeEntries(N), signer);
    const head = await intake.head(0);
    const edited = { ...intake.entries[3], tenants: [sha('blind:globex:0')] };
    const view = [intake.proved(3), { ...intake.proved(4), entry: edited }];
    expect(await verifyEntries({ keys: key, head, entries: view })).toMatchObject({ ok: false, check: 'inclusion', index: 1 });
    expect(await verifyLog(intake.entries.with(3, edited), head)).toMatchObject({ ok: false, check: 'log' });
    // Edited in the log, the tree rebuilt and a new head signed: it no longer extends the kept one.
    const rewritten = new Intake(intake.entries.with(3, edited), signer);
    const update = await verifyUpdate({ keys: key, kept: head, head: await rewritten.head(1), proof: rewritten.tree.consistencyProof(N) });
    expect(update).toMatchObject({ ok: false, check: 'consistency' });
  });

  it('catches a removed entry', async () => {
    const entries = makeEntries(N + 1);
    const intake = new Intake(entries.slice(0, N), signer);
    const kept = await intake.head(0);
    // Entry 5 removed, the rest renumbered, one more appended so the size looks right.
    const removed = [...entries.slice(0, 4), ...entries.slice(5)].map((entry, i) => ({ ...entry, seq: i + 1 }));
    const after = new Intake(removed, signer);
    const update = await verifyUpdate({ keys: key, kept, head: await after.head(1), proof: after.tree.consistencyProof(N) });
    expect(update).toMatchObject({ ok: false, check: 'consistency' });
    // Removed without renumbering: the gap shows.
    expect(await verifyLog(entries.slice(0, N).toSpliced(4, 1), kept)).toMatchObject({ ok: false, check: 'entry', index: 4 });
  });

  it('catches two entries swapped', async () => {
    const intake = new Intake(makeEntries(N), signer);
    const kept = await intake.head(0);
    // Swapped in place: entry 3 sits where entry 6 was.
    const swapped = intake.entries.with(2, intake.entries[5]!).with(5, intake.entries[2]!);
    expect(await verifyLog(swapped, kept)).toMatchObject({ ok: false, check: 'entry', index: 2 });
    expect(await verifyEntries({ keys: key, head: kept, entries: [{ entry: intake.entries[2], proof: intake.tree.inclusionProof(5) }] })).toMatchObject({ ok: false, check: 'entry', index: 0 });
    // Swapped and renumbered, the tree rebuilt: the new head does not extend the kept one.
    const renumbered = swapped.map((entry, i) => ({ ...entry, seq: i + 1 }));
    expect(await verifyLog(renumbered, kept)).toMatchObject({ ok: false, check: 'log' });
    const after = new Intake(renumbered, signer);
    const update = await verifyUpdate({ keys: key, kept, head: await after.head(1), proof: after.tree.consistencyProof(N) });
    expect(update).toMatchObject({ ok: false, check: 'consistency' });
    // And a renumbered entry with its new proof is not in the kept head.
    expect(await verifyEntry(renumbered[2], after.tree.inclusionProof(2), kept)).toMatchObject({ ok: false, check: 'inclusion' });
  });

  it('catches a truncated log', async () => {
    const intake = new Intake(makeEntries(N), signer);
    const kept = await intake.head(0);
    const cut = new Intake(intake.entries.slice(0, 7), signer);
    const head = await cut.head(1);
    for (const proof of [{ fromSize: N, toSize: 7, hashes: [] }, cut.tree.consistencyProof(7), intake.tree.consistencyProof(7, N)]) {
      expect(await verifyUpdate({ keys: key, kept, head, proof }), JSON.stringify(proof)).toMatchObject({ ok: false, check: 'consistency' });
    }
    expect(await verifyLog(intake.entries.slice(0, 7), kept)).toMatchObject({ ok: false, check: 'log' });
    // An old head, signed again with a new time, is still smaller than the kept one.
    expect(await verifyUpdate({ keys: key, kept, head: await intake.head(2, 7), proof: { fromSize: N, toSize: 7, hashes: [] } })).toMatchObject({ ok: false, check: 'consistency', reason: expect.stringMatching(/cut/) });
  });

  it('catches a log rewritten from the start with new hashes', async () => {
    const intake = new Intake(makeEntries(N), signer);
    const kept = await intake.head(0);
    const rewritten = new Intake(makeEntries(N + 5, 100, 'Mallory'), signer);
    const head = await rewritten.head(1);
    expect(await verifyTreeHead(head, key)).toMatchObject({ ok: true });
    expect(await verifyUpdate({ keys: key, kept, head, proof: rewritten.tree.consistencyProof(N) })).toMatchObject({ ok: false, check: 'consistency' });
    // Rewritten at the same size: two heads of one size with different roots.
    const same = new Intake(makeEntries(N, 100, 'Mallory'), signer);
    expect(await verifyUpdate({ keys: key, kept, head: await same.head(1), proof: { fromSize: N, toSize: N, hashes: [] } })).toMatchObject({ ok: false, check: 'consistency', reason: expect.stringMatching(/rewritten/) });
  });

  it('catches a head signed by another key, and a head older than the kept one', async () => {
    const intake = new Intake(makeEntries(N), signer);
    const kept = await intake.head(0);
    const impostor = new Intake(makeEntries(N + 3), other);
    const update = await verifyUpdate({ keys: key, kept, head: await impostor.head(1), proof: impostor.tree.consistencyProof(N) });
    expect(update).toMatchObject({ ok: false, check: 'key' });
    const older = new Intake(makeEntries(N + 3), signer);
    expect(await verifyUpdate({ keys: key, kept, head: await older.head(-1), proof: older.tree.consistencyProof(N) })).toMatchObject({ ok: false, check: 'consistency' });
    expect(await verifyEntries({ keys: key, head: await impostor.head(1), entries: [impostor.proved(1)] })).toMatchObject({ ok: false, check: 'key' });
  });

  it('catches a proof for another tree size', async () => {
    const intake = new Intake(makeEntries(N), signer);
    const head = await intake.head(0);
    const kept = await intake.head(-1, 6);
    // Inclusion: a proof for the tree of 9, as such and relabelled as the head's size.
    const proof9 = intake.tree.inclusionProof(4, 9);
    expect(await verifyEntry(intake.entries[4], proof9, head)).toMatchObject({ ok: false, check: 'inclusion' });
    expect(await verifyEntry(intake.entries[4], { ...proof9, treeSize: N }, head)).toMatchObject({ ok: false, check: 'inclusion' });
    // Consistency: a proof from 5 (not the kept 6), as such and relabelled.
    const from5 = intake.tree.consistencyProof(5);
    expect(await verifyUpdate({ keys: key, kept, head, proof: from5 })).toMatchObject({ ok: false, check: 'consistency' });
    expect(await verifyUpdate({ keys: key, kept, head, proof: { ...from5, fromSize: 6 } })).toMatchObject({ ok: false, check: 'consistency' });
    expect(await verifyUpdate({ keys: key, kept, head, proof: intake.tree.consistencyProof(6, 11) })).toMatchObject({ ok: false, check: 'consistency' });
    expect(await verifyUpdate({ keys: key, kept, head, proof: intake.tree.consistencyProof(6) })).toMatchObject({ ok: true });
    // Same size: no proof needed, but the roots must agree.
    expect(await verifyUpdate({ keys: key, kept: head, head: await intake.head(1) })).toMatchObject({ ok: true });
    expect(await verifyUpdate({ keys: key, kept, head: await intake.head(1, 6) })).toMatchObject({ ok: true });
    expect(await verifyUpdate({ keys: key, kept, head })).toMatchObject({ ok: false, check: 'input' });
  });

  it('never throws, whatever it is given (fast-check)', async () => {
    const intake = new Intake(makeEntries(N), signer);
    const head = await intake.head(0);
    await fc.assert(
      fc.asyncProperty(fc.anything({ withBigInt: true, withDate: true, withMap: true, withTypedArray: true, withNullPrototype: true }), fc.anything(), async (a, b) => {
        const results = await Promise.all([
          verifyTreeHead(a, key),
          verifyTreeHead(head, a as PinnedKey),
          verifyInclusion(a as string, b, head),
          verifyEntry(a, b, head),
          verifyEntry(intake.entries[0], a, head),
          verifyConsistency(head, a as SignedTreeHead, b),
          verifyUpdate({ keys: key, kept: head, head: a, proof: b }),
          verifyUpdate({ keys: key, kept: a as SignedTreeHead, head, proof: b }),
          verifyEntries({ keys: key, head, entries: a as never }),
          verifyEntries({ keys: key, head, entries: [{ entry: a, proof: b }] }),
          verifyLog(a as unknown[], head),
          verifyLog([a], b),
        ]);
        for (const result of results) expect(result.ok === true || (typeof result.check === 'string' && typeof result.reason === 'string')).toBe(true);
        // Only a first use with no kept head, or an empty list of entries, can pass.
        expect(results.filter((result, i) => result.ok && i !== 7 && i !== 8)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

type Head = Pick<SignedTreeHead, 'size' | 'rootHash'>;

describe('the verifier’s hashing agrees with the intake’s tree', () => {
  const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
  const vector = MerkleLog.fromLeafHashes(LEAVES.map((leaf) => hashLeaf(Buffer.from(leaf, 'hex'))));
  const leafHex = (i: number) => vector.leafHash(i);

  it('verifies the RFC 6962 inclusion vectors and none of their corruptions', async () => {
    const root = (size: number) => ({ size, rootHash: vector.rootHash(size) });
    for (const [leaf, size] of [[1, 1], [1, 8], [6, 8], [3, 3], [2, 5], [8, 8], [5, 7]] as const) {
      const proof = vector.inclusionProof(leaf - 1, size);
      expect(await verifyInclusion(leafHex(leaf - 1), proof, root(size)), `${leaf} of ${size}`).toEqual({ ok: true });
      const flip = (hash: string) => ((parseInt(hash[0]!, 16) ^ 8).toString(16) + hash.slice(1));
      const probes: [string, unknown, Head][] = [
        [leafHex(leaf - 1), { ...proof, leafIndex: leaf - 2 }, root(size)],
        [leafHex(leaf - 1), { ...proof, leafIndex: leaf }, root(size)],
        [leafHex(leaf - 1), { ...proof, leafIndex: (leaf - 1) ^ 2 }, root(size)],
        [leafHex(leaf - 1), { ...proof, treeSize: size * 2 }, root(size)],
        [leafHex(leaf - 1), { ...proof, treeSize: Math.floor(size / 2) }, root(size)],
        [sha('WrongLeaf'), proof, root(size)],
        [leafHex(leaf - 1), proof, { size, rootHash: sha('') }],
        [leafHex(leaf - 1), { ...proof, hashes: [...proof.hashes, vector.rootHash(size)] }, root(size)],
        [leafHex(leaf - 1), { ...proof, hashes: [vector.rootHash(size), ...proof.hashes] }, root(size)],
        ...proof.hashes.map((_, i): [string, unknown, Head] => [leafHex(leaf - 1), { ...proof, hashes: proof.hashes.with(i, flip(proof.hashes[i]!)) }, root(size)]),
        ...(proof.hashes.length > 0 ? [[leafHex(leaf - 1), { ...proof, hashes: proof.hashes.slice(0, -1) }, root(size)] satisfies [string, unknown, Head]] : []),
      ];
      for (const [hash, bad, against] of probes) expect((await verifyInclusion(hash, bad, against)).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('verifies the RFC 6962 consistency vectors and none of their corruptions', async () => {
    const head = (size: number) => ({ size, rootHash: vector.rootHash(size) });
    for (const [from, to] of [[1, 1], [1, 8], [6, 8], [2, 5], [6, 7], [3, 7], [4, 7], [7, 8], [0, 8]] as const) {
      const proof = vector.consistencyProof(from, to);
      expect(await verifyConsistency(head(from), head(to), proof), `${from} to ${to}`).toEqual({ ok: true });
      if (proof.hashes.length === 0) continue;
      const flip = (hash: string) => ((parseInt(hash[0]!, 16) ^ 1).toString(16) + hash.slice(1));
      const probes: [Head, Head, unknown][] = [
        [head(from), head(to), { ...proof, hashes: [] }],
        [head(from), head(to), { ...proof, hashes: proof.hashes.slice(0, -1) }],
        [head(from), head(to), { ...proof, hashes: [...proof.hashes, vector.rootHash(from)] }],
        [head(from), head(to), { ...proof, hashes: [proof.hashes[0]!, ...proof.hashes] }],
        [head(from), head(to), { ...proof, hashes: [vector.rootHash(to), ...proof.hashes] }],
        [{ size: from, rootHash: sha('x') }, head(to), proof],
        [head(from), { size: to, rootHash: sha('x') }, proof],
        [{ size: from, rootHash: vector.rootHash(to) }, { size: to, rootHash: vector.rootHash(from) }, proof],
        ...proof.hashes.map((_, i): [Head, Head, unknown] => [head(from), head(to), { ...proof, hashes: proof.hashes.with(i, flip(proof.hashes[i]!)) }]),
        ...(from > 1 ? [[head(from - 1), head(to), { ...proof, fromSize: from - 1 }] satisfies [Head, Head, unknown]] : []),
        ...(from + 1 < to ? [[head(from + 1), head(to), { ...proof, fromSize: from + 1 }] satisfies [Head, Head, unknown]] : []),
        [head(from), { size: to * 2, rootHash: vector.rootHash(to) }, { ...proof, toSize: to * 2 }],
      ];
      for (const [a, b, bad] of probes) expect((await verifyConsistency(a, b, bad)).ok, `${from}→${to} ${JSON.stringify(bad)}`).toBe(false);
    }
  });

  it('verifies every proof the intake makes, for random sizes (fast-check)', async () => {
    const leaves = Array.from({ length: 600 }, (_, i) => sha(`entry ${i}`));
    const tree = MerkleLog.fromLeafHashes(leaves.map((hash) => hashLeaf(Buffer.from(hash))));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 600 }), fc.nat(), fc.nat(), async (n, i, m) => {
        const index = i % n;
        const from = m % (n + 1);
        const head = { size: n, rootHash: tree.rootHash(n) };
        expect(await verifyInclusion(tree.leafHash(index), tree.inclusionProof(index, n), head)).toEqual({ ok: true });
        expect(await verifyConsistency({ size: from, rootHash: tree.rootHash(from) }, head, tree.consistencyProof(from, n))).toEqual({ ok: true });
        if (n > 1) expect((await verifyInclusion(tree.leafHash((index + 1) % n), tree.inclusionProof(index, n), head)).ok).toBe(false);
        if (from > 0 && from < n) expect((await verifyConsistency({ size: from, rootHash: tree.rootHash(from - 1) }, head, tree.consistencyProof(from, n))).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('hashes entries exactly as the intake does: canonical JSON (RFC 8785), SHA-256 with 0x00', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        expect(canonicalize(value)).toBe(canonicalizeOf(value));
        expect(await entryLeafHash(value)).toBe(intakeLeafHash(value));
      }),
      { numRuns: 300 },
    );
    expect(canonicalize({ b: [1e21, -0, 0.5], a: 'é\u2028', c: null })).toBe('{"a":"é\u2028","b":[1e+21,0,0.5],"c":null}');
    expect(() => canonicalize({ a: Number.NaN })).toThrow(TypeError);
  });
});

/** A third reading of RFC 8785 for plain JSON: JSON.stringify with members sorted. */
function canonicalizeOf(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalizeOf).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((name) => `${JSON.stringify(name)}:${canonicalizeOf((value as Record<string, unknown>)[name])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
