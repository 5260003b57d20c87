/** Runs async functions one at a time, in the order they were handed over. */
export type Mutex = <T>(work: () => Promise<T>) => Promise<T>;

const ignore = () => undefined;

/** A new {@link Mutex}: a failed run does not block the next. */
export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const run = tail.then(work);
    tail = run.then(ignore, ignore);
    return run;
  };
}
