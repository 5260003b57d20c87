import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock file's name, inside the data folder. */
export const LOCK_FILE = 'vuln-report.lock';

interface Holder {
  pid: number;
  host: string;
  token: string;
  since: string;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function readHolder(path: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

/**
 * Locks `dir` for this process, so two processes never open one PGlite data folder
 * (each would write the same files as if it were alone). The lock is a file written
 * whole and then linked into place, which succeeds for one process only. A lock left by
 * a process that no longer runs on this host (after `kill -9`) is taken over.
 * Returns the function that unlocks.
 */
export function lockFolder(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), token: randomBytes(12).toString('hex'), since: new Date().toISOString() };
  const draft = `${path}.${me.token}`;
  writeFileSync(draft, JSON.stringify(me));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(path);
        const stale = holder !== undefined && holder.host === me.host && holder.pid !== process.pid && !isAlive(holder.pid);
        if (stale && attempt === 0) {
          unlinkSync(path);
          continue;
        }
        const who = holder === undefined ? 'another process' : holder.pid === process.pid && holder.host === me.host ? 'this process already' : `process ${holder.pid} on ${holder.host}`;
        throw new Error(`The data folder ${dir} is in use by ${who} (${LOCK_FILE}); stop that process or choose another folder.`);
      }
    }
  } finally {
    unlinkSync(draft);
  }
  return () => {
    // Remove the lock only while it is still this process's own.
    if (readHolder(path)?.token === me.token) unlinkSync(path);
  };
}
