import type { OutboxEmail } from '@vuln-report/contract';
import type { Clock, IntakeStore, StoreTx } from '@vuln-report/server-stub/core';
import type { ServerStore } from './server-store.ts';

/** Options of {@link createOutboxClaims}. */
export interface OutboxClaimsOptions {
  /** The intake's clock: what "due" and the lease are measured on. */
  clock: Clock;
  /** How long a claim holds an email, in seconds: longer than any one SMTP attempt may take. */
  leaseSeconds: number;
}

/** Due emails that no live claim holds, soonest due first; rows locked, those another unit holds skipped (migration 0003). */
const CLAIMABLE = `SELECT data FROM outbox
WHERE status = 'queued' AND due_at <= $1::timestamptz AND (claimed_until IS NULL OR claimed_until <= $1::timestamptz)
ORDER BY due_at, seq LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED`;

/** When the soonest queued email may be claimed: its due time, or the end of the claim that holds it. */
const NEXT_CLAIMABLE = `SELECT min(CASE WHEN claimed_until > due_at THEN claimed_until ELSE due_at END) AS due FROM outbox WHERE status = 'queued'`;

/** Sets the lease of the emails claimed by this unit (`$1`), and clears it on every other email it wrote (`$2`). */
const SET_CLAIMS = `UPDATE outbox SET claimed_until = CASE WHEN id = ANY($1::text[]) THEN $3::timestamptz ELSE NULL END WHERE id = ANY($2::text[])`;

/**
 * The store the delivery worker's units of work run on: the server's store, with the
 * outbox claimed under a lease, so that with several processes each attempt is made by
 * one process only.
 *
 * The domain's rules stay the core's (`claimDueEmails`, `recordDelivery`: attempts
 * counted before sending, backoff, `failed` after the last). What changes is which
 * emails count as due: a claim takes an email with its row locked (`SKIP LOCKED`: two
 * workers never take one email at once) and holds it for `leaseSeconds`, past the
 * domain's first retry pause (1 s), which is shorter than an SMTP exchange can take;
 * recording the outcome ends the claim. An email whose worker died mid-send is taken
 * again once its lease ends.
 */
export function createOutboxClaims(store: ServerStore, options: OutboxClaimsOptions): IntakeStore {
  return {
    transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
      return store.unit(async (tx, sql) => {
        const claimed = new Set<string>();
        const written = new Set<string>();
        const claims: StoreTx = {
          ...tx,
          emailsDue: async (now, limit) => {
            if (limit < 1) return [];
            const rows = await sql.query<{ data: OutboxEmail }>(CLAIMABLE, [now, Math.floor(limit)]);
            for (const row of rows) claimed.add(row.data.id);
            return rows.map((row) => row.data);
          },
          nextEmailDue: async () => {
            const due = (await sql.query<{ due: Date | string | null }>(NEXT_CLAIMABLE))[0]?.due;
            return due == null ? undefined : new Date(due).toISOString();
          },
          putEmail(email) {
            written.add(email.id);
            tx.putEmail(email);
          },
        };
        const result = await work(claims);
        if (written.size > 0) {
          // Claimed and still queued: leased. Anything else this unit wrote (an outcome recorded): released.
          const leased = [...written].filter((id) => claimed.has(id));
          const until = new Date(options.clock.now().getTime() + options.leaseSeconds * 1000).toISOString();
          await sql.query(SET_CLAIMS, [leased, [...written], until]);
        }
        return result;
      });
    },
  };
}
