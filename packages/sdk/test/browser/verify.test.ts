import { expect } from '@open-wc/testing';
import { MerkleLog } from '../../../server-stub/src/core/merkle.ts';
import { generateTreeHeadSigner, publishedKey, signTreeHead, type TreeHeadSigner } from '../../../server-stub/src/core/tree-head.ts';
import { verifyEntries, verifyLog, verifyTreeHead, verifyUpdate, type PinnedKey, type SignedTreeHead, type Verification } from '../../src/verify/index.ts';

/** Hex SHA-256 of text, through the page's WebCrypto. */
async function sha(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Activity-log entries with the contract's v2 fields, hash-chained. */
async function makeEntries(count: number, actor = 'Sam'): Promise<Record<string, unknown>[]> {
  const entries: Record<string, unknown>[] = [];
  let prevHash = '0'.repeat(64);
  for (let i = 0; i < count; i++) {
    const body = {
      seq: i + 1,
      at: new Date(Date.UTC(2026, 10, 26, 10, 0, i)).toISOString(),
      actor,
      channel: 'api',
      action: i % 2 ? 'report.assess' : 'report.read',
      target: `rpt_${i}`,
      tenants: [await sha(`blind:acme:${i % 3}`)],
      outcome: 'ok',
      prevHash,
    };
    const hash = await sha(JSON.stringify(body));
    entries.push({ ...body, hash });
    prevHash = hash;
  }
  return entries;
}

const T0 = Date.UTC(2026, 10, 26, 12);
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** The intake's side: the tree over the entries, and heads signed by `signer`. */
function intake(entries: Record<string, unknown>[], signer: TreeHeadSigner) {
  const tree = MerkleLog.empty();
  for (const entry of entries) tree.appendEntry(entry);
  return {
    entries,
    tree,
    head: (minutes: number, size = tree.size) => signTreeHead(tree.treeHead(at(minutes), size), signer),
    proved: (seq: number) => ({ entry: entries[seq - 1], proof: tree.inclusionProof(seq - 1) }),
  };
}

function expectFailure(result: Verification, check: string): void {
  expect(result.ok, JSON.stringify(result)).to.equal(false);
  if (!result.ok) expect(result.check, result.reason).to.equal(check);
}

describe('the activity-log verifier in Chromium (WebCrypto Ed25519 and SHA-256)', () => {
  const N = 12;
  let signer: TreeHeadSigner;
  let other: TreeHeadSigner;
  let key: PinnedKey;
  let entries: Record<string, unknown>[];
  let honest: ReturnType<typeof intake>;
  let kept: SignedTreeHead;

  before(async () => {
    signer = await generateTreeHeadSigner();
    other = await generateTreeHeadSigner();
    key = publishedKey(signer, at(-60));
    entries = await makeEntries(N + 8);
    honest = intake(entries.slice(0, N), signer);
    kept = await honest.head(0);
  });

  it('accepts an honest log: signed head, extension of the kept head, entries in it, the whole log', async () => {
    const grown = intake(entries, signer);
    const head = await grown.head(1);
    const update = await verifyUpdate({ keys: [key], kept, head, proof: grown.tree.consistencyProof(N) });
    expect(update).to.deep.equal({ ok: true, head, firstUse: false });
    expect(await verifyEntries({ keys: key, head, entries: [grown.proved(1), grown.proved(N + 8)] })).to.deep.equal({ ok: true, head, entries: 2 });
    expect(await verifyLog(grown.entries, head, key)).to.deep.equal({ ok: true, entries: N + 8 });
  });

  it('catches an edited entry', async () => {
    const edited = { ...entries[3], target: 'rpt_other' };
    expectFailure(await verifyEntries({ keys: key, head: kept, entries: [{ ...honest.proved(4), entry: edited }] }), 'inclusion');
    const rewritten = intake(entries.with(3, edited), signer);
    expectFailure(await verifyUpdate({ keys: key, kept, head: await rewritten.head(1), proof: rewritten.tree.consistencyProof(N) }), 'consistency');
  });

  it('catches a removed entry', async () => {
    const removed = entries.toSpliced(4, 1).map((entry, i) => ({ ...entry, seq: i + 1 }));
    const after = intake(removed, signer);
    expectFailure(await verifyUpdate({ keys: key, kept, head: await after.head(1), proof: after.tree.consistencyProof(N) }), 'consistency');
    expectFailure(await verifyLog(honest.entries.toSpliced(4, 1), kept), 'entry');
  });

  it('catches two entries swapped', async () => {
    const swapped = honest.entries.with(2, entries[5]!).with(5, entries[2]!);
    expectFailure(await verifyLog(swapped, kept), 'entry');
    expectFailure(await verifyEntries({ keys: key, head: kept, entries: [{ entry: entries[2], proof: honest.tree.inclusionProof(5) }] }), 'entry');
    const renumbered = intake(swapped.map((entry, i) => ({ ...entry, seq: i + 1 })), signer);
    expectFailure(await verifyUpdate({ keys: key, kept, head: await renumbered.head(1), proof: renumbered.tree.consistencyProof(N) }), 'consistency');
  });

  it('catches a truncated log', async () => {
    const cut = intake(entries.slice(0, 7), signer);
    expectFailure(await verifyUpdate({ keys: key, kept, head: await cut.head(1), proof: { fromSize: N, toSize: 7, hashes: [] } }), 'consistency');
    expectFailure(await verifyLog(entries.slice(0, 7), kept), 'log');
  });

  it('catches a log rewritten from the start with new hashes', async () => {
    const rewritten = intake(await makeEntries(N + 4, 'Mallory'), signer);
    expectFailure(await verifyUpdate({ keys: key, kept, head: await rewritten.head(1), proof: rewritten.tree.consistencyProof(N) }), 'consistency');
  });

  it('catches a head signed by another key', async () => {
    const impostor = intake(entries, other);
    const head = await impostor.head(1);
    expectFailure(await verifyTreeHead(head, key), 'key');
    expectFailure(await verifyTreeHead({ ...head, keyId: key.keyId }, key), 'signature');
    expectFailure(await verifyUpdate({ keys: key, kept, head, proof: impostor.tree.consistencyProof(N) }), 'key');
  });

  it('catches a proof for another tree size', async () => {
    const grown = intake(entries, signer);
    const head = await grown.head(1);
    expectFailure(await verifyEntries({ keys: key, head, entries: [{ entry: entries[4], proof: grown.tree.inclusionProof(4, 9) }] }), 'inclusion');
    expectFailure(await verifyEntries({ keys: key, head, entries: [{ entry: entries[4], proof: { ...grown.tree.inclusionProof(4, 9), treeSize: N + 8 } }] }), 'inclusion');
    expectFailure(await verifyUpdate({ keys: key, kept, head, proof: grown.tree.consistencyProof(N - 1) }), 'consistency');
    expectFailure(await verifyUpdate({ keys: key, kept, head, proof: { ...grown.tree.consistencyProof(N - 1), fromSize: N } }), 'consistency');
  });

  it('answers malformed input with a failure, never an exception', async () => {
    for (const bad of [undefined, null, 'x', 42, [], { size: 'many' }]) {
      expectFailure(await verifyTreeHead(bad, key), 'input');
      // The same head again needs no proof; anything else given as a proof is refused.
      expect((await verifyUpdate({ keys: key, kept, head: kept, proof: bad })).ok).to.equal(bad === undefined);
      expect((await verifyEntries({ keys: key, head: kept, entries: [{ entry: bad, proof: bad }] })).ok).to.equal(false);
    }
  });
});
