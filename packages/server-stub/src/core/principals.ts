import type { Mode } from '@vuln-report/contract';
import type { Actor } from './context.ts';

/** A signed-in user of a tenant (v2), from a verified customer token: what they may read is the tenant's, in the token's mode. */
export interface Customer {
  tenant: string;
  /** The host's id for the user. */
  sub: string;
  email: string;
  mode: Mode;
  /** When the token ends (seconds since the epoch, the intake's clock): a stream it opened ends then too. */
  expiresAt?: number;
}

/** Who holds a report from outside the vendor: its reporter (the tracking token), or a customer of its tenant. */
export type ReportHolder = { kind: 'tracking'; token: string } | { kind: 'customer'; customer: Customer };

/** Whether a customer may see a record of `tenant` in `mode`: their own tenant, in their token's mode. */
export const sees = (customer: Customer, tenant: string, mode: Mode) => customer.tenant === tenant && customer.mode === mode;

/** A signed-in customer in the activity log: their host's user id, through the support center. */
export const customerActor = (customer: Customer): Actor => ({ name: `customer:${customer.sub}`, channel: 'support-center' });

/**
 * A tenant as the activity log scopes it: a test-mode record's tenant is another name
 * than its live one, so a test token's log view and evidence hold test records only.
 */
export const inMode = (tenant: string, mode: Mode) => (mode === 'test' ? `${tenant}\ntest` : tenant);
