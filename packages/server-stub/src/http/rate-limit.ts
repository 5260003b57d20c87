/** A token bucket's size and refill rate. */
export interface BucketConfig {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/** The outcome of taking a token: allowed, or how long to wait. */
export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Token buckets by key. The stub's live in its memory; an intake of several processes
 * keeps them where every process takes from the same bucket (the server: a table).
 */
export interface RateLimiter {
  /** Takes a token from `key`'s bucket, or says how long to wait. */
  take(key: string): Take | Promise<Take>;
  /** Whether `key` has a token left, without taking it. */
  peek(key: string): boolean | Promise<boolean>;
  /** Gives back a token taken from `key`'s bucket (what it guarded turned out not to count). */
  giveBack(key: string): void | Promise<void>;
  /** Fills every bucket (a reset). */
  reset(): void | Promise<void>;
}

/** Token buckets by key in this process's memory, refilled from `nowMs`. */
export function createRateLimiter(config: BucketConfig, nowMs: () => number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key: string): Take {
      const now = nowMs();
      const bucket = buckets.get(key) ?? { tokens: config.capacity, at: now };
      bucket.tokens = Math.min(config.capacity, bucket.tokens + ((now - bucket.at) / 1000) * config.refillPerSecond);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / config.refillPerSecond)) };
      bucket.tokens -= 1;
      return { ok: true };
    },
    giveBack(key: string): void {
      const bucket = buckets.get(key);
      if (bucket) bucket.tokens = Math.min(config.capacity, bucket.tokens + 1);
    },
    /** Whether `key` has a token left, without taking it. */
    peek(key: string): boolean {
      const bucket = buckets.get(key);
      if (!bucket) return true;
      return Math.min(config.capacity, bucket.tokens + ((nowMs() - bucket.at) / 1000) * config.refillPerSecond) >= 1;
    },
    reset: () => buckets.clear(),
  };
}
