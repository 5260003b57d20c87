import type { Intake } from '@vuln-report/server-stub/core';

/** Options of {@link startScheduler}. */
export interface SchedulerOptions {
  /** The domain core: `tick()` runs what falls due; `forgetClock()` makes the next tick look at every record. */
  intake: Pick<Intake, 'tick' | 'forgetClock'>;
  /** How often to tick, in ms. */
  intervalMs: number;
  /**
   * How often the tick looks at every open deadline, in ms, rather than only when the
   * deadlines this process knows of fall due: another process may have set one it does
   * not know about (and stopped since).
   */
  rescanMs: number;
  /** A tick that failed, for the operator. */
  onError: (error: Error) => void;
  /** Housekeeping at each rescan: ended sessions, full rate-limit buckets. */
  sweep?: (() => Promise<void>) | undefined;
}

/**
 * The clock's own work (stale closes, breached deadlines and their staff alerts) on an
 * interval, as well as before each request: so it happens when no request comes.
 *
 * Every process runs one; they need no election. Each tick is one unit of work of the
 * core, and the store makes concurrent ones safe: a missed deadline is read under a
 * lock on its id, so the second process to see a breach finds it recorded and sends no
 * second alert; a stale close that lost a race with another process's is run again and
 * finds the report closed. One tick at a time in a process.
 */
export function startScheduler(options: SchedulerOptions) {
  const { intake } = options;
  let lastRescan = Date.now();
  let running: Promise<void> | undefined;
  let stopped = false;

  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= (async () => {
      try {
        if (Date.now() - lastRescan >= options.rescanMs) {
          lastRescan = Date.now();
          intake.forgetClock();
          await options.sweep?.();
        }
        await intake.tick();
      } catch (error) {
        options.onError(error instanceof Error ? error : new Error(String(error)));
      }
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return {
    /** Ticks now (or waits for the tick under way). */
    tick,
    /** Stops ticking and waits for the tick under way. */
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** A scheduler made by {@link startScheduler}. */
export type Scheduler = ReturnType<typeof startScheduler>;
