import { createStore, del, set, values } from 'idb-keyval';
import type { QueuedReport, QueueStore } from './store.ts';

/**
 * A queue in IndexedDB (database `name`, object store `queue`): the default in browsers.
 * It survives reloads and closed tabs, and every tab of the origin shares it. Attachments
 * are kept as Blobs.
 */
export function indexedDbQueue(name: string): QueueStore {
  const store = createStore(name, 'queue');
  return {
    name,
    getAll: () => values<QueuedReport>(store),
    put: (item) => set(item.localId, item, store),
    delete: (localId) => del(localId, store),
  };
}
