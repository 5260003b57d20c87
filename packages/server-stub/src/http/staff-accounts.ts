import type { StaffIdentity, StaffRole, StaffSession, StaffTokenKind } from '@vuln-report/contract';
import { randomId, sameSecret } from '../core/ids.ts';
import { sha256Hex } from '../core/sha256.ts';
import type { Seed } from '../seed.ts';

/** How long a console session lasts. */
export const SESSION_HOURS = 8;

/** A staff member behind a token: who, with which roles, and through which kind of token. */
export interface StaffPrincipal {
  name: string;
  email?: string | undefined;
  roles: readonly StaffRole[];
  /** The token's kind, which is the activity log's channel. */
  kind: StaffTokenKind;
  /** The activity log's channel: the token's kind, never what a request says. */
  channel: StaffTokenKind;
  /** When a web session ends. */
  expiresAt?: string;
}

/**
 * The seed's staff and the console's sessions: `api` tokens as the seed lists them, and
 * `web` sessions made by signing in, kept in memory (by their hash) until they expire or
 * end. The stub's accounts are test credentials; the production server keeps its own.
 */
export function createStaffAccounts(seed: Seed, nowMs: () => number) {
  const sessions = new Map<string, { member: Seed['staff'][number]; expiresAt: number }>();
  const principal = (member: Seed['staff'][number], kind: StaffTokenKind, expiresAt?: number): StaffPrincipal => ({
    name: member.name,
    ...(member.email ? { email: member.email } : {}),
    roles: member.roles,
    kind,
    channel: kind,
    ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}),
  });
  return {
    /** The staff member behind `token`, if it is a seed's `api` token or a live session. */
    resolve(token: string): StaffPrincipal | undefined {
      const session = sessions.get(sha256Hex(token));
      if (session) {
        if (session.expiresAt > nowMs()) return principal(session.member, 'web', session.expiresAt);
        sessions.delete(sha256Hex(token));
        return undefined;
      }
      const member = seed.staff.find((candidate) => candidate.tokens?.some((known) => sameSecret(known, token)));
      return member ? principal(member, 'api') : undefined;
    },
    /** A new web session for the member with this email and password; `undefined` for either wrong. */
    signIn(email: string, password: string): StaffSession | undefined {
      const member = seed.staff.find((candidate) => candidate.email?.toLowerCase() === email.toLowerCase());
      // Compared even when no member has the email, so the answer takes as long either way.
      const matches = sameSecret(sha256Hex(member?.password ?? ''), sha256Hex(password)) && member?.password !== undefined;
      if (!member || !matches) return undefined;
      const token = randomId('sess', 32);
      const expiresAt = nowMs() + SESSION_HOURS * 3_600_000;
      sessions.set(sha256Hex(token), { member, expiresAt });
      return { token, expiresAt: new Date(expiresAt).toISOString() };
    },
    /** Ends the web session of `token`; false when it is not one. */
    signOut(token: string): boolean {
      return sessions.delete(sha256Hex(token));
    },
    /** What `GET /v1/staff/sessions/current` answers for a principal. */
    identity(staff: StaffPrincipal): StaffIdentity {
      return { name: staff.name, ...(staff.email ? { email: staff.email } : {}), roles: [...staff.roles], kind: staff.kind, ...(staff.expiresAt ? { expiresAt: staff.expiresAt } : {}) };
    },
    /** Ends every session (a reset). */
    reset: () => sessions.clear(),
  };
}

/** The accounts made by {@link createStaffAccounts}. */
export type StaffAccounts = ReturnType<typeof createStaffAccounts>;
