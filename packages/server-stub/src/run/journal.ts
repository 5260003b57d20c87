import { closeSync, existsSync, fdatasync, ftruncateSync, openSync, readdirSync, readFileSync, rmSync, statSync, write } from 'node:fs';
import { promisify } from 'node:util';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '@vuln-report/contract/node-fs';

/** Bytes before each record: its length and its CRC-32, both unsigned 32-bit big-endian. */
const HEADER_BYTES = 8;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE), the checksum that tells a torn or damaged record from a whole one. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** One record framed for the journal: length, checksum, JSON. */
export function frame(record: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(record), 'utf8');
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(body.length, 0);
  header.writeUInt32BE(crc32(body), 4);
  return Buffer.concat([header, body]);
}

/**
 * The records of one journal file, and where the whole ones end. A record cut short by
 * a crash (the tail) ends the list; a whole-length record whose checksum fails with
 * more bytes after it is damage, not a torn write, and is refused.
 */
export function readRecords(bytes: Buffer, name = 'journal'): { records: unknown[]; end: number } {
  const records: unknown[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < HEADER_BYTES) break;
    const length = bytes.readUInt32BE(offset);
    const checksum = bytes.readUInt32BE(offset + 4);
    const start = offset + HEADER_BYTES;
    if (start + length > bytes.length) break;
    const body = bytes.subarray(start, start + length);
    if (crc32(body) !== checksum) {
      if (start + length === bytes.length) break;
      throw new Error(`The ${name} is damaged at byte ${offset}: a record in the middle fails its checksum.`);
    }
    records.push(JSON.parse(body.toString('utf8')));
    offset = start + length;
  }
  return { records, end: offset };
}

/** What a journal holds on opening: the last snapshot, and the records written after it. */
export interface Loaded<S> {
  snapshot: S | undefined;
  records: unknown[];
}

/** Options of {@link openJournal}. */
export interface JournalOptions {
  /** Flushes a file to disk. Default `fdatasync`, off the event loop. */
  sync?: (fd: number) => void | Promise<void>;
  /** Called when a write or a flush fails: the process must stop rather than acknowledge. Default: log and exit 1. */
  onFatal?: (error: Error) => void;
  /** Journal bytes past which the next {@link Journal.compact} call is due. Default 64 MiB. */
  compactAfterBytes?: number;
}

interface Pending {
  /** The journal file it goes to: the one in use when it was appended. */
  fd: number;
  bytes: Buffer;
  done: { resolve: () => void; reject: (error: Error) => void };
}

const journalName = (path: string, generation: number) => `${path}.journal.${generation}`;

/**
 * A durable, append-only journal beside a snapshot file: `append` resolves once its
 * record is on disk. Appends that arrive while a flush runs are written and flushed
 * together by the next one (group commit), so many concurrent requests cost one flush.
 * `compact` writes a snapshot and starts a new journal file, so loading stays short.
 */
export function openJournal<S>(path: string, options: JournalOptions = {}) {
  const sync = options.sync ?? promisify(fdatasync);
  const writeAll = promisify(write);
  const onFatal =
    options.onFatal ??
    ((error: Error) => {
      console.error(`vuln-report-stub: could not write ${path} (${error.message}); stopping rather than acknowledge what is not stored.`);
      process.exit(1);
    });
  const compactAfter = options.compactAfterBytes ?? 64 * 1024 * 1024;

  // Which journal files exist: `path.journal.N`; the snapshot names the first one it does not cover.
  const dir = dirname(path);
  const prefix = `${basename(path)}.journal.`;
  const generations = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
        .map((name) => Number(name.slice(prefix.length)))
        .sort((a, b) => a - b)
    : [];
  const saved = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { journal: number; snapshot: S }) : undefined;
  const from = saved?.journal ?? 0;

  const loaded: Loaded<S> = { snapshot: saved?.snapshot, records: [] };
  for (const generation of generations.filter((candidate) => candidate >= from)) {
    const file = journalName(path, generation);
    const bytes = readFileSync(file);
    const { records, end } = readRecords(bytes, file);
    loaded.records.push(...records);
    if (end < bytes.length) {
      // A torn tail: drop it so the next record starts on a boundary.
      const fd = openSync(file, 'r+');
      ftruncateSync(fd, end);
      closeSync(fd);
    }
  }

  let generation = Math.max(from, ...generations);
  let fd = openSync(journalName(path, generation), 'a');
  let size = statSync(journalName(path, generation)).size;
  let queue: Pending[] = [];
  let flushing = false;
  /** Records appended but not yet on disk, by file. */
  const unflushed = new Map<number, number>();
  let failed: Error | undefined;

  /**
   * Writes and flushes everything queued, one write and one flush per file, until the
   * queue is empty. The flush runs off the event loop, so requests keep arriving while it
   * does; they all go in the next batch (group commit).
   */
  async function flushLoop() {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        for (const file of new Set(batch.map((item) => item.fd))) {
          const bytes = Buffer.concat(batch.filter((item) => item.fd === file).map((item) => item.bytes));
          for (let offset = 0; offset < bytes.length; ) offset += (await writeAll(file, bytes, offset, bytes.length - offset)).bytesWritten;
          await sync(file);
        }
        for (const item of batch) {
          unflushed.set(item.fd, (unflushed.get(item.fd) ?? 1) - 1);
          item.done.resolve();
        }
      } catch (error) {
        failed = error as Error;
        for (const item of [...batch, ...queue]) item.done.reject(failed);
        queue = [];
        onFatal(failed);
        break;
      }
    }
    flushing = false;
  }

  /** Resolves once every record appended to `file` is on disk (or the journal failed). */
  const flushed = async (file: number) => {
    while ((unflushed.get(file) ?? 0) > 0 && !failed) await new Promise((resolve) => setImmediate(resolve));
  };

  return {
    /** What was on disk when the journal opened. */
    loaded,
    /** Appends `record`; resolves once it is on disk. */
    append(record: unknown): Promise<void> {
      if (failed) return Promise.reject(failed);
      const bytes = frame(record);
      size += bytes.length;
      return new Promise<void>((resolve, reject) => {
        queue.push({ fd, bytes, done: { resolve, reject } });
        unflushed.set(fd, (unflushed.get(fd) ?? 0) + 1);
        if (!flushing) void flushLoop();
      });
    },
    /** Whether the journal has grown enough that a snapshot is due. */
    get compactionDue() {
      return size > compactAfter;
    },
    /**
     * Starts a new journal file and writes `snapshot` (everything appended so far) beside
     * it; older journal files go once the snapshot is on disk. Call it between appends.
     */
    async compact(snapshot: S): Promise<void> {
      const text = JSON.stringify({ journal: generation + 1, snapshot });
      const old = generation;
      generation += 1;
      const previous = fd;
      fd = openSync(journalName(path, generation), 'a');
      size = 0;
      await writeFileAtomic(path, text);
      // Appends made before the switch go to the old file; it closes once they are on disk.
      await flushed(previous);
      unflushed.delete(previous);
      closeSync(previous);
      for (let g = old; g >= 0 && existsSync(journalName(path, g)); g--) rmSync(journalName(path, g));
    },
    /** Waits for every append under way, then closes the file. */
    async close(): Promise<void> {
      await flushed(fd);
      closeSync(fd);
    },
  };
}

/** A journal opened by {@link openJournal}. */
export type Journal<S> = ReturnType<typeof openJournal<S>>;

/** The journal files of `path`, for tests and tools. */
export const journalFiles = (path: string) => {
  const dir = dirname(path);
  const prefix = `${basename(path)}.journal.`;
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith(prefix)).map((name) => join(dir, name)) : [];
};
