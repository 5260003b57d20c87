/** The one source of time in the stub: every deadline and timestamp reads it. */
export interface Clock {
  /** The current time. */
  now(): Date;
}

/** A clock that tests and the `/__stub/clock` routes can move; it never goes back. */
export interface MovableClock extends Clock {
  /** Moves forward by `seconds`. */
  advance(seconds: number): void;
  /** Jumps to `time`; refused (returns false) when that is before now. */
  set(time: Date): boolean;
}

/** Real time plus an offset: time keeps flowing, and moving the clock shifts it. */
export function createOffsetClock(realNow: () => number = Date.now): MovableClock {
  let offsetMs = 0;
  return {
    now: () => new Date(realNow() + offsetMs),
    advance(seconds) {
      offsetMs += seconds * 1000;
    },
    set(time) {
      const delta = time.getTime() - realNow();
      if (delta < offsetMs) return false;
      offsetMs = delta;
      return true;
    },
  };
}

/** A clock that stands still until moved: for deterministic tests. */
export function createManualClock(start: Date): MovableClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(seconds) {
      current += seconds * 1000;
    },
    set(time) {
      if (time.getTime() < current) return false;
      current = time.getTime();
      return true;
    },
  };
}

/** ISO 8601 in UTC, as the contract writes every time. */
export const iso = (date: Date) => date.toISOString();

/** `time` plus `hours`, as an ISO string. */
export const addHours = (time: string, hours: number) => iso(new Date(Date.parse(time) + hours * 3_600_000));
