import { existsSync, readFileSync, renameSync } from 'node:fs';
import { modeOfKey, type OutboxEmail } from '@vuln-report/contract';
import { applyChange, createState, type Change, type StubState } from '../store/memory.ts';
import { openJournal, type JournalOptions } from './journal.ts';

/** One journal record: a committed unit of work, or a move of the clock. */
type JournalRecord = { kind: 'unit'; changes: Change[] } | { kind: 'clock'; advanceSeconds: number };

/** What a snapshot holds: the records, and how far the clock was moved. */
interface Snapshot {
  state: StubState;
  clockSeconds: number;
}

/** Moves a data file written by an older version (one JSON state, no journal) out of the way; returns where to. */
function setAsideOldFormat(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const saved = JSON.parse(readFileSync(path, 'utf8')) as { journal?: unknown };
  if (typeof saved.journal === 'number') return undefined;
  const aside = `${path}.old-format`;
  renameSync(path, aside);
  return aside;
}

/**
 * Records written before test and live mode (contract v2) get one: a report the mode of
 * its key, and the channel `sdk`; everything else `live`.
 */
function upgradeModes(state: StubState) {
  for (const report of Object.values(state.reports)) {
    report.mode ??= modeOfKey(report.projectKey ?? '');
    report.channel ??= 'sdk';
    if (report.dataLoss) report.dataLoss.mode ??= report.mode;
  }
  for (const record of [...Object.values(state.incidents), ...Object.values(state.evidenceRequests), ...Object.values(state.missedDeadlines)]) {
    record.mode ??= 'live';
  }
}

/** Why an email kept from before delivery was tracked is `failed`. */
export const UNTRACKED_EMAIL = 'kept from before delivery was tracked; not known to be delivered, not retried';

/**
 * An email written before the outbox tracked delivery (a `sentAt` that was its creation
 * time, no `status`): `failed` with no attempts, so it is neither resent nor said to be
 * delivered.
 */
export function upgradeEmail(saved: OutboxEmail): OutboxEmail {
  if ((saved as Partial<OutboxEmail>).mode !== undefined && (saved as Partial<OutboxEmail>).status !== undefined) return saved;
  // Emails from before test mode (contract v2) were live.
  const email = { ...saved, mode: (saved as Partial<OutboxEmail>).mode ?? 'live' };
  if ((email as Partial<OutboxEmail>).status !== undefined) return email;
  const { sentAt, ...rest } = email;
  return { ...rest, createdAt: sentAt ?? new Date(0).toISOString(), status: 'failed', attempts: 0, lastError: UNTRACKED_EMAIL };
}

/**
 * The stub's data on disk: a snapshot file and an append-only journal beside it. Each
 * committed unit of work is one journal record, flushed to disk (with others that
 * arrived meanwhile) before the request that made it is answered; a crash loses nothing
 * acknowledged, and a record torn by one is dropped on the next start.
 */
export function openDataFile(path: string, options: JournalOptions = {}) {
  const aside = setAsideOldFormat(path);
  if (aside) console.error(`vuln-report-stub: ${path} was written by an older version; it is kept as ${aside} and the stub starts empty.`);
  const journal = openJournal<Snapshot>(path, options);
  // A snapshot from before a table existed lacks it: start such tables empty.
  const state = { ...createState(), ...journal.loaded.snapshot?.state };
  let clockSeconds = journal.loaded.snapshot?.clockSeconds ?? 0;
  for (const record of journal.loaded.records as JournalRecord[]) {
    if (record.kind === 'clock') clockSeconds += record.advanceSeconds;
    else for (const change of record.changes) applyChange(state, change);
  }
  state.outbox.forEach((email, i) => {
    state.outbox[i] = upgradeEmail(email);
  });
  upgradeModes(state);

  /** Appends a record, and takes a snapshot when the journal has grown: called at a record boundary. */
  function write(record: JournalRecord, current: StubState): Promise<void> {
    const durable = journal.append(record);
    if (record.kind === 'clock') clockSeconds += record.advanceSeconds;
    if (journal.compactionDue) void journal.compact({ state: current, clockSeconds });
    return durable;
  }

  return {
    /** The records as saved. */
    state,
    /** How far the stub's clock had been moved, in seconds. */
    clockSeconds,
    /** Saves a committed unit of work; resolves once it is on disk. */
    commit: (changes: readonly Change[], current: StubState) => write({ kind: 'unit', changes: [...changes] }, current),
    /** Saves a move of the clock; resolves once it is on disk. */
    moveClock: (advanceSeconds: number, current: StubState) => write({ kind: 'clock', advanceSeconds }, current),
    /** Waits for every write under way, leaves a snapshot of `current` (so the next start reads one file) and closes the journal. */
    async close(current: StubState) {
      await journal.compact({ state: current, clockSeconds });
      await journal.close();
    },
  };
}

/** A data file opened by {@link openDataFile}. */
export type DataFile = ReturnType<typeof openDataFile>;
