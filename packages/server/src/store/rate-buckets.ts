import type { BucketConfig, RateLimiter, Take } from '@vuln-report/server-stub';
import type { Database } from '../db/database.ts';

/**
 * A rate limit every process shares: the token bucket of `config` kept in `rate_buckets`
 * as a generic cell rate (GCRA): one row per key holds the time the bucket is next full
 * (`tat_ms`), and one statement either takes a token (moving it on by one interval) or
 * leaves it and refuses. Keys are prefixed by `name`, so limits do not share buckets.
 */
export function createSharedRateLimiter(db: Database, name: string, config: BucketConfig, nowMs: () => number): RateLimiter {
  const interval = 1000 / config.refillPerSecond;
  const tolerance = interval * (config.capacity - 1);
  const keyOf = (key: string) => `${name} ${key}`;
  const wait = (tat: number, now: number): Take => ({ ok: false, retryAfterSeconds: Math.max(1, Math.ceil((tat - now - tolerance) / 1000)) });
  return {
    config,
    async take(key) {
      const now = Math.floor(nowMs());
      const taken = await db.query(
        `INSERT INTO rate_buckets AS b (key, tat_ms) VALUES ($1, $2::bigint + $3::bigint)
         ON CONFLICT (key) DO UPDATE SET tat_ms = GREATEST(b.tat_ms, $2::bigint) + $3::bigint WHERE GREATEST(b.tat_ms, $2::bigint) - $2::bigint <= $4::bigint
         RETURNING tat_ms`,
        [keyOf(key), now, Math.ceil(interval), Math.floor(tolerance)],
      );
      if (taken.length > 0) return { ok: true };
      const [row] = await db.query<{ tat_ms: string }>('SELECT tat_ms FROM rate_buckets WHERE key = $1', [keyOf(key)]);
      return wait(Number(row?.tat_ms ?? now), now);
    },
    async peek(key) {
      const now = nowMs();
      const [row] = await db.query<{ tat_ms: string }>('SELECT tat_ms FROM rate_buckets WHERE key = $1', [keyOf(key)]);
      return !row || Math.max(Number(row.tat_ms), now) - now <= tolerance;
    },
    async reset() {
      await db.query('DELETE FROM rate_buckets WHERE key LIKE $1', [`${name} %`]);
    },
  };
}

/** Forgets buckets that are full again (a scheduler's sweep): a full bucket and no row are the same. */
export async function sweepRateBuckets(db: Database, now: number) {
  await db.query('DELETE FROM rate_buckets WHERE tat_ms < $1', [Math.floor(now)]);
}
