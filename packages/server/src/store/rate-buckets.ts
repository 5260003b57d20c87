import type { BucketConfig, RateLimiter, Take } from '@vuln-report/server-stub';
import type { Database } from '../db/database.ts';

/** How many refused keys a process remembers; the oldest is forgotten first. */
const MAX_BLOCKED = 10_000;

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
  /** Keys this process saw refused, until when: refused again here without asking the database (a flood costs no queries). */
  const blocked = new Map<string, number>();
  const wait = (key: string, tat: number, now: number): Take => {
    const retryAfterSeconds = Math.max(1, Math.ceil((tat - now - tolerance) / 1000));
    if (blocked.size >= MAX_BLOCKED) blocked.delete(blocked.keys().next().value!);
    blocked.set(key, now + retryAfterSeconds * 1000);
    return { ok: false, retryAfterSeconds };
  };
  const stillBlocked = (key: string, now: number): Take | undefined => {
    const until = blocked.get(key);
    if (until === undefined) return undefined;
    if (until > now) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
    blocked.delete(key);
    return undefined;
  };
  return {
    async take(key) {
      const now = Math.floor(nowMs());
      const known = stillBlocked(key, now);
      if (known) return known;
      const taken = await db.query(
        `INSERT INTO rate_buckets AS b (key, tat_ms) VALUES ($1, $2::bigint + $3::bigint)
         ON CONFLICT (key) DO UPDATE SET tat_ms = GREATEST(b.tat_ms, $2::bigint) + $3::bigint WHERE GREATEST(b.tat_ms, $2::bigint) - $2::bigint <= $4::bigint
         RETURNING tat_ms`,
        [keyOf(key), now, Math.ceil(interval), Math.floor(tolerance)],
      );
      if (taken.length > 0) return { ok: true };
      const [row] = await db.query<{ tat_ms: string }>('SELECT tat_ms FROM rate_buckets WHERE key = $1', [keyOf(key)]);
      return wait(key, Number(row?.tat_ms ?? now), now);
    },
    async peek(key) {
      const now = nowMs();
      if (stillBlocked(key, now)) return false;
      const [row] = await db.query<{ tat_ms: string }>('SELECT tat_ms FROM rate_buckets WHERE key = $1', [keyOf(key)]);
      return !row || Math.max(Number(row.tat_ms), now) - now <= tolerance;
    },
    async giveBack(key) {
      blocked.delete(key);
      await db.query('UPDATE rate_buckets SET tat_ms = tat_ms - $2::bigint WHERE key = $1', [keyOf(key), Math.ceil(interval)]);
    },
    async reset() {
      blocked.clear();
      await db.query('DELETE FROM rate_buckets WHERE key LIKE $1', [`${name} %`]);
    },
  };
}

/** Forgets buckets that are full again (a scheduler's sweep): a full bucket and no row are the same. */
export async function sweepRateBuckets(db: Database, now: number) {
  await db.query('DELETE FROM rate_buckets WHERE tat_ms < $1', [Math.floor(now)]);
}
