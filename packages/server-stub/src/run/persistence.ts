import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { StubState } from '../store/memory.ts';

/**
 * Keeps the stub's state in a JSON file. Writes are coalesced (many changes in one
 * tick cost one write) and atomic (a temporary file renamed over the old one), so a
 * crash mid-write never leaves a torn file; `flush()` writes now, for shutdown.
 */
export function createFileStore(path: string) {
  let pending: StubState | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function write(state: StubState) {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state));
    renameSync(temporary, path);
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
        if (pending) write(pending);
        pending = undefined;
      }, 20);
    },
    /** Writes any scheduled state now. */
    flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (pending) write(pending);
      pending = undefined;
    },
  };
}
