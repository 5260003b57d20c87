import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '@vuln-report/contract/node-fs';
import type { StubState } from '../store/memory.ts';

/**
 * Keeps the stub's state in a JSON file. Writes are coalesced (many changes in one
 * tick cost one write) and atomic, so a crash mid-write never leaves a torn file;
 * `flush()` writes now, for shutdown.
 */
export function createFileStore(path: string) {
  let pending: StubState | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  function write() {
    const state = pending;
    pending = undefined;
    if (state) writing = writing.then(() => writeFileAtomic(path, JSON.stringify(state)));
    return writing;
  }

  return {
    /** The saved state, or undefined when the file does not exist yet. */
    load(): StubState | undefined {
      if (!existsSync(path)) return undefined;
      return JSON.parse(readFileSync(path, 'utf8')) as StubState;
    },
    /** Schedules a write of `state`. */
    save(state: StubState) {
      pending = state;
      timer ??= setTimeout(() => {
        timer = undefined;
        void write();
      }, 20);
    },
    /** Writes any scheduled state now, and waits for every write under way. */
    flush(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = undefined;
      return write();
    },
  };
}
