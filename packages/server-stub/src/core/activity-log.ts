import type { ActivityLogEntry, Channel } from '@vuln-report/contract';
import { sha256Hex } from './sha256.ts';

/** The `prevHash` of the first entry. */
const GENESIS_HASH = '0'.repeat(64);

/** What a caller says about an action; the log adds sequence, time and hashes. */
export interface ActivityInput {
  actor: string;
  channel: Channel;
  action: string;
  target: string;
  tenants: string[];
}

/**
 * The hash of an entry: SHA-256 over `prevHash` and the entry's fields in a fixed
 * order, so any change to an earlier entry breaks every later hash.
 */
function hashEntry(entry: Omit<ActivityLogEntry, 'hash'>): string {
  const { seq, at, actor, channel, action, target, tenants, prevHash } = entry;
  return sha256Hex(JSON.stringify([prevHash, seq, at, actor, channel, action, target, tenants]));
}

/** The entry that follows `prev` (undefined for the first): its sequence number and hashes. */
export function chainActivity(prev: ActivityLogEntry | undefined, input: ActivityInput, at: string): ActivityLogEntry {
  const unhashed = { seq: (prev?.seq ?? 0) + 1, at, ...input, tenants: [...input.tenants], prevHash: prev?.hash ?? GENESIS_HASH };
  return { ...unhashed, hash: hashEntry(unhashed) };
}

/** The outcome of {@link verifyActivityLog}: intact, or the first entry that does not fit. */
export type ChainCheck = { ok: true; entries: number } | { ok: false; seq: number; reason: string };

/**
 * Checks a log from its first entry: sequence numbers without gaps, each `prevHash`
 * equal to the previous `hash`, and each `hash` recomputed from the entry.
 */
export function verifyActivityLog(entries: readonly ActivityLogEntry[]): ChainCheck {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { ok: false, seq: entry.seq, reason: `expected entry ${expectedSeq}` };
    if (entry.prevHash !== prevHash) return { ok: false, seq: entry.seq, reason: 'prevHash does not match the previous entry' };
    const { hash, ...rest } = entry;
    if (hashEntry(rest) !== hash) return { ok: false, seq: entry.seq, reason: 'hash does not match the entry' };
    prevHash = hash;
    expectedSeq += 1;
  }
  return { ok: true, entries: entries.length };
}
