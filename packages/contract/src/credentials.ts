import * as z from 'zod/mini';
import { Timestamp } from './primitives.ts';
import { Email } from './strings.ts';
import { PageQuery } from './query.ts';
import { Mode, ReportState } from './enums.ts';

/** Which records a list shows: `live` (the default), `test`, or `all`. */
export const ModeFilter = z.enum(['live', 'test', 'all']);
/** @see ModeFilter */
export type ModeFilter = z.infer<typeof ModeFilter>;

/** The mode a key or token is in, from its prefix (`pk_test_…`, `sk_live_…`). */
export function modeOfKey(key: string): Mode {
  return /^[ps]k_test_/.test(key) ? 'test' : 'live';
}

/** A secret key: `sk_test_…` or `sk_live_…`. It never leaves the host's backend. */
export const SecretKey = z.string().check(z.regex(/^sk_(test|live)_[A-Za-z0-9_]{1,128}$/, 'Must be a secret key: sk_test_ or sk_live_ followed by letters, digits and _'));

/**
 * A staff member's role (v2). `triager` works reports; `responder` data loss and
 * incidents; `legal` evidence requests; `admin` tenants, keys and staff. Every role reads
 * the SLA view, the outbox and the activity log.
 */
export const StaffRole = z.enum(['triager', 'responder', 'legal', 'admin']);
/** @see StaffRole */
export type StaffRole = z.infer<typeof StaffRole>;

/** How a staff token was made (v2): `api` for scripts, `web` for a signed-in session. The activity log's channel is this. */
export const StaffTokenKind = z.enum(['api', 'web']);
/** @see StaffTokenKind */
export type StaffTokenKind = z.infer<typeof StaffTokenKind>;

/** The body of `POST /v1/staff/sessions`: a staff member signs in. */
export const StaffSignIn = z.strictObject({
  email: Email,
  password: z.string().check(z.minLength(1), z.maxLength(1024)),
});
/** @see StaffSignIn */
export type StaffSignIn = z.infer<typeof StaffSignIn>;

/** A new web session: its bearer token and when it ends. */
export const StaffSession = z.object({ token: z.string(), expiresAt: Timestamp });
/** @see StaffSession */
export type StaffSession = z.infer<typeof StaffSession>;

/** `GET /v1/staff/sessions/current`: who the token belongs to, and what it may do. */
export const StaffIdentity = z.object({
  name: z.string(),
  email: z.optional(z.string()),
  roles: z.array(StaffRole),
  kind: StaffTokenKind,
  /** When a web session ends. */
  expiresAt: z.optional(Timestamp),
});
/** @see StaffIdentity */
export type StaffIdentity = z.infer<typeof StaffIdentity>;

/** The `mode` member of a list's query: which records it shows, `live` when absent. */
export const modeQuery = { mode: z.optional(ModeFilter) };

/** Query of `GET /v1/reports` (customer token): the tenant's reports, newest first. */
export const CustomerReportQuery = z.extend(PageQuery, { state: z.optional(ReportState), ...modeQuery });
/** @see CustomerReportQuery */
export type CustomerReportQuery = z.infer<typeof CustomerReportQuery>;

/** Query of the other paginated lists that hold records of both modes. */
export const ModePageQuery = z.extend(PageQuery, modeQuery);
/** @see ModePageQuery */
export type ModePageQuery = z.infer<typeof ModePageQuery>;
