import type { StaffIdentity, StaffRole, StaffSession, StaffTokenKind } from '@vuln-report/contract';
import type { AccountsStore, PasswordHasher, StaffRecord } from '../core/accounts.ts';
import { credentialFor } from '../core/admin.ts';
import { randomId } from '../core/ids.ts';
import { sha256Hex } from '../core/sha256.ts';

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

const principal = (member: StaffRecord, kind: StaffTokenKind, expiresAt?: string): StaffPrincipal => ({
  name: member.name,
  ...(member.email ? { email: member.email } : {}),
  roles: member.roles,
  kind,
  channel: kind,
  ...(expiresAt ? { expiresAt } : {}),
});

/**
 * Staff tokens and console sessions over an accounts store: a token is looked up by its
 * SHA-256, so the store never holds one; a session is a `web` credential made by signing
 * in with a password checked by `passwords`. Sessions last {@link SESSION_HOURS} of `nowMs`.
 */
export function createStaffAccounts(accounts: AccountsStore, passwords: PasswordHasher, nowMs: () => number) {
  return {
    /** The staff member behind `token`: a live `api` token or session of a member not disabled. */
    async resolve(token: string): Promise<StaffPrincipal | undefined> {
      const found = await accounts.credential(sha256Hex(token));
      if (!found) return undefined;
      const { credential, member } = found;
      if (member.disabled || credential.revokedAt) return undefined;
      if (credential.expiresAt && Date.parse(credential.expiresAt) <= nowMs()) {
        await accounts.removeCredential(credential.hash);
        return undefined;
      }
      return principal(member, credential.kind, credential.expiresAt);
    },
    /** A new web session for the member with this email and password; `undefined` for either wrong. */
    async signIn(email: string, password: string): Promise<{ session: StaffSession; staff: StaffPrincipal } | undefined> {
      const member = await accounts.memberByEmail(email);
      if (!member?.passwordHash || member.disabled) {
        // Hashed all the same, so an unknown email takes as long to refuse as a wrong password.
        await passwords.hash(password);
        return undefined;
      }
      if (!(await passwords.verify(password, member.passwordHash))) return undefined;
      const token = randomId('sess', 32);
      const expiresAt = new Date(nowMs() + SESSION_HOURS * 3_600_000).toISOString();
      const session = credentialFor(token, { id: randomId('ses', 12), memberId: member.id, kind: 'web', createdAt: new Date(nowMs()).toISOString(), expiresAt });
      // Kept only if the password checked is still the member's: an admin's new password ends every session, this one too.
      if (!(await accounts.addSession(session, member.passwordHash))) return undefined;
      return { session: { token, expiresAt }, staff: principal(member, 'web', expiresAt) };
    },
    /** Ends the session of `token`; false when there was none. */
    signOut: (token: string): Promise<boolean> => accounts.removeCredential(sha256Hex(token)),
    /** What `GET /v1/staff/sessions/current` answers for a principal. */
    identity(staff: StaffPrincipal): StaffIdentity {
      return { name: staff.name, ...(staff.email ? { email: staff.email } : {}), roles: [...staff.roles], kind: staff.kind, ...(staff.expiresAt ? { expiresAt: staff.expiresAt } : {}) };
    },
  };
}

/** The accounts made by {@link createStaffAccounts}. */
export type StaffAccounts = ReturnType<typeof createStaffAccounts>;
