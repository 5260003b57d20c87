import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../src/db/folder-lock.ts';
import { openStore } from '../src/open.ts';
import { report } from './support/fixtures.ts';

const folders: string[] = [];
const children: ChildProcess[] = [];
const newFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vuln-report-pglite-'));
  folders.push(dir);
  return join(dir, 'data');
};
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Another process that holds the folder's lock until killed. */
async function holdInAnotherProcess(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./support/hold-folder.ts', import.meta.url)), dataDir], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return child;
}

describe('PGlite in a data folder', () => {
  it('keeps the records across a close and a reopen, and unlocks the folder on close', async () => {
    const dataDir = newFolder();
    const first = await openStore({ dataDir });
    await first.transaction(async (tx) => tx.putReport(report('rpt_1')));
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
    await first.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);

    const again = await openStore({ dataDir });
    try {
      expect((await again.transaction((tx) => tx.report('rpt_1')))?.id).toBe('rpt_1');
    } finally {
      await again.close();
    }
  });

  it('refuses a second opening of a folder already open, in this process or another, and takes over after a crash', async () => {
    const dataDir = newFolder();
    const store = await openStore({ dataDir });
    await expect(openStore({ dataDir })).rejects.toThrow(`The data folder ${dataDir} is in use by this process already (${LOCK_FILE}); stop that process or choose another folder.`);
    await store.close();

    const holder = await holdInAnotherProcess(dataDir);
    await expect(openStore({ dataDir })).rejects.toThrow(`is in use by process ${holder.pid} on `);
    // kill -9 leaves the lock file behind; its process is gone, so the next opening takes it over.
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
    const after = await openStore({ dataDir });
    await after.close();
  });
});
