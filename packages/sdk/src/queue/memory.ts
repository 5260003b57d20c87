import type { QueuedReport, QueueStore } from './store.ts';

/** A queue in memory: the default in Node. Lost when the process ends. */
export function memoryQueue(name = 'memory'): QueueStore {
  const items = new Map<string, QueuedReport>();
  return {
    name,
    getAll: async () => [...items.values()],
    put: async (item) => void items.set(item.localId, item),
    delete: async (localId) => void items.delete(localId),
  };
}
