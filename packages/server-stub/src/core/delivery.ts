import { EMAIL_ERROR_MAX, type OutboxEmail } from '@vuln-report/contract';
import { now, type DomainContext } from './context.ts';
import type { Directory } from './directory.ts';

/**
 * How the outbox retries: after a failed attempt the next is due this many seconds
 * later, on the intake's clock; once every pause is used up, the next failure is final.
 */
export const DELIVERY_BACKOFF_SECONDS: readonly number[] = [1, 5, 30, 120, 600];

/** Attempts before an email is `failed`: the first, then one after each pause. */
export const DELIVERY_MAX_ATTEMPTS = DELIVERY_BACKOFF_SECONDS.length + 1;

/** What the last attempt left when it was cut short (the intake stopped mid-attempt). */
export const INTERRUPTED = 'the intake stopped during this attempt';

/** How an attempt ended: delivered to these addresses, or the error. */
export type DeliveryOutcome = { ok: true; deliveredTo: readonly string[] } | { ok: false; error: string };

/**
 * Where an email is actually delivered: a live email to its recipient; a test-mode email
 * only to its tenant's test recipients (none by default), never to a contact.
 */
export function deliveryAddresses(directory: Directory, email: OutboxEmail): string[] {
  if (email.mode !== 'test') return [email.to];
  const tenant = email.tenant === undefined ? undefined : directory.tenants.find((candidate) => candidate.id === email.tenant);
  return [...(tenant?.testRecipients ?? [])];
}

const later = (ctx: DomainContext, seconds: number) => new Date(ctx.clock.now().getTime() + seconds * 1000).toISOString();

/** One line, no control characters, within the contract's limit. */
export function errorLine(error: string): string {
  const flat = error.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim() || 'unknown error';
  return flat.length > EMAIL_ERROR_MAX ? `${flat.slice(0, EMAIL_ERROR_MAX - 1)}…` : flat;
}

/**
 * Claims up to `limit` due emails for one attempt each: the attempt is counted, and
 * the next one scheduled, before anything is sent, so an attempt number is used once
 * even if the intake stops mid-send (the email is then retried when that falls due).
 * An email whose last attempt was cut short is `failed` instead. Returns the claimed
 * emails, `attempts` already counting this attempt.
 */
export async function claimDueEmails(ctx: DomainContext, limit: number): Promise<OutboxEmail[]> {
  const claimed: OutboxEmail[] = [];
  for (const email of await ctx.tx.emailsDue(now(ctx), limit)) {
    if (email.attempts >= DELIVERY_MAX_ATTEMPTS) {
      const { nextAttemptAt: _next, ...rest } = email;
      ctx.tx.putEmail({ ...rest, status: 'failed', lastError: email.lastError ?? INTERRUPTED });
      continue;
    }
    const attempt: OutboxEmail = {
      ...email,
      attempts: email.attempts + 1,
      nextAttemptAt: later(ctx, DELIVERY_BACKOFF_SECONDS[email.attempts] ?? 0),
    };
    ctx.tx.putEmail(attempt);
    claimed.push(attempt);
  }
  return claimed;
}

/**
 * Records how attempt `attempt` of email `id` ended: `sent` at now; or `lastError`, and
 * the next attempt after its pause (from now), or `failed` after the last. An outcome
 * for an email no longer there (a reset) or no longer at that attempt is dropped.
 */
export async function recordDelivery(ctx: DomainContext, id: string, attempt: number, outcome: DeliveryOutcome): Promise<OutboxEmail | undefined> {
  const email = await ctx.tx.email(id);
  if (!email || email.status !== 'queued' || email.attempts !== attempt) return undefined;
  const { nextAttemptAt: _next, ...rest } = email;
  // A sent email keeps the error of an earlier attempt: it says why it took more than one.
  const updated: OutboxEmail = outcome.ok
    ? { ...rest, status: 'sent', sentAt: now(ctx), deliveredTo: [...outcome.deliveredTo] }
    : attempt >= DELIVERY_MAX_ATTEMPTS
      ? { ...rest, status: 'failed', lastError: errorLine(outcome.error) }
      : { ...rest, lastError: errorLine(outcome.error), nextAttemptAt: later(ctx, DELIVERY_BACKOFF_SECONDS[attempt - 1] ?? 0) };
  ctx.tx.putEmail(updated);
  return updated;
}

/** When the soonest queued email is due, if any is. */
export const nextEmailDue = (ctx: DomainContext) => ctx.tx.nextEmailDue();
