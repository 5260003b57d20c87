const tails = new Map<string, Promise<unknown>>();

/**
 * Runs `task` holding the lock `name`, waiting for any holder to finish first. Web Locks
 * where the platform has them, so tabs of one origin take turns; otherwise a lock within
 * this JavaScript realm (idempotency keys cover what it cannot see).
 */
export function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  if (locks) return locks.request(name, task);
  const run = (tails.get(name) ?? Promise.resolve()).then(task);
  tails.set(name, run.catch(() => undefined));
  return run;
}
