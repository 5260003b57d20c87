import type { ActivityLogEntry, ConsistencyProof, ProvenEntry, SignedTreeHead, TreeHeadKey } from '@vuln-report/contract';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { iso, type Clock } from './clock.ts';
import { entryLeafHash, MerkleLog } from './merkle.ts';
import type { IntakeStore } from './store.ts';
import { importTreeHeadSigner, publishedKey, signTreeHead, toBase64Url, type TreeHeadSigner } from './tree-head.ts';

/** How long a signed head stands while the log grows: a new one is signed when asked after this. */
export const HEAD_MAX_AGE_SECONDS = 60;

/** Entries read from the store per step while the tree catches up. */
const SYNC_BATCH = 1000;

/** The DER prefix of an Ed25519 PKCS #8 private key; its 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);

/** The log's keys, derived from one secret: the Ed25519 key that signs heads, and the key that blinds tenant ids. */
export interface LedgerKeys {
  signer: Promise<TreeHeadSigner>;
  blindingKey: Uint8Array;
  /** From when heads are accepted from the signer. */
  validFrom: string;
}

/**
 * The ledger's keys from a secret (the stub's documented default, or a vendor's own):
 * the same secret gives the same keys, so heads verify across restarts.
 */
export function deriveLedgerKeys(secret: string, validFrom = '2026-01-01T00:00:00.000Z'): LedgerKeys {
  const seed = sha256(utf8ToBytes(`vuln-report ledger signing/1\n${secret}`));
  const pkcs8 = new Uint8Array(PKCS8_ED25519_PREFIX.length + seed.length);
  pkcs8.set(PKCS8_ED25519_PREFIX);
  pkcs8.set(seed, PKCS8_ED25519_PREFIX.length);
  return { signer: importTreeHeadSigner(toBase64Url(pkcs8)), blindingKey: sha256(utf8ToBytes(`vuln-report ledger blinding/1\n${secret}`)), validFrom };
}

/**
 * The activity log as a Merkle tree (RFC 9162), beside the store: it catches up with the
 * entries committed since it last looked (from any process), signs heads, and proves
 * inclusion and consistency from its stored subtree hashes, never rehashing the log.
 */
export function createLedger(options: { store: IntakeStore; clock: Clock; keys: LedgerKeys }) {
  const { store, clock, keys } = options;
  let tree = MerkleLog.empty();
  let last: SignedTreeHead | undefined;
  let syncing: Promise<void> | undefined;

  /** Appends every committed entry the tree lacks, in order; one catch-up at a time. */
  async function sync(): Promise<void> {
    syncing ??= (async () => {
      for (;;) {
        const page = await store.transaction((tx) => tx.listActivity({ cursor: String(tree.size), limit: SYNC_BATCH }));
        for (const entry of page.items) {
          if (entry.seq !== tree.size + 1) throw new Error(`the activity log skips from ${tree.size} to ${entry.seq}`);
          tree.append(entryLeafHash(entry));
        }
        if (page.items.length < SYNC_BATCH) return;
      }
    })().finally(() => (syncing = undefined));
    return syncing;
  }

  return {
    keys,
    /** Forgets the tree and the last head: the log started over (the stub's reset). */
    reset() {
      tree = MerkleLog.empty();
      last = undefined;
    },
    /**
     * The latest signed head: signed anew when the log grew and the last head is older
     * than {@link HEAD_MAX_AGE_SECONDS}, or when `fresh` asks for one covering every entry.
     */
    async head(fresh = false): Promise<SignedTreeHead> {
      await sync();
      const now = clock.now();
      const stale = !last || (last.size !== tree.size && (fresh || now.getTime() - Date.parse(last.timestamp) >= HEAD_MAX_AGE_SECONDS * 1000));
      if (stale) last = await signTreeHead({ size: tree.size, rootHash: tree.rootHash(), timestamp: iso(now) }, await keys.signer);
      return last!;
    },
    /** The keys that sign heads, as `GET /v1/activity-log/key` lists them. */
    async publishedKeys(): Promise<TreeHeadKey[]> {
      return [publishedKey(await keys.signer, keys.validFrom)];
    },
    /** Each entry with its inclusion proof against `head` (which must cover them). */
    prove(entries: readonly ActivityLogEntry[], head: SignedTreeHead): ProvenEntry[] {
      return entries.map((entry) => ({ entry, proof: tree.inclusionProof(entry.seq - 1, head.size) }));
    },
    /** That the tree of `to` entries extends the tree of `from`; undefined when `from` ≤ `to` ≤ the size does not hold. */
    async consistency(from: number, to: number): Promise<ConsistencyProof | undefined> {
      await sync();
      if (from > to || to > tree.size) return undefined;
      return tree.consistencyProof(from, to);
    },
  };
}

/** A ledger made by {@link createLedger}. */
export type Ledger = ReturnType<typeof createLedger>;
