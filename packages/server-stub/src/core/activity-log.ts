import type { ActivityLogEntry, LogChannel, LogOutcome } from '@vuln-report/contract';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { sha256Hex } from './sha256.ts';

/** The `prevHash` of the first entry. */
const GENESIS_HASH = '0'.repeat(64);

/** What a caller says about an action (its tenants already blinded); the log adds sequence, time and hashes. */
export interface ActivityInput {
  actor: string;
  channel: LogChannel;
  action: string;
  target: string;
  tenants: string[];
  outcome: LogOutcome;
  problemType?: string;
}

/**
 * The hash of an entry: SHA-256 over `prevHash` and the entry's fields in a fixed
 * order, so any change to an earlier entry breaks every later hash.
 */
function hashEntry(entry: Omit<ActivityLogEntry, 'hash'>): string {
  const { seq, at, actor, channel, action, target, tenants, outcome, problemType, prevHash } = entry;
  return sha256Hex(JSON.stringify([prevHash, seq, at, actor, channel, action, target, tenants, outcome, problemType ?? null]));
}

/**
 * A tenant as the log names it: HMAC-SHA256 of its id under the intake's blinding key,
 * hex. The intake tells each customer its own; without the key, the others are opaque.
 */
export function blindTenant(key: Uint8Array, tenant: string): string {
  return bytesToHex(hmac(sha256, key, utf8ToBytes(tenant)));
}

/** Reads, which `?writes=only` leaves out: `….read`, `….list`, a download, and refused or denied `GET`s. */
export const READ_ACTION = /\.(read|list|download)$|^GET /;

/** An entry as the domain writes it: what happened and when; the store gives it its place and hashes (see `StoreTx.appendActivity`). */
export type ActivityRecord = ActivityInput & { at: string };

/** The entry that follows `prev` (undefined for the first): its sequence number and hashes. Only the record's own fields are taken. */
export function chainActivity(prev: ActivityLogEntry | undefined, input: ActivityInput, at: string): ActivityLogEntry {
  const { actor, channel, action, target, tenants, outcome, problemType } = input;
  const unhashed = {
    seq: (prev?.seq ?? 0) + 1,
    at,
    actor,
    channel,
    action,
    target,
    tenants: [...tenants],
    outcome,
    ...(problemType === undefined ? {} : { problemType }),
    prevHash: prev?.hash ?? GENESIS_HASH,
  };
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
