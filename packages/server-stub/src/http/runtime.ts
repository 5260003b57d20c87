import type { Mode } from '@vuln-report/contract';
import type { Links } from '../core/reports.ts';
import type { Customer, ReportHolder } from '../core/principals.ts';
import type { MovableClock } from '../core/clock.ts';
import type { Intake } from '../core/intake.ts';
import type { AccountsStore } from '../core/accounts.ts';
import type { Admin } from '../core/admin.ts';
import type { FaultConfig } from './controls-schemas.ts';
import type { ReportFeed } from './events.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { StaffAccounts, StaffPrincipal } from './staff-accounts.ts';

/** What each kind of credential in the route tables resolves to. */
export interface Credentials {
  none: undefined;
  'project-key': { tenant: string; projectKey: string; mode: Mode };
  customer: Customer;
  /** A report's submitter: the page's publishable key, or a signed-in customer. */
  'project-key|customer': { tenant: string; mode: Mode; from: { projectKey: string } | { customer: Customer } };
  'tracking-token': ReportHolder;
  'tracking-token|customer': ReportHolder;
  staff: StaffPrincipal;
  control: undefined;
}

/** What the handlers share: the domain, people and keys, the clock, and the stub's own switches. */
export interface Runtime {
  intake: Intake;
  /** Tenants and their keys, staff and their credentials. */
  accounts: AccountsStore;
  /** The admin routes' operations. */
  admin: Admin;
  /** Staff tokens and console sessions. */
  staff: StaffAccounts;
  clock: MovableClock;
  faults: FaultConfig;
  limiters: Partial<Record<'perKeyAndClient' | 'perClient' | 'staff' | 'staffFailures', RateLimiter>>;
  /** Origins allowed to call staff routes from a browser (the triage console). */
  staffOriginAllowed: (origin: string) => boolean;
  /** The bearer token of the test controls. */
  controlToken: string;
  /** The OpenAPI document, built once on first request. */
  openapi: () => unknown;
  /** Where the intake is, for the links it hands out. */
  links: (request: Request) => Links;
  /** Called when the clock was moved through the controls; the answer waits for it (persistence). */
  clockMoved: (advanceSeconds: number) => void | Promise<void>;
  /** Changes to reports, for their event streams: told once each change is durable. */
  feed: ReportFeed;
  /** How often an event stream pings (default 15 s). */
  pingIntervalMs?: number;
}

/** The header the standalone server sets to the client's address (overwriting what a client sent). */
export const CLIENT_HEADER = 'x-vuln-report-client';
