/**
 * `@vuln-report/sdk/file-queue`: a queue kept in a JSON file, for Node services whose
 * unsent reports must survive a restart. Node only (it uses `node:fs`).
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@vuln-report/contract/node-fs';
import type { QueuedReport, QueueStore } from './store.ts';

/** An item as written to the file: attachments as base64. */
type StoredItem = Omit<QueuedReport, 'attachments'> & {
  attachments: { name: string; type: string; base64: string }[];
};

async function toStored(item: QueuedReport): Promise<StoredItem> {
  const attachments = await Promise.all(
    item.attachments.map(async ({ name, type, data }) => ({
      name,
      type,
      base64: Buffer.from(await data.arrayBuffer()).toString('base64'),
    })),
  );
  return { ...item, attachments };
}

function fromStored(item: StoredItem): QueuedReport {
  const attachments = item.attachments.map(({ name, type, base64 }) => ({
    name,
    type,
    data: new Blob([Buffer.from(base64, 'base64')], { type }),
  }));
  return { ...item, attachments };
}

/**
 * A queue in the JSON file at `path` (created with its directory when first written).
 * Each change rewrites the file atomically and flushed to disk, so a crash leaves the old
 * or the new content, never half of one. One process per file: clients in one
 * process take turns; across processes, idempotency keys keep a double send harmless.
 */
export function fileQueue(path: string): QueueStore {
  let tail: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
  async function load(): Promise<StoredItem[]> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as StoredItem[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
  const save = (items: StoredItem[]) => writeFileAtomic(path, JSON.stringify(items));
  return {
    name: `file:${path}`,
    getAll: () => inTurn(async () => (await load()).map(fromStored)),
    put: (item) =>
      inTurn(async () => {
        const stored = await toStored(item);
        await save([...(await load()).filter((other) => other.localId !== item.localId), stored]);
      }),
    delete: (localId) => inTurn(async () => save((await load()).filter((item) => item.localId !== localId))),
  };
}
