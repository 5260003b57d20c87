/**
 * `@vuln-report/contract/node-fs`: how every package of the project writes a file it
 * must not lose or tear (the SDK's file queue, the stub's data). Node only.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes `data` to `path` so that a crash at any moment leaves the old content or the new,
 * never a mix: a temporary file beside it, flushed to disk, renamed over `path`, and the
 * directory flushed so the rename itself survives a power cut. Creates the directory.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, `.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temporary, 'w', 0o600);
  try {
    await file.writeFile(data);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await rename(temporary, path);
  const dir = await open(directory, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
