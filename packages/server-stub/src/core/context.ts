import type { LogChannel, LogOutcome, Mode, OutboxEmail, Policy, TimelineEntry } from '@vuln-report/contract';
import { iso, type Clock } from './clock.ts';
import type { Directory } from './directory.ts';
import { randomId } from './ids.ts';
import type { PlannedEmail } from './notifications.ts';
import type { StoredReport } from './records.ts';
import type { StoreTx } from './store.ts';

/** Who does a staff action, and through which channel: the kind of their token (`api`, `web`). */
export interface Actor {
  name: string;
  channel: LogChannel;
}

/** What every domain operation works with: its unit of work, the clock, the tenants, the policy in force, and how the log names a tenant. */
export interface DomainContext {
  tx: StoreTx;
  clock: Clock;
  directory: Directory;
  policy: Policy;
  /** A tenant id as the activity log names it (see `blindTenant`). */
  blind: (tenant: string) => string;
}

/** The clock's now, as the contract writes times. */
export const now = (ctx: DomainContext) => iso(ctx.clock.now());

/**
 * Puts planned emails in the outbox, all at the same instant, in the same unit as the
 * change that causes them: `queued`, for delivery once the unit is committed, in the
 * mode of what caused them.
 */
export function sendEmails(ctx: DomainContext, planned: readonly PlannedEmail[], mode: Mode, at = now(ctx)): OutboxEmail[] {
  const queued = planned.map((email): OutboxEmail => ({ id: randomId('eml'), ...email, mode, createdAt: at, status: 'queued', attempts: 0 }));
  for (const email of queued) ctx.tx.addEmail(email);
  return queued;
}

/** Adds the `notified` entry for emails just put in the outbox about a report. */
export function noteNotified(report: StoredReport, emails: readonly OutboxEmail[], actor?: string) {
  const first = emails[0];
  if (!first) return;
  report.timeline.push({
    at: first.createdAt,
    type: 'notified',
    kind: first.kind,
    recipientCount: emails.length,
    to: emails.map((email) => email.to),
    ...(actor ? { actor } : {}),
  });
}

/** Appends a timeline entry stamped now; the caller puts the report back. */
export function addTimeline(ctx: DomainContext, report: StoredReport, entry: DistributiveOmit<TimelineEntry, 'at'>) {
  const at = now(ctx);
  report.timeline.push({ at, ...entry } as TimelineEntry);
  report.updatedAt = at;
}

/** Records a call in the activity log, its tenants blinded: done (`ok`) unless it says otherwise. The store chains it. */
export function logAction(
  ctx: DomainContext,
  actor: Actor,
  action: string,
  target: string,
  tenants: readonly string[],
  outcome: { outcome: LogOutcome; problemType?: string } = { outcome: 'ok' },
) {
  ctx.tx.appendActivity({ at: now(ctx), actor: actor.name, channel: actor.channel, action, target, tenants: [...new Set(tenants)].map(ctx.blind), ...outcome });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The mode a list shows, from its `?mode=`: `live` when absent, every mode for `all`. */
export const modeOf = (filter: 'live' | 'test' | 'all' | undefined): Mode | undefined => (filter === 'all' ? undefined : (filter ?? 'live'));

/** A page of `items` from an opaque cursor (an offset); the contract's `{ items, nextCursor? }`. */
export function page<T>(items: readonly T[], cursor: string | undefined, limit = 20): { items: T[]; nextCursor?: string } {
  const offset = cursor && /^\d{1,9}$/.test(cursor) ? Number(cursor) : 0;
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit;
  return next < items.length ? { items: slice, nextCursor: String(next) } : { items: slice };
}

/** Validation issues for tenant ids in `tenants` that the directory does not know. */
export function unknownTenants(ctx: DomainContext, tenants: readonly string[], path: string) {
  const known = new Set(ctx.directory.tenants.map((tenant) => tenant.id));
  return tenants.flatMap((tenant, i) => (known.has(tenant) ? [] : [{ path: `${path}.${i}`, message: `Unknown tenant ${tenant}` }]));
}
